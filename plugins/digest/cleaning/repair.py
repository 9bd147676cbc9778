"""Stage 7, repair: mend the article text the page layout broke.

Pages break paragraphs in the middle of a sentence (an ad or an image was
there, or a copy-paste lost a line). Such a paragraph ends without closing
punctuation and the next one carries the sentence on: it starts in lower case
("The confrontation" / "between them..."), or the first one stops on a function
word or a comma ("...but he must know that" / "President Biden and..."). They
are joined again. Headings are never joined, nor are headline-like lines in
title case, runs of short lines (list items rather than a broken sentence), or
a paragraph ending in a colon, which introduces what follows.
"""
from __future__ import annotations

import re

from .model import Paragraph

#: A broken paragraph is a piece of prose: shorter ones are list items, labels or names.
SPLIT_MIN_WORDS = 6
#: The continuation must be prose too, or end its sentence.
CONTINUATION_MIN_WORDS = 3
#: Words a sentence cannot stop on (articles, prepositions, conjunctions, auxiliaries): after one
#: of them the sentence goes on even into a capitalised word ("must know that" / "President Biden").
OPEN_WORDS = frozenset("""
    a an the of to in on at by for with from into onto upon about as and or but nor that which who whose
    whom than if because while although though since until unless whether when where is are was were be
    been being has have had do does did will would shall should can could may might must not very its
    their our your his her my this these those such
""".split())
#: A line with this share of capitalised words is a headline or a name, not a broken sentence.
TITLE_CASE_SHARE = 0.7

# Ends on a word, a comma, a dash or an opening quote: the sentence goes on.
# A quote mark opens a quotation only after a word, not after the end of a sentence (`. "`).
_OPENING_QUOTE = r"(?<![.!?…”’\"'])(?<![.!?…”’\"']\s)[“‘]|(?<![.!?…])\s[\"']"
_ENDS_OPEN = re.compile(rf"(?:[^\W\d_]|\d|[,–—(-]|{_OPENING_QUOTE})$")
# ... and these endings carry it on even into a capitalised word; a bare hyphen only splits a word.
_ENDS_MID_CLAUSE = re.compile(rf"(?:[,–—(]|\s-|{_OPENING_QUOTE})$")
# A line that ends on a year is a dateline or a caption, whatever follows it.
_ENDS_YEAR = re.compile(r"\b(?:19|20)\d\d$")
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_STARTS_LIST_ITEM = re.compile(r"^\s*(?:[-*•·–]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
#: The longest match of `_ENDS_OPEN`, `_ENDS_MID_CLAUSE` and `_ENDS_YEAR` (a year).
ENDING_CHARS = 4
_STARTS_CONTINUATION = re.compile(r"^[\"“‘'(]?[^\W\d_]")  # a letter: a number opens a list row as often


def join_split_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        if previous is not None and is_split(previous, paragraph):
            previous.text = f"{previous.text} {paragraph.text}"
        else:
            joined.append(Paragraph(paragraph.type, paragraph.text))
    return joined


def is_split(previous: Paragraph, following: Paragraph) -> bool:
    """True when `following` carries on the sentence that `previous` left open."""
    if previous.type != "paragraph" or following.type != "paragraph":
        return False
    before, after = previous.text.rstrip(), following.text.lstrip()
    if not _ends_with(_ENDS_OPEN, before) or _ends_with(_ENDS_YEAR, before) or len(before.split()) < SPLIT_MIN_WORDS:
        return False
    if _STARTS_LIST_ITEM.match(after) or not _STARTS_CONTINUATION.match(after) or _title_case(before):
        return False
    if not (len(after.split()) >= CONTINUATION_MIN_WORDS or _ENDS_SENTENCE.search(after)):
        return False
    first_letter = next((ch for ch in after if ch.isalpha()), "")
    return first_letter.islower() or _ends_mid_clause(before)


def _ends_mid_clause(text: str) -> bool:
    """Ends on a comma, a dash, an opening quote or a word a sentence cannot stop on (`OPEN_WORDS`)."""
    if _ends_with(_ENDS_MID_CLAUSE, text):
        return True
    last = _LAST_WORD.search(text)
    return bool(last) and last.group(1).lower() in OPEN_WORDS


def _ends_with(pattern: re.Pattern, text: str) -> re.Match | None:
    """Search an end-anchored pattern whose matches are at most `ENDING_CHARS` long in the tail only.

    Python tries a `...$` pattern at every position of the paragraph; lookbehinds still see before the tail.
    """
    return pattern.search(text, max(0, len(text) - ENDING_CHARS))


def _title_case(text: str) -> bool:
    tokens = [t for t in text.split() if t[:1].isalpha()]
    capitalised = sum(t[:1].isupper() for t in tokens)
    return bool(tokens) and capitalised >= TITLE_CASE_SHARE * len(tokens)
