"""The words comment systems print, loaded once from `data/comments/*.txt`.

Each file is one concept (section headings, closers, per-comment furniture,
header verbs); one regular expression or word per line, `#` starts a comment.
The date grammar lives here because it is a small grammar, not a word list.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ...data.patterns import has_any

_DIR = Path(__file__).resolve().parents[2] / "data" / "comments"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
# A name glued to the date ("Kiss and Make-upOctober 22", "A Thrifty Mrs26 October") is common in
# Blogger pages, so a date may also start right after a lower-case letter.
_EDGE = r"(?:\b|(?<=[a-z)]))"
# A month name may also follow a user name's digits ("fieryredhead686October 22, 2012").
_MONTH_EDGE = r"(?:\b|(?<=[a-z0-9)]))"
_CALENDAR = (
    rf"(?:{_MONTH_EDGE}{_MONTH}\s+{_ORDINAL}(?:,?\s+\d{{4}})?|{_EDGE}{_ORDINAL}\.?\s+(?:of\s+)?{_MONTH},?(?:\s+\d{{4}})?"
    rf"|{_EDGE}\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|{_EDGE}\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}})\b"
)
_CLOCK = r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?\s?m\b\.?)?"
# Alone, a clock needs "am"/"pm": "27:58" in a race report or "3:10" in a score is no comment time.
_CLOCK_12 = r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\s*[ap]\.?\s?m\b\.?"
_RELATIVE = (
    r"\b(?:(?:\d+|an?|one|two|few)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"(?:,?\s+\d+\s+\w+)?\s+ago|yesterday|just now)\b"
)
#: One date expression as printed next to a comment: weekday, date, "at" time, or "3 hours ago".
DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:{_CALENDAR}(?:,?\s*(?:at|@|-|–|\|)?\s*{_CLOCK})?"
    rf"|{_CLOCK}(?:,?\s*(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_CALENDAR})|{_CLOCK_12}|{_RELATIVE})",
    re.I,
)


#: Every date expression holds a digit or one of these words.
_DIGIT = re.compile(r"\d")
HINT_WORDS = ("ago", "yesterday", "just now")
#: ... and one with a digit holds a digit, "-", "/", "." or ":" and a digit (numeric dates, clocks) or a
#: number beside a month name: searching for these costs a fifth of a `DATE` search, and half the lines
#: with a digit (sums, scores, years alone) hold none of them.
_DATE_HINT = re.compile(rf"\d[-/.:]\d|{_MONTH}\s+\d|\d(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH}", re.I)


def find_date(text: str) -> re.Match | None:
    """The first date expression in the text; a cheap look for a digit or a hint word first keeps long pages fast."""
    return DATE.search(text) if may_hold_date(text) else None


def may_hold_date(text: str) -> bool:
    """False when `DATE` cannot match anywhere in the text: no hint word, and no digit in a date's shape."""
    return bool(_DIGIT.search(text) and _DATE_HINT.search(text)) or has_any(text, HINT_WORDS)


def _entries(name: str) -> list[str]:
    lines = (_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _alternation(name: str) -> str:
    return "|".join(f"(?:{entry})" for entry in _entries(name))


@lru_cache(maxsize=None)
def headings() -> re.Pattern:
    """A heading opening the comment list ("12 Comments", "Responses")."""
    return re.compile(rf"(?:{_alternation('headings.txt')})", re.I)


@lru_cache(maxsize=None)
def closers() -> re.Pattern:
    """The reply form or page footer that follows the comment list."""
    return re.compile(rf"(?:{_alternation('closers.txt')})", re.I)


@lru_cache(maxsize=None)
def section_ends() -> re.Pattern:
    """Page sections that follow the comment list ("Related posts", "Follow us")."""
    return re.compile(rf"(?:{_alternation('section_ends.txt')})", re.I)


@lru_cache(maxsize=None)
def furniture() -> re.Pattern:
    """Links and counters around each comment ("Reply", "Report", "+3")."""
    return re.compile(rf"(?:{_alternation('furniture.txt')})\W*", re.I)


@lru_cache(maxsize=None)
def says() -> re.Pattern:
    """ "NAME says:", "NAME said...", "On DATE, NAME wrote:" with an optional date after it."""
    verbs = "|".join(re.escape(word) for word in _entries("verbs.txt"))
    return re.compile(
        rf"(?:on\s+(?P<before>[^,]{{4,60}}),\s*)?(?P<author>[^\s].{{0,60}}?)\s*\b(?:{verbs})\b"
        rf"\s*[:.,…]*\s*(?:on\s+|at\s+)?(?P<after>.{{0,80}})",
        re.I,
    )


@lru_cache(maxsize=None)
def verb_words() -> tuple[str, ...]:
    """The header verbs, lower-case."""
    return tuple(word.lower() for word in _entries("verbs.txt"))


def has_verb(text: str) -> bool:
    """Whether a header verb ("says", "wrote") occurs in the text."""
    return bool(_verbs().search(text))


@lru_cache(maxsize=None)
def _verbs() -> re.Pattern:
    return re.compile(r"\b(?:%s)\b" % "|".join(re.escape(word) for word in _entries("verbs.txt")), re.I)
