"""Where the comment list starts and where it ends.

It starts at a comment heading ("12 Comments", "Responses") followed closely by
a comment header, or, without a heading, at the first of a run of headers with
text between them. It ends at the reply form or blog footer (a closer), at a
heading, or at the first line after the last comment that reads like page
furniture (a markdown heading, a line of links, a run of short unpunctuated
lines) when no further comment header follows soon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import Kind, Line, lone_name

#: A heading opens the comments when a header follows within this many lines.
HEADING_REACH = 12
#: Two headers belong to one run when at most this many lines separate them.
RUN_GAP = 40
#: Comments follow an article: a section needs a sentence of at least PROSE_MIN_WORDS words
#: above it (menus, headlines and teasers above are not an article: a count of comments there is
#: the article's toolbar, dated teasers a listing) and this many words of text, unless a heading
#: counts its comments ("2 comments:" under a short post).
ARTICLE_MIN_WORDS = 50
#: A line of at least this many words counts as prose even without final punctuation.
PROSE_MIN_WORDS = 15
#: Names alone count as comment headers when at least this many precede prose under a heading.
BARE_NAMES_MIN = 2
BARE_NAMES_REACH = 3
#: Without a heading, this many list items holding a name alone, each before prose, are comments.
BULLETED_NAMES_MIN = 3
#: ... and the prose after them has at least this many words on average.
BULLETED_MEAN_WORDS = 12
#: After page furniture, the comment list goes on when a header follows within this many lines.
RESUME_REACH = 8
#: A line that looks like furniture still belongs to the comments when a date follows within this many lines.
HEADER_LOOKAHEAD = 3
#: This many short unpunctuated lines in a row read as navigation, not comment text.
NAV_RUN = 3
NAV_MAX_WORDS = 5
#: A line with this many links or more and few words is a link list.
LINK_LIST_LINKS = 2
LINK_LIST_MAX_WORDS = 12

_BULLET = re.compile(r"\s+[*+-]\s+\S")  # an html2text list item: "  * NAME"
_ZERO = re.compile(r"\W*(?:0|no)\s", re.I)  # "0 Responses", "No Comments": nothing follows
_FULL_STOP = re.compile(  # a sentence ends the line or another one starts after it (long lines are cut)
    r"[.!?…][\"'”’]?(?:\s*$|\s+[\"'“‘]?[A-Z])")
_SENTENCE_END = re.compile(r"[.!?:;…)\"”’]\s*$")


@dataclass
class Section:
    start: int  # first line: the heading, or the first header
    first: int  # the first comment's first line (a header, or its text when headers follow the text)
    end: int  # one past the last line of the last comment
    footer_style: bool  # headers are printed after each comment's text ("posted on DATE by NAME")
    closer: int | None = None  # the closer that ended the section, if any


def find_sections(lines: list[Line]) -> list[Section]:
    sections: list[Section] = []
    position, resume = 0, False
    prose, sentences = prose_before(lines)
    while True:
        section = next_section(lines, position, resume)
        if section is None:
            return sections
        opened = lines[section.start].kind is Kind.HEADING and counted(lines[section.start])
        if sentences[section.start] and (opened or prose[section.start] >= ARTICLE_MIN_WORDS):
            sections.append(section)
            if section.closer is not None:
                return sections  # the reply form closes the comments; what follows is the sidebar
        position = max(section.end, section.start + 1)
        resume = section.closer is None


def prose_before(lines: list[Line]) -> tuple[list[int], list[int]]:
    """Words of text above each line (the article comes before its comments), and full sentences of at
    least PROSE_MIN_WORDS words above it (headlines are shorter or unpunctuated); one split per line."""
    words, sentences = [], []
    total_words = total_sentences = 0
    for line in lines:
        words.append(total_words)
        sentences.append(total_sentences)
        if line.kind is Kind.TEXT:
            count = len(line.text.split())
            total_words += count
            if count >= PROSE_MIN_WORDS and _FULL_STOP.search(line.text):
                total_sentences += 1
    return words, sentences


def next_section(lines: list[Line], position: int, resume: bool) -> Section | None:
    if resume:
        header = first_header(lines, position, RESUME_REACH)
        if header is not None:
            return make_section(lines, header, header)
    for index in range(position, len(lines)):
        kind = lines[index].kind
        if kind is Kind.HEADING and not _ZERO.match(lines[index].text):
            header = first_header(lines, index + 1, HEADING_REACH) or bare_names(lines, index)
            if header is not None and (starts_run(lines, header) or lone_comment(lines, index, header)):
                return make_section(lines, index, header)
        elif kind is Kind.HEADER and starts_run(lines, index):
            return make_section(lines, index, index)
        elif kind is Kind.TEXT and bulleted_names(lines, index):
            return make_section(lines, index, index)
    return None


def bulleted_names(lines: list[Line], first: int) -> bool:
    """Names alone as list items, each before prose ("* NAME" / text), with no heading: a comment list.

    Comment systems print this without JavaScript; an article's bulleted points are sentences.
    Needs at least BULLETED_NAMES_MIN of them, each within RUN_GAP lines of the one before.
    """
    if not _bulleted_name(lines, first):
        return False
    found, last = [first], first
    for index in range(first + 1, len(lines) - 1):
        if index > last + RUN_GAP or lines[index].kind in (Kind.CLOSER, Kind.HEADING, Kind.HEADER):
            break
        if _bulleted_name(lines, index):
            found.append(index)
            last = index
    words = sum(len(lines[index + 1].text.split()) for index in found)
    if len(found) < BULLETED_NAMES_MIN or words < BULLETED_MEAN_WORDS * len(found):
        return False  # a blogroll: names with a one-line description each
    for index in found:
        line = lines[index]
        line.kind, line.layout, line.author = Kind.HEADER, "bare", lone_name(line)
    return True


def _bulleted_name(lines: list[Line], index: int) -> bool:
    line = lines[index]
    return (
        index + 1 < len(lines)
        and _BULLET.match(line.raw) is not None
        and "#" not in line.raw
        and bool(lone_name(line))
        and lines[index + 1].kind is Kind.TEXT
        and is_prose(lines[index + 1])
    )


def bare_names(lines: list[Line], heading: int) -> int | None:
    """Comments headed by a name alone ("NAME" / text / "NAME" / text) under a comment heading.

    Names become headers when at least two of them each precede prose; returns the first.
    """
    if not counted(lines[heading]):
        return None
    found: list[int] = []
    index = heading + 1
    while index + 1 < len(lines) and index < heading + RUN_GAP:
        line, following = lines[index], lines[index + 1]
        if line.kind in (Kind.CLOSER, Kind.HEADING) or (not found and index > heading + BARE_NAMES_REACH):
            break
        name = lone_name(line)
        if name and following.kind is Kind.TEXT and is_prose(following):
            found.append(index)
            line.author = name
        index += 1
    if len(found) < BARE_NAMES_MIN:
        for index in found:
            lines[index].author = ""
        return None
    for index in found:
        lines[index].kind, lines[index].layout = Kind.HEADER, "bare"
    extend_bare_names(lines, found[-1] + 1)
    return found[0]


def extend_bare_names(lines: list[Line], position: int) -> None:
    """Further lone names before prose, until the comment list ends."""
    for index in range(position, len(lines) - 1):
        line = lines[index]
        if line.kind in (Kind.CLOSER, Kind.HEADING):
            return
        name = lone_name(line)
        if name and lines[index + 1].kind is Kind.TEXT and is_prose(lines[index + 1]):
            line.kind, line.layout, line.author = Kind.HEADER, "bare", name


def first_header(lines: list[Line], position: int, reach: int) -> int | None:
    for index in range(position, min(position + reach, len(lines))):
        if lines[index].kind in (Kind.HEADER, Kind.NAME):
            return index if lines[index].kind is Kind.HEADER else index + 1
        if lines[index].kind is Kind.HEADING:
            return None
    return None


def starts_run(lines: list[Line], index: int) -> bool:
    """A header opens a run when another header printed alike follows after some prose."""
    prose = bool(lines[index].rest)
    for other in range(index + 1, min(index + RUN_GAP, len(lines))):
        line = lines[other]
        if line.kind is Kind.TEXT and is_prose(line):
            prose = True
        elif line.kind is Kind.HEADER and line.signature == lines[index].signature:
            return prose
        elif line.kind in (Kind.CLOSER, Kind.HEADING):
            return False
    return False


def lone_comment(lines: list[Line], heading: int, header: int) -> bool:
    """One comment: a header, text, then the reply form; under a counting heading ("1 comment:") any text will do."""
    is_counted = counted(lines[heading])
    text = bool(lines[header].rest)
    for other in range(heading + 1, min(header + RUN_GAP, len(lines))):
        line = lines[other]
        if line.kind is Kind.TEXT and (is_counted or is_prose(line)):
            text = True
        elif (line.kind is Kind.CLOSER and other > header) or other == len(lines) - 1:
            return text
        elif line.kind is Kind.HEADING:
            break
    return text and is_counted


def counted(heading: Line) -> bool:
    """A heading that counts the comments ("12 Comments", "One Response") rather than naming a place."""
    text = heading.text.lower()
    return any(char.isdigit() for char in text) or text.startswith("one ")


def is_prose(line: Line) -> bool:
    """Comment text, unlike a list of post titles, has sentences or long lines."""
    return bool(_SENTENCE_END.search(line.text)) or len(line.text.split()) >= PROSE_MIN_WORDS


def make_section(lines: list[Line], start: int, header: int) -> Section:
    """Headers come after their text when text precedes the first one and none follows the last."""
    end, closer = find_end(lines, header, footer_style=False)
    if start < header and not lines[header].verb and lines[header].layout == "line":
        text = [i for i in range(start + 1, header) if lines[i].kind is Kind.TEXT]
        headers = [i for i in range(header, end) if lines[i].kind is Kind.HEADER]
        trailing = any(lines[i].kind is Kind.TEXT for i in range(headers[-1] + 1, end))
        if text and not trailing:
            end, closer = find_end(lines, header, footer_style=True)
            return Section(start, text[0], end, True, closer)
    return Section(start, header, end, False, closer)


def find_end(lines: list[Line], header: int, footer_style: bool) -> tuple[int, int | None]:
    last = header
    index = header + 1
    while index < len(lines):
        kind = lines[index].kind
        if kind is Kind.CLOSER:
            return (last + 1 if footer_style else index), index
        if kind in (Kind.HEADING, Kind.END):
            break
        if kind is Kind.HEADER:
            last = index
        elif kind is Kind.TEXT and is_furniture(lines, index) and not dated_soon(lines, index):
            break
        index += 1
    return (last + 1 if footer_style else index), None


def dated_soon(lines: list[Line], index: int) -> bool:
    """A header or date close ahead: the furniture-looking line belongs to the next comment's header."""
    ahead = lines[index + 1 : index + 1 + HEADER_LOOKAHEAD]
    return any(line.kind in (Kind.HEADER, Kind.DATE) for line in ahead)


def is_furniture(lines: list[Line], index: int) -> bool:
    """Page furniture after a comment: a markdown heading, a line of links, a run of short lines."""
    line = lines[index]
    raw = line.raw.lstrip()
    if raw.startswith("#"):
        return True
    if raw.count("](") >= LINK_LIST_LINKS and len(line.text.split()) <= LINK_LIST_MAX_WORDS:
        return True
    run = lines[index : index + NAV_RUN]
    return len(run) == NAV_RUN and all(_short(other) for other in run)


def _short(line: Line) -> bool:
    return (
        line.kind in (Kind.TEXT, Kind.FURNITURE)
        and len(line.text.split()) <= NAV_MAX_WORDS
        and not _SENTENCE_END.search(line.text)
    )
