"""Read every line of the page as a comment system would print it.

A comment header is recognised on one line: a name with a verb ("NAME says:",
"NAME said...", "On DATE, NAME wrote:"), or a short line holding a date with a
name beside it ("NAME on June 3, 2012 at 10:00 pm", "NAME | June 3, 2012",
"posted on DATE by NAME", "[NAME](#) [DATE](#) text..."). A date line with no
name ("3 hours ago") takes the name from the line just before or after it when
that line stands alone. Other lines are section headings, closers (the reply
form), per-comment furniture, or text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from ...data.patterns import has_any
from ..model import Block
from ..segment import strip_markup
from . import vocabulary

#: Lines longer than this are never a heading, closer or furniture.
SHORT_LINE_CHARS = 250
#: A header's date must start within this many characters of the line.
HEADER_DATE_REACH = 150
#: A name has at most this many words and characters.
NAME_MAX_WORDS = 6
NAME_MAX_CHARS = 60
#: Words beside a date that still make a header line rather than a sentence.
HEADER_RESIDUE_WORDS = 5

#: A name printed before a date and the comment text on the same line is this short.
INLINE_NAME_MAX_WORDS = 4

#: A number this long beside a name is a user or comment id, not part of the name.
ID_MIN_DIGITS = 5

#: Lines read earlier in this process: menus, footers and form lines repeat from page to page.
READ_CACHE_SIZE = 8192

_CALENDAR_HINT = re.compile(r"\d{4}|\d[-/.]\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_IMAGE = re.compile(r"!\[(?:[^\]\\\n]|\\.)*\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_HASHES = re.compile(r"^\s*#{1,6}\s*|\s+#+\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_MARKER = re.compile(r"^(?:>\s*)*(?:(?:[*+\-•]|\d{1,3}[.)]?|\(\d{1,3}\))(?:\s+|$))+")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\s|,·•()\[\]#@–—/]+")
_DASHES = re.compile(r"^[\s\-–—|:,·•#@]+|[\s\-–—|:,·•#@]+$")
_CONNECTORS = frozenset(
    "posted written submitted commented comment by on at in said says wrote reply permalink link "
    "delete edit report profile utc gmt est edt pst pdt cst cdt bst cet am pm".split()
)
_SENTENCE_END = re.compile(r"[.!?;]['\"”’)]*$")
_FURNITURE_EDGES = "[]() "  # "[Reply]", "[[Reply](#)]"; items may be joined by "|"
_INITIAL = re.compile(r"\b[A-Z][a-z]?\.$")  # "Mita B.", "Wm."
_PERMALINK_NUMBER = re.compile(r"^\d{1,3}\s+(?=\D)")  # "on DATE 6 NAME": the comment's number, a link
_SHAPE_DIGITS = re.compile(r"\d+")
_SHAPE_LETTERS = re.compile(r"[^\W\d_]+")


class Kind(Enum):
    TEXT = "text"
    HEADING = "heading"  # opens the comment list
    HEADER = "header"  # names a comment's author
    DATE = "date"  # a date or time alone
    NAME = "name"  # an author's name on its own line, next to a date line
    FURNITURE = "furniture"
    CLOSER = "closer"  # the reply form or the blog footer
    END = "end"  # a page section after the comments ("Related posts")


@dataclass
class Line:
    block: int  # position of the block in the page
    first: bool  # first line of its block
    last: bool  # last line of its block
    raw: str
    text: str  # visible text, markup stripped, list marker kept
    indent: int
    kind: Kind = Kind.TEXT
    author: str = ""
    date: str = ""
    rest: str = ""  # comment text printed on the header line itself
    verb: bool = False  # a "says"/"wrote" header
    layout: str = ""  # where the name sits: "verb", "before", "after", "line", "text"

    @property
    def signature(self) -> tuple[str, str]:
        """How the header is printed; one comment system prints all its headers alike."""
        return self.layout, _SHAPE_LETTERS.sub("a", _SHAPE_DIGITS.sub("9", self.date))


def read_lines(blocks: list[Block]) -> list[Line]:
    """Every non-blank line of the page with its kind."""
    lines = []
    for position, block in enumerate(blocks):
        count = len(block.lines)
        for offset, raw in enumerate(block.lines):
            text, *fields = reading(raw)
            lines.append(Line(position, offset == 0, offset == count - 1, raw, text, len(raw) - len(raw.lstrip()), *fields))
    attach_names(lines)
    return lines


@lru_cache(maxsize=READ_CACHE_SIZE)
def reading(raw: str) -> tuple:
    """What a line says wherever it stands: its visible text, then its kind and header fields."""
    line = Line(0, True, True, raw, visible(raw), 0)
    classify(line)
    return line.text, line.kind, line.author, line.date, line.rest, line.verb, line.layout


def visible(raw: str) -> str:
    text = raw[:2000]
    if "#" in text:
        text = _HASHES.sub("", text)
    if "![" in text:
        text = _IMAGE.sub(" ", text)
    text, _ = strip_markup(text)
    return (_ESCAPE.sub(r"\1", text) if "\\" in text else text).strip()


def classify(line: Line) -> None:
    text = line.text
    if not _WORD.search(text):
        line.kind = Kind.FURNITURE
        return
    short = len(text) <= SHORT_LINE_CHARS
    edged = inner(text) if short else ""
    if short and vocabulary.headings().fullmatch(edged):
        line.kind = Kind.HEADING
    elif short and vocabulary.closers().match(text):
        line.kind = Kind.CLOSER
    elif short and vocabulary.section_ends().fullmatch(edged):
        line.kind = Kind.END
    elif short and all(vocabulary.furniture().fullmatch(part.strip(_FURNITURE_EDGES)) for part in text.split("|")):
        line.kind = Kind.FURNITURE
    else:
        read_header(line, text)


def inner(text: str) -> str:
    """The text without the non-word characters at its ends, but an opening "(" at the start and a
    closing ")" at the end. A word character is what `\\w` matches: alphanumeric or "_"."""
    start, end = 0, len(text)
    while start < end and not (text[start].isalnum() or text[start] in "_("):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "_)"):
        end -= 1
    return text[start:end]


def read_header(line: Line, text: str) -> None:
    """Mark the line as a header or a date line when it is one."""
    core = _MARKER.sub("", text)
    if read_says(line, core.strip()):
        return
    match = longest_date(text, core)
    if not match or match.start() > HEADER_DATE_REACH:
        return
    before, after = residue(_MARKER.sub("", text[: match.start()])), text[match.end() :]
    tail = _PERMALINK_NUMBER.sub("", residue(after))
    if (before and not is_name(before)) or vocabulary.has_verb(text[: match.start()]):
        return
    if len(tail.split()) <= HEADER_RESIDUE_WORDS and (not tail or is_name(tail)):
        author = " ".join(part for part in (before, tail) if part)
        line.kind = Kind.HEADER if author else Kind.DATE
        line.author, line.date, line.layout = author, match.group().strip(), "line"
    elif before and len(before.split()) <= INLINE_NAME_MAX_WORDS and _CALENDAR_HINT.search(match.group()):
        line.kind, line.layout = Kind.HEADER, "text"
        line.author, line.date, line.rest = before, match.group().strip(), _DASHES.sub("", after).strip()


def longest_date(text: str, core: str) -> re.Match | None:
    """The date on the line, read with its list marker ("3 hours ago") or without it ("1. November 5, 2012")."""
    whole = vocabulary.find_date(text[: HEADER_DATE_REACH + 40])
    if core == text or not whole:
        return whole
    offset = len(text) - len(core)
    bare = vocabulary.find_date(core[: HEADER_DATE_REACH + 40])
    if bare and len(bare.group()) > len(whole.group()):
        return vocabulary.DATE.search(text, offset + bare.start())
    return whole


def read_says(line: Line, core: str) -> bool:
    """ "NAME says:" with a date around it; the comment text may follow the date on the same line."""
    window = core[:SHORT_LINE_CHARS]
    match = vocabulary.says().match(window) if has_any(window, vocabulary.verb_words()) else None
    if not match:
        return False
    author = match.group("author")
    after = core[match.start("after") :]
    date, rest = match.group("before") or "", ""
    inside = vocabulary.find_date(author)
    if inside and not date:
        date, author = inside.group(), author[: inside.start()] + " " + author[inside.end() :]
    author = residue(author)
    if after:
        found = vocabulary.find_date(after[: HEADER_DATE_REACH + 40])
        if not found or residue(after[: found.start()]):
            return False
        following = after[found.end() :]
        if residue(following):
            if len(following.split()) <= HEADER_RESIDUE_WORDS:
                return False
            rest = _DASHES.sub("", following).strip()  # "NAME says: DATE The comment text..."
        date = found.group()
    if not is_name(author):
        return False
    line.kind, line.author, line.date, line.verb, line.layout = Kind.HEADER, author, date.strip(), True, "verb"
    line.rest = rest
    return True


def unmarked(text: str) -> str:
    """The line without its list marker ("1. ", "* "): html2text prints it, a browser shows a number or a dot."""
    return _MARKER.sub("", text)


def residue(text: str) -> str:
    """What is left of a header once connectors ("posted", "by", "at", "|") are removed."""
    tokens = [
        token
        for token in _TOKEN.findall(text)
        if token.lower().strip(".:,") not in _CONNECTORS and not (token.isdigit() and len(token) >= ID_MIN_DIGITS)
    ]
    return _DASHES.sub("", " ".join(tokens)).strip()


def is_name(text: str) -> bool:
    """Short enough and shaped like a name or nickname, not like a sentence."""
    words = text.split()
    return (
        0 < len(words) <= NAME_MAX_WORDS
        and len(text) <= NAME_MAX_CHARS
        and bool(_WORD.search(text))
        and not any(word.isdigit() for word in words)
        and not vocabulary.headings().fullmatch(text)
        and (not _SENTENCE_END.search(text) or bool(_INITIAL.search(text)))
    )


def attach_names(lines: list[Line]) -> None:
    """A date line takes its author from a lone name line next to it ("Kristina" / "June 3, 2012")."""
    for position, line in enumerate(lines):
        if line.kind is not Kind.DATE:
            continue
        before = lines[position - 1] if position else None
        after = lines[position + 1] if position + 1 < len(lines) else None
        if before and _lone_name(before, line, lines[position - 2] if position > 1 else None, before_date=True):
            name, line.layout = before, "before"
        elif after and _lone_name(after, line, None, before_date=False):
            name, line.layout = after, "after"
        else:
            continue
        line.kind, line.author = Kind.HEADER, residue(_MARKER.sub("", name.text))
        name.kind = Kind.NAME


def lone_name(line: Line) -> str:
    """The name on a line that stands alone as a block and reads as a name, else ''."""
    if line.kind is not Kind.TEXT or not (line.first and line.last):
        return ""
    name = residue(_MARKER.sub("", line.text))
    return name if is_name(name) else ""


def _lone_name(name: Line, date: Line, previous: Line | None, before_date: bool) -> bool:
    """The name line stands alone: its own block, or the edge of the date's block.

    Before a date it may also follow furniture in its block ("Reply" then the next name).
    """
    if name.kind is not Kind.TEXT or not is_name(residue(_MARKER.sub("", name.text))):
        return False
    if name.block == date.block:
        return name.first if before_date else name.last
    if before_date and not name.first:
        return previous is not None and previous.block == name.block and previous.kind is Kind.FURNITURE
    return name.first and name.last
