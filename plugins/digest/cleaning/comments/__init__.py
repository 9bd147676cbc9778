"""Stage 3, comments: find the reader-comment section and rebuild its threads.

    lines      read every line: heading, header (author, date), date, furniture, closer, text
    section    where the comment list starts (heading or run of headers) and ends (form, footer)
    threads    headers start comments, dates attach, replies nest by indentation

Blocks in a section are labelled in place: COMMENT_HEADER, COMMENT_TEXT, or
BOILERPLATE with a reason for the section's furniture (heading, "Reply", vote
counts, the reply form). Every other block stays UNKNOWN for the body classifier.
"""
from __future__ import annotations

import re

from ..model import Block, Comment, Label
from . import vocabulary
from .lines import Kind, Line, read_lines, unmarked
from .section import find_sections, is_prose
from .threads import Draft, Role, drafts, nest

#: A list of at least this many one-line items, none this long, is a listing of posts, not comments.
LISTING_MIN_ITEMS = 2
LISTING_MAX_WORDS = 25
#: Comment text whose lines mostly (this share, at least this many) start with a date is a list of posts.
LISTING_MIN_DATED = 3
LISTING_DATED_SHARE = 0.5
DATE_LEAD_CHARS = 40
#: Comments have sentences: a run where fewer than this share of items has a prose line is a list.
LISTING_PROSE_SHARE = 0.5
_DATE_END = re.compile(r"\W*")

#: After a closer, the reply form's short lines ("Name *", "Website") are furniture too.
FORM_REACH = 15
FORM_MAX_WORDS = 8


def split_comments(blocks: list[Block]) -> list[Comment]:
    """Label comment blocks in place and return the threads they form."""
    lines = read_lines(blocks)
    roles: dict[int, Role] = {}
    result = []
    for section in find_sections(lines):
        section_roles: dict[int, Role] = {}
        found = drafts(lines, section, section_roles)
        if lines[section.start].kind is not Kind.HEADING and is_listing(found):
            continue
        result.extend(found)
        roles.update(section_roles)
        if section.closer is not None:
            mark_form(lines, section.closer, roles)
    label_blocks(blocks, lines, roles)
    return nest(result)


def is_listing(found: list[Draft]) -> bool:
    """Teasers of other posts ("NAME • DATE" then one title each) look like comments, but none is long.

    Only asked of runs without a comment heading: under "12 Comments" short comments are comments.

    A series of posts by one name ("The Briefing, DATE") is a listing too, so is a list whose
    lines mostly start or end with a date ("* 2012.08.05 Officials Granted Access to the Trial"),
    and so is a run where most items have no sentence at all ("Chicago (Feb 6, 2013)" / "Photos").
    """
    if len(found) >= LISTING_MIN_ITEMS and len({draft.author for draft in found}) == 1:
        return True
    text = [line for draft in found for line in draft.lines]
    if len(text) >= LISTING_MIN_DATED and sum(map(dated_item, text)) >= LISTING_DATED_SHARE * len(text):
        return True
    wordy = sum(1 for draft in found if draft.rest or any(map(is_prose, draft.lines)))
    if len(found) >= LISTING_MIN_ITEMS and wordy < LISTING_PROSE_SHARE * len(found):
        return True
    return len(found) >= LISTING_MIN_ITEMS and all(
        len(draft.lines) <= 1 and len(" ".join([draft.rest, *(line.text for line in draft.lines)]).split()) < LISTING_MAX_WORDS
        for draft in found
    )


def dated_item(line: Line) -> bool:
    """A list item that starts or ends with a date: "2012.08.05 Title", "Title (May 8, 2004)"."""
    text = unmarked(line.text)
    lead = vocabulary.find_date(text[:DATE_LEAD_CHARS])
    if lead is not None and lead.start() == 0:
        return True
    tail = text[-DATE_LEAD_CHARS:]
    if not vocabulary.may_hold_date(tail):
        return False
    return any(_DATE_END.fullmatch(tail, match.end()) for match in vocabulary.DATE.finditer(tail))


def mark_form(lines: list[Line], closer: int, roles: dict[int, Role]) -> None:
    for index in range(closer, min(closer + FORM_REACH, len(lines))):
        line = lines[index]
        if line.kind in (Kind.HEADER, Kind.HEADING, Kind.NAME):
            return
        if line.kind is Kind.TEXT and len(line.text.split()) > FORM_MAX_WORDS:
            return
        roles[index] = Role.FORM


_LABELS = {Role.HEADER: Label.COMMENT_HEADER, Role.TEXT: Label.COMMENT_TEXT}


def label_blocks(blocks: list[Block], lines: list[Line], roles: dict[int, Role]) -> None:
    """A block with a header is a comment header, with text comment text; all-furniture is boilerplate."""
    by_block: dict[int, list[Role | None]] = {}
    for index, line in enumerate(lines):
        by_block.setdefault(line.block, []).append(roles.get(index))
    for position, block_roles in by_block.items():
        present = [role for role in block_roles if role is not None]
        if not present:
            continue
        block = blocks[position]
        for role in (Role.HEADER, Role.TEXT):
            if role in present:
                block.mark(_LABELS[role], role.value)
                break
        else:
            if len(present) == len(block_roles):
                block.mark(Label.BOILERPLATE, present[0].value)
