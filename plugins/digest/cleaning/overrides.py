"""Curator overrides: a header at the top of a seed that wins over what the cleaner infers.

    Title: Geneva, seen from Moscow
    Date: 2021-06-16
    Authors: Jane Roe, John Doe
    Summit: geneva-2021
    Remove: Photo: Reuters
    Keep: line 42

The header is the first run of non-blank lines when every one of them is a
`Key: value` line with a key below; it ends at the first blank line. Field keys
replace the inferred metadata. `Keep:` and `Remove:` name one block, by its line
number (`line 42`) or by the start of its text, and force it into the article
or out of it. The header's lines are blanked, not cut, so every other line keeps
its number in the seed, in `invoke inspect` and in the report. `Summit:` names
the event the article belongs to, for corpus linking (`CleanedDoc.summit`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .model import Block, CleanedDoc, Label

#: Header key (lower case) -> CleanedDoc field it sets.
FIELDS = {
    "title": "title",
    "subtitle": "subtitle",
    "authors": "authors",
    "author": "authors",
    "date": "date",
    "summit": "summit",
    "outlet": "outlet",
    "publisher": "original_publisher",
    "original-url": "original_url",
    "agency": "agency",
}
#: Header key (lower case) -> the label a named block is forced to, and the reason the report gives.
DECISIONS = {
    "keep": (Label.BODY, "kept by the curator"),
    "remove": (Label.BOILERPLATE, "removed by the curator"),
}
_KEY_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z-]*)\s*:\s*(?P<value>.*?)\s*$")
_LINE_NUMBER = re.compile(r"^line\s+(?P<number>\d+)$", re.I)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME_SEPARATORS = re.compile(r"\s*(?:;|,|\band\b|&)\s*")
_SPACES = re.compile(r"\s+")


@dataclass
class Header:
    fields: dict[str, str] = field(default_factory=dict)  # CleanedDoc field -> curator's value
    decisions: list[tuple[str, str]] = field(default_factory=list)  # (key, block reference)
    first_line: int = 0  # 1-based; 0 when the seed has no header
    last_line: int = 0


def split_header(text: str) -> tuple[Header, str]:
    """The curator header, and the text with the header's lines blanked."""
    lines = text.split("\n")
    start = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    end = next((number for number in range(start, len(lines)) if not lines[number].strip()), len(lines))
    matches = [_KEY_LINE.match(line) for line in lines[start:end]]
    known = FIELDS.keys() | DECISIONS.keys()
    if not matches or not all(match and match["key"].lower() in known for match in matches):
        return Header(), text
    header = Header(first_line=start + 1, last_line=end)
    for match in matches:
        key, value = match["key"].lower(), match["value"]
        if key in DECISIONS:
            header.decisions.append((key, value))
        elif value:
            header.fields[FIELDS[key]] = value
    return header, "\n".join(lines[:start] + [""] * (end - start) + lines[end:])


def apply_decisions(blocks: list[Block], header: Header, doc: CleanedDoc) -> None:
    """Force the blocks the curator named into the article or out of it."""
    for key, reference in header.decisions:
        label, reason = DECISIONS[key]
        block = find_block(blocks, reference)
        if block is None:
            doc.warnings.append(f"{key.title()}: {reference!r} names no block of the seed")
        else:
            block.mark(label, reason)
            doc.overridden.append(key)


def find_block(blocks: list[Block], reference: str) -> Block | None:
    """The block holding line N (`line N`), else the first whose text starts with `reference`."""
    if number := _LINE_NUMBER.match(reference.strip()):
        line = int(number["number"])
        return next((b for b in blocks if b.first_line <= line <= b.last_line), None)
    prefix = _fold(reference)
    if not prefix:
        return None
    return next((block for block in blocks
                 if _fold(block.text).startswith(prefix) or _fold(block.raw).startswith(prefix)), None)


def apply_fields(doc: CleanedDoc, header: Header) -> None:
    """Replace inferred metadata with the curator's; a value that cannot be right is a warning."""
    for name, value in header.fields.items():
        if name == "date":
            value = valid_date(value)
            if value is None:
                doc.warnings.append(f"Date: {header.fields['date']!r} is not a date (YYYY-MM-DD); ignored")
                continue
        elif name == "original_url" and not re.match(r"^https?://\S+$", value, re.I):
            doc.warnings.append(f"Original-URL: {value!r} is not an http(s) address; ignored")
            continue
        elif name == "authors":
            value = [author for author in _NAME_SEPARATORS.split(value) if author]
        setattr(doc, name, value)
        doc.overridden.append(name)


def valid_date(value: str) -> str | None:
    """`value` when it is a real calendar date written YYYY-MM-DD, else None."""
    if not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()
