"""Stage 2, segment: decoded text -> `Block`s.

A block is a run of non-blank lines. Both raw styles are handled: plain page
text (one line per element) and markdown converted from HTML (`# Title`,
`**dek**`, `[link](#)`, `<https://...>`). Markup is stripped into `Block.text`
while `Block.lines` keep the original for the report and for comment nesting.

Page text puts one element per line and only some elements between blank
lines, so one run can mix a menu, a headline and a paragraph. After the
comments stage has claimed its runs (whose lines belong together), `split_runs`
cuts every other run into one block per line, so that each element is judged
on its own.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Block, Label

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)")
_MARKUP = re.compile(r"[\[*_<]")
_BOLD = re.compile(r"(\*\*|__)[^*]+\1")
_BOLD_HEADING = re.compile(r"#*\s*\*\*.+\*\*")
_ITALIC = re.compile(r"([*_])[^*_].*[^*_]\1", flags=re.S)
#: Lines seen before: the comments stage reads each line, then `split_runs` makes it a block, and
#: menus and footers repeat from page to page.
STRIP_CACHE_SIZE = 8192


def segment(text: str) -> list[Block]:
    blocks: list[Block] = []
    run: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not run:
                start = number
            run.append(line)
        elif run:
            blocks.append(make_block(len(blocks), start, run))
            run = []
    if run:
        blocks.append(make_block(len(blocks), start, run))
    return blocks


def split_runs(blocks: list[Block]) -> list[Block]:
    """One block per line for every multi-line block no stage has labelled yet; renumbered."""
    result: list[Block] = []
    for block in blocks:
        if block.label is Label.UNKNOWN and len(block.lines) > 1:
            for offset, line in enumerate(block.lines):
                result.append(make_block(len(result), block.first_line + offset, [line]))
        else:
            block.index = len(result)
            result.append(block)
    return result


def make_block(index: int, first_line: int, lines: list[str]) -> Block:
    raw = "\n".join(lines)
    heading = _HEADING.match(lines[0].strip()) if len(lines) == 1 and "#" in lines[0] else None
    body = heading.group(2) if heading else raw
    links = _LINK.findall(without_images(body)) if "](" in body else []  # no "](", no link
    text, emphasis = strip_markup(body)
    return Block(
        index=index,
        first_line=first_line,
        lines=list(lines),
        text=text,
        indent=len(lines[0]) - len(lines[0].lstrip(" ")),
        heading_level=len(heading.group(1)) if heading else 0,
        emphasis=emphasis,
        link_count=len(links),
        link_chars=sum(map(len, links)),
    )


@lru_cache(maxsize=STRIP_CACHE_SIZE)
def strip_markup(raw: str) -> tuple[str, str]:
    """Return the visible text of a markdown-ish block and whether it is wholly bold/italic."""
    if not _MARKUP.search(raw):  # no emphasis either: it needs "*" or "_"
        return squeeze(raw), ""
    stripped = raw.strip()
    emphasis = ""
    if _BOLD.fullmatch(stripped) or _BOLD_HEADING.fullmatch(stripped):
        emphasis = "bold"
    elif _ITALIC.fullmatch(stripped):
        emphasis = "italic"
    text = raw  # each pattern below runs only when the characters it needs are there
    if "](" in text:
        text = _LINK.sub(r"\1", without_images(text))  # a page shows an image, not its alt text
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
    for _ in range(2):
        if "*" in text or "_" in text:
            text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", text)
    return squeeze(text), emphasis


def without_images(text: str) -> str:
    """The text without its markdown images; one without "![" has none, and is not scanned."""
    return _IMAGE.sub("", text) if "![" in text else text


def squeeze(text: str) -> str:
    """Runs of white space as one space, none at the ends. Same as substituting a space for each match
    of the regular expression for white space, then stripping (both use Python's one definition of
    white space), in a third of the time."""
    return " ".join(text.split())
