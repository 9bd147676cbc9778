"""Stage 6, metadata: find title, dek, byline, date and provenance among the blocks.

Metadata lives near the top of a page (title, dek, byline, date) or near the
end (original URL, "Source: ...", "first published by ..."). Blocks used here
are labelled so they leave the body but stay visible in the article header.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from dateutil import parser as dateparser

from .classify import words
from .model import Block, CleanedDoc, Label

_URL = re.compile(r"https?://[^\s<>()\"']+")
_ORIGINAL_URL = re.compile(r"^\W*original\s+url\b", re.I)
_BYLINE = re.compile(r"^\W*by\s+(?P<names>[^\n]{2,120})$", re.I)
_SOURCE = re.compile(r"^\W*source\s*:\s*(?P<name>[^\n]{2,80}?)\W*$", re.I)
_FIRST_PUBLISHED = re.compile(
    r"\b(?:first|originally)\s+(?:published|appeared)\s+(?:\w+\s+){0,3}(?:by|in|on|at)\s+(?:the\s+)?(?P<name>[A-Z][^.\n]{1,80}?)\s*[.*]*$"
)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"^\W*(?:\w+day,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b.{{0,30}}$",
    re.I,
)
HEAD_WINDOW = 12  # blocks at the top of a page where title, dek, byline and date live


def parse_date(text: str) -> str | None:
    """A `YYYY-MM-DD` for a short date line, or None (also for impossible dates)."""
    if not _DATE_LINE.match(text):
        return None
    try:
        parsed = dateparser.parse(text, fuzzy=True, default=None)
    except (ValueError, OverflowError):
        return None
    if parsed is None or not (1990 <= parsed.year <= date.today().year + 1):
        return None
    return parsed.date().isoformat()


def split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def extract(blocks: list[Block], doc: CleanedDoc) -> None:
    """Fill `doc`'s metadata fields and label the blocks they came from."""
    _provenance(blocks, doc)
    _head(blocks, doc)


def _provenance(blocks: list[Block], doc: CleanedDoc) -> None:
    for position, block in enumerate(blocks):
        if block.label in (Label.COMMENT_HEADER, Label.COMMENT_TEXT):
            continue
        text = block.text
        if _ORIGINAL_URL.match(text):
            url = _URL.search(text)
            following = blocks[position + 1] if position + 1 < len(blocks) else None
            if not url and following is not None:
                url = _URL.search(following.text)
                if url:
                    following.mark(Label.METADATA, "original URL")
            if url:
                doc.original_url = doc.original_url or url.group().rstrip(">.")
            block.mark(Label.METADATA, "original URL")
        elif match := _SOURCE.match(text):
            doc.original_publisher = doc.original_publisher or match.group("name")
            block.mark(Label.METADATA, "original publisher")
        elif words(text) < 30 and (match := _FIRST_PUBLISHED.search(text)):
            doc.original_publisher = doc.original_publisher or match.group("name").strip()
            block.mark(Label.METADATA, "original publisher")
    if doc.original_url and not doc.outlet:
        doc.outlet = outlet_from_url(doc.original_url)


def outlet_from_url(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return re.sub(r"^(www\d?|m|amp)\.", "", host)


def _head(blocks: list[Block], doc: CleanedDoc) -> None:
    head = [b for b in blocks[:HEAD_WINDOW] if b.label not in (Label.COMMENT_HEADER, Label.COMMENT_TEXT)]
    title_block = next((b for b in head if b.heading_level == 1), None)
    if title_block is None:
        title_block = next((b for b in head if b.label in (Label.HEADING, Label.BODY) and words(b.text) <= 30), None)
    if title_block is not None:
        doc.title = title_block.text
        title_block.mark(Label.TITLE, "title")
        after = blocks[title_block.index + 1 :][:HEAD_WINDOW]
        dek = next((b for b in after[:2] if b.emphasis == "bold" and words(b.text) >= 5), None)
        if dek is not None:
            doc.subtitle = dek.text
            dek.mark(Label.DEK, "dek")
    for block in head:
        if block.label in (Label.TITLE, Label.DEK):
            continue
        if not doc.authors and (match := _BYLINE.match(block.text)) and words(block.text) <= 15:
            doc.authors = split_names(match.group("names"))
            block.mark(Label.BYLINE, "byline")
        elif doc.date is None and (parsed := parse_date(block.text)):
            doc.date = parsed
            block.mark(Label.DATE, "date")
