"""Turn the lines of one comment section into comments and nest the replies.

Each header starts a comment (or, when the page prints headers after the text,
closes one). A date line after a "says" header is that comment's date. Replies
are nested by the indentation of their headers (list numbering in markdown,
indented blocks in plain text); when every header sits at the same depth the
list is flat.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from ..model import Comment
from .lines import Kind, Line, unmarked
from .section import Section


class Role(Enum):
    HEADING = "comment section heading"
    HEADER = "comment header"
    TEXT = "comment text"
    FURNITURE = "comment furniture"
    FORM = "comment form"


@dataclass
class Draft:
    author: str
    date: str
    indent: int
    lines: list[Line] = field(default_factory=list)
    rest: str = ""
    header: list[Line] = field(default_factory=list)  # header lines printed above the text
    footer: list[Line] = field(default_factory=list)  # header lines printed below it

    def comment(self) -> Comment:
        parts, block = [], None
        if self.rest:
            parts.append(self.rest)
        for line in self.lines:
            if parts and block is not None and line.block != block:
                parts.append("")
            parts.append(line.text)
            block = line.block
        return Comment(
            author=self.author,
            text="\n".join(parts).strip(),
            date=self.date,
            header="\n".join(printed(line) for line in self.header),
            footer="\n".join(printed(line) for line in self.footer),
        )


def printed(line: Line) -> str:
    """The header as shown, without the comment text that follows it on the same line.

    An indented list marker ("  1. ") is markdown's list numbering and is dropped; a number the
    page printed itself ("1\\. NAME", or unindented plain text) stays.
    """
    text = unmarked(line.text) if line.indent else line.text
    if line.rest and text.endswith(line.rest):
        return text[: -len(line.rest)].rstrip(" -–—|:,·•")
    return text


def drafts(lines: list[Line], section: Section, roles: dict[int, Role]) -> list[Draft]:
    """The section's comments in page order; records each line's role."""
    for index in range(section.start, section.first):
        if lines[index].kind is not Kind.TEXT:
            roles[index] = Role.HEADING if lines[index].kind is Kind.HEADING else Role.FURNITURE
    if section.footer_style:
        return _footer_style(lines, section, roles)
    return _header_style(lines, section, roles)


def _header_style(lines: list[Line], section: Section, roles: dict[int, Role]) -> list[Draft]:
    span = range(section.first, section.end)
    headers = [lines[i].verb for i in span if lines[i].kind is Kind.HEADER]
    verbs = 2 * sum(headers) >= len(headers) > 0  # "NAME says" headers, unless a stray "you say" is outnumbered
    result: list[Draft] = []
    current: Draft | None = None
    names: list[Line] = []  # name lines printed beside the next or the current header
    for index in span:
        line = lines[index]
        starts = line.kind is Kind.HEADER and line.verb == verbs
        if names and not starts and line.kind is not Kind.NAME and current is not None and not current.lines:
            current.header.extend(names)  # "DATE" / "NAME": the name follows its date
            names = []
        if starts:
            current = Draft(line.author, line.date, header_indent(lines, index), rest=line.rest)
            current.header = [*names, line]
            names = []
            result.append(current)
            roles[index] = Role.HEADER
        elif line.kind in (Kind.HEADER, Kind.DATE) and current and not current.date and not current.lines:
            current.date = line.date or line.text
            current.header.append(line)
            roles[index] = Role.HEADER
        elif line.kind is Kind.NAME and not verbs:
            names.append(line)
            roles[index] = Role.HEADER
        elif line.kind in (Kind.TEXT, Kind.NAME, Kind.HEADER, Kind.DATE):
            if current is not None:
                current.lines.append(line)
                roles[index] = Role.TEXT
        else:
            roles[index] = Role.HEADING if line.kind is Kind.HEADING else Role.FURNITURE
    _footer_dates(result)
    return result


def _footer_dates(result: list[Draft]) -> None:
    """A date printed under the text ("7:28 PM" after a "said..." comment) is the comment's date."""
    for draft in result:
        if not draft.date and draft.lines and draft.lines[-1].kind in (Kind.DATE, Kind.HEADER):
            line = draft.lines.pop()
            draft.date = line.date or line.text
            draft.footer.append(line)


def _footer_style(lines: list[Line], section: Section, roles: dict[int, Role]) -> list[Draft]:
    result: list[Draft] = []
    pending: list[int] = []
    for index in range(section.first, section.end):
        line = lines[index]
        if line.kind is Kind.TEXT:
            pending.append(index)
        elif line.kind is Kind.HEADER:
            draft = Draft(line.author, line.date, line.indent, [lines[i] for i in pending], line.rest, footer=[line])
            result.append(draft)
            roles.update({i: Role.TEXT for i in pending})
            roles[index] = Role.HEADER
            pending = []
        elif line.kind is Kind.NAME:
            roles[index] = Role.HEADER
        else:
            roles[index] = Role.HEADING if line.kind is Kind.HEADING else Role.FURNITURE
    return result


def header_indent(lines: list[Line], index: int) -> int:
    """The header's depth: its own indentation, or that of the list marker or name line before it."""
    before = lines[index - 1] if index else None
    if before is not None and before.kind in (Kind.NAME, Kind.FURNITURE) and before.block != lines[index].block:
        return before.indent
    if before is not None and before.kind is Kind.NAME:
        return before.indent
    return lines[index].indent


def nest(result: list[Draft]) -> list[Comment]:
    """Comments as a forest: a deeper header is a reply to the nearest shallower one before it."""
    flat = len({draft.indent for draft in result}) <= 1
    roots: list[Comment] = []
    stack: list[tuple[int, Comment]] = []
    for draft in result:
        comment = draft.comment()
        if flat:
            roots.append(comment)
            continue
        while stack and stack[-1][0] >= draft.indent:
            stack.pop()
        (stack[-1][1].replies if stack else roots).append(comment)
        stack.append((draft.indent, comment))
    return roots
