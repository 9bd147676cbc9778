"""Stage 5, revise: settle every block's class from its neighbours, then give it its final label.

jusText's second pass: a short or near-good block takes its class from the
nearest good or bad blocks around it (the page's edges count as bad), and a
short line just before good prose is a heading. Around that come steps for
furniture that only the page's layout gives away: a run of appeals at the
page's top or bottom edge, and the headline repeated later in the page.
"""
from __future__ import annotations

from .classify import FURNITURE_MAX_WORDS, Quality, ends_sentence, words
from .model import Block, Label
from ..data import patterns

#: A short block is a heading when good prose starts within this many characters after it.
MAX_HEADING_DISTANCE = 200
#: Headings are at most this many words.
HEADING_MAX_WORDS = 15

#: Labels that `revise` may still change; the others were given by metadata or comments.
_OPEN = (Label.BODY, Label.HEADING, Label.BOILERPLATE, Label.CAPTION)
_JUDGED = (Quality.GOOD, Quality.BAD)


def revise(blocks: list[Block], qualities: list[Quality | None], title: str = "") -> None:
    """Relabel the blocks `classify` judged (those with a quality), using their neighbours."""
    judged = [q if b.label in _OPEN else None for b, q in zip(blocks, qualities)]
    classes = [q if q is not None else _fixed_class(b) for b, q in zip(blocks, judged)]
    headings = _heading_candidates(blocks, classes)
    _settle_short(classes)
    _settle_near_good(classes)
    for position in headings:
        if _good_follows(blocks, classes, position):
            classes[position] = Quality.GOOD
    cut = _comment_section_start(blocks, classes)
    for position, (block, first, final) in enumerate(zip(blocks, judged, classes)):
        if first is None:
            continue
        if title and block.text == title and position > 0:
            block.mark(Label.BOILERPLATE, "repeated title")
        elif position >= cut:
            if first is not Quality.BAD:
                block.mark(Label.BOILERPLATE, "in the reader-comment section")
        elif final is Quality.GOOD:
            heading = position in headings
            block.mark(Label.HEADING if heading else Label.BODY, _story(first, heading))
        elif first is not Quality.BAD:
            block.mark(Label.BOILERPLATE, f"{first.value}, outside the article text")
    _strip_edge_appeals(blocks)


def _comment_section_start(blocks: list[Block], classes: list[Quality]) -> int:
    """Where the reader comments begin after the article text (len(blocks) when they don't)."""
    seen_prose = False
    for position, block in enumerate(blocks):
        if classes[position] is Quality.GOOD:
            seen_prose = True
        elif seen_prose and (
            block.label in (Label.COMMENT_HEADER, Label.COMMENT_TEXT)
            or (block.label in _OPEN and words(block.text) <= FURNITURE_MAX_WORDS and patterns.opens_comments(block.text))
        ):
            return position
    return len(blocks)


def _fixed_class(block: Block) -> Quality:
    """How a block labelled by an earlier stage counts as a neighbour."""
    if block.label in (Label.COMMENT_HEADER, Label.COMMENT_TEXT, Label.METADATA):
        return Quality.BAD
    return Quality.SHORT  # title, dek, byline, date: transparent


def _story(first: Quality, heading: bool) -> str:
    if heading:
        return "heading before the article text"
    if first is Quality.GOOD:
        return "prose"
    return f"{first.value}, among the article text"


def _heading_candidates(blocks: list[Block], classes: list[Quality]) -> set[int]:
    return {
        position
        for position, (block, quality) in enumerate(zip(blocks, classes))
        if quality is Quality.SHORT
        and block.label is Label.HEADING
        and words(block.text) <= HEADING_MAX_WORDS
        and not ends_sentence(block.text)
    }


def _good_follows(blocks: list[Block], classes: list[Quality], position: int) -> bool:
    distance = 0
    for following in range(position + 1, len(blocks)):
        if classes[following] is Quality.GOOD:
            return True
        distance += len(blocks[following].text)
        if distance > MAX_HEADING_DISTANCE:
            return False
    return False


def _neighbour(classes: list[Quality], position: int, step: int, ignore_near_good: bool) -> Quality:
    position += step
    while 0 <= position < len(classes):
        quality = classes[position]
        if quality in _JUDGED or (quality is Quality.NEAR_GOOD and not ignore_near_good):
            return quality
        position += step
    return Quality.BAD


def _settle_short(classes: list[Quality]) -> None:
    settled = {}
    for position, quality in enumerate(classes):
        if quality is not Quality.SHORT:
            continue
        before = _neighbour(classes, position, -1, True)
        after = _neighbour(classes, position, 1, True)
        if before is after:
            settled[position] = before
        elif (before is Quality.BAD and _neighbour(classes, position, -1, False) is Quality.NEAR_GOOD) or (
            after is Quality.BAD and _neighbour(classes, position, 1, False) is Quality.NEAR_GOOD
        ):
            settled[position] = Quality.GOOD
        else:
            settled[position] = Quality.BAD
    for position, quality in settled.items():
        classes[position] = quality


def _settle_near_good(classes: list[Quality]) -> None:
    settled = {}
    for position, quality in enumerate(classes):
        if quality is not Quality.NEAR_GOOD:
            continue
        both_bad = _neighbour(classes, position, -1, True) is _neighbour(classes, position, 1, True) is Quality.BAD
        settled[position] = Quality.BAD if both_bad else Quality.GOOD
    for position, quality in settled.items():
        classes[position] = quality


def _strip_edge_appeals(blocks: list[Block]) -> None:
    """Remove a run of appeals for money or sign-ups at the top or bottom of the page."""
    for ordered in (blocks, blocks[::-1]):
        run: list[Block] = []
        for block in ordered:
            if block.label not in _OPEN:
                break
            if block.label in (Label.BODY, Label.HEADING) and not patterns.is_appeal(block.text):
                if not run or ends_sentence(block.text) or words(block.text) > 12:
                    break
            run.append(block)
        if any(patterns.is_appeal(b.text) for b in run):
            for block in run:
                if block.label in (Label.BODY, Label.HEADING):
                    block.mark(Label.BOILERPLATE, "appeal at the page's edge")
