"""Dates as pages print them, for the metadata stage.

`find_date` reads the calendar date out of a line such as "June 15, 2021",
"Tue 15 Jun 2021 10:00 BST", "Published: 2021-06-15" or "11/12/2012 15:23 PST",
and rejects impossible ones (30 February, a year outside `EARLIEST_YEAR` to next
year). It parses with its own patterns rather than a fuzzy parser, so a number
in a sentence is never mistaken for a date and no time zone is ever looked up.
`is_dateline` tells whether a line is *only* a date (with the usual "Published",
weekday, time and zone around it), which is what a page's dateline looks like.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

EARLIEST_YEAR = 1990
#: Words a dateline may carry besides the date itself: "Published on", "Updated at", a weekday...
DATELINE_SPARE_WORDS = 3
#: ... and after it: a page header's "Wednesday, November 7 2012 BLOGS /Sport" is today's date, not the article's.
DATELINE_TRAILING_WORDS = 1

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_FORMS = (
    ("ymd", re.compile(rf"\b{_YEAR}[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)")),  # also 2021-06-15T10:00
    ("name", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("name", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("dmy_or_mdy", re.compile(rf"\b(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep){_YEAR}\b")),
)
_PREFIX = re.compile(
    r"\b(?:published|updated|posted|modified|last|date[ds]?|created|written|filed|first|on|at|in|"
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?)\b\.?",
    re.I,
)
_TIME = re.compile(
    r"\b[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|UTC[+-]?\d*|GMT[+-]?\d*)\)?)?|\b\d{1,2}\s*[ap]\.?m\.?",
    re.I,
)
#: Every date form holds a year, "19" or "20" and two digits: a line without one needs no other scan.
_YEAR_HINT = re.compile(r"(?:19|20)\d\d")
_WORD = re.compile(r"[^\W\d_]+")
_FIELD_SEPARATOR = re.compile(r"\s+[|•·]\s+|\s{3,}")
_PUBLISHED = re.compile(r"^\W*(?:published|posted|first published|date published|filed)\b", re.I)
_UPDATED = re.compile(r"\b(?:updated|modified|last)\b", re.I)


@dataclass(frozen=True)
class FoundDate:
    iso: str  # YYYY-MM-DD
    start: int
    end: int


def find_date(text: str, latest_year: int | None = None) -> FoundDate | None:
    """The first possible calendar date written in `text`, or None."""
    if not _YEAR_HINT.search(text):
        return None
    return _first_date(text, latest_year or year_limit())


def year_limit() -> int:
    """The latest year a date may have: next year (a page may be dated ahead of the curator's clock)."""
    return date.today().year + 1


def year_limit_for(text: str) -> int:
    """`year_limit()` when a date can be read in `text` or a part of it, else 0 (asking the clock costs
    more than the look for a year)."""
    return year_limit() if _YEAR_HINT.search(text) else 0


@lru_cache(maxsize=8192)  # the metadata stage asks about the same head lines many times
def _first_date(text: str, latest: int) -> FoundDate | None:
    found = []
    for form, pattern in _DATE_FORMS:
        for match in pattern.finditer(text):
            parsed = _to_date(form, match)
            if parsed and EARLIEST_YEAR <= parsed.year <= latest:
                found.append(FoundDate(parsed.isoformat(), match.start(), match.end()))
    return min(found, key=lambda f: f.start) if found else None


def _to_date(form: str, match: re.Match) -> date | None:
    year = int(match.group("year"))
    if form == "dmy_or_mdy":
        first, second = int(match.group("a")), int(match.group("b"))
        # Dots are European (day first); slashes follow the US order unless the first number cannot be a month.
        day_first = match.group("sep") == "." or first > 12
        day, month = (first, second) if day_first else (second, first)
    elif form == "ymd":
        month, day = int(match.group("month")), int(match.group("day"))
    else:
        month, day = _MONTHS[match.group("month").lower()[:3]], int(match.group("day"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dateline_part(text: str) -> str:
    """The part of `text` that is a dateline ("Published: May 5, 2012" of "Published: May 5, 2012 | Tags: ..."), or ''."""
    if not _YEAR_HINT.search(text):  # no part can hold a date
        return ""
    return _dateline_part(text, year_limit())


@lru_cache(maxsize=8192)  # the metadata stage asks about the same head lines many times
def _dateline_part(text: str, latest: int) -> str:
    for part in _FIELD_SEPARATOR.split(text):
        found = find_date(part, latest)
        if found is None:
            continue
        before, after = (_PREFIX.sub(" ", _TIME.sub(" ", side)) for side in (part[: found.start], part[found.end :]))
        if len(_WORD.findall(before)) <= DATELINE_SPARE_WORDS and len(_WORD.findall(after)) <= DATELINE_TRAILING_WORDS:
            return part
    return ""


def is_dateline(text: str) -> bool:
    """True when `text` is a date with at most a prefix, weekday, time and zone around it."""
    return bool(dateline_part(text))


def is_published(text: str) -> bool:
    """A line that says the date is the publication's: "Published ...", "Posted on ..."."""
    return bool(_PUBLISHED.match(text))


def is_update(text: str) -> bool:
    """An "Updated ..." line: a date a publisher wins over."""
    return bool(_UPDATED.search(text))
