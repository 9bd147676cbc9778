"""Stage 5, revise: settle every block's class from its neighbours, then give it its final label.

jusText's second pass: a short or near-good block takes its class from the
nearest good or bad blocks around it (the page's edges count as bad), and a
short line just before good prose is a heading. Around that come steps for what
only the page's layout gives away, in this order: where the article ends (a
comment-section heading, an author box or related-links heading after enough
prose), a short article with no long prose, runs of prose cut off from the
article by furniture (sidebars, author boxes), a photo credit under the byline,
the headline repeated later in the page, and a run of appeals at the page's
top or bottom edge. `docs/cleaning.md` lists the rules with their thresholds.
"""
from __future__ import annotations

import re

from .classify import FURNITURE_MAX_WORDS, MAX_LINK_DENSITY, Quality, ends_sentence, link_density, words
from .model import REMOVED_LABELS, Block, Label
from ..data import patterns

#: A short block is a heading when good prose starts within this many characters after it.
MAX_HEADING_DISTANCE = 200
#: Characters of article prose that must come before a comment-section heading for it to count.
MIN_PROSE_BEFORE_COMMENTS = 200
#: A photo credit under the byline is at most this many words ("Reuters", "The White House").
CREDIT_MAX_WORDS = 3
#: Characters of article prose that must come before an "About the author" or "Related posts" heading.
MIN_PROSE_BEFORE_END = 1000
#: Prose before the headline is dropped when at least this share of the page's prose follows it.
HEADLINE_SHARE = 0.5
#: A block at the page's edge longer than this is article prose even when it names a subscription.
APPEAL_MAX_WORDS = 60
#: This many near-good paragraphs in a row, with only short lines between, are article prose.
NEAR_GOOD_RUN = 3
#: This many furniture blocks in a row separate the article from other prose on the page.
FURNITURE_GAP = 5
#: Prose separated from the article by furniture is a sidebar when it is below this share of the article's.
SIDEBAR_SHARE = 0.25
#: Headings are at most this many words.
HEADING_MAX_WORDS = 15

#: An appeal speaks to the reader ("you", "please", "our"); prose that names a subscription does not.
_READER = re.compile(r"\b(?:you|your|yours|we|us|our|please)\b", re.IGNORECASE)

#: Labels that `revise` may still change; the others were given by metadata or comments.
_OPEN = (Label.BODY, Label.HEADING, Label.BOILERPLATE, Label.CAPTION)
_JUDGED = (Quality.GOOD, Quality.BAD)
_PROSE = (Quality.GOOD, Quality.NEAR_GOOD)


def revise(blocks: list[Block], qualities: list[Quality | None], title: str = "") -> None:
    """Relabel the blocks `classify` judged (those with a quality), using their neighbours."""
    judged = [q if b.label in _OPEN else None for b, q in zip(blocks, qualities)]
    first = [q if q is not None else _fixed_class(b) for b, q in zip(blocks, judged)]
    cut = _comment_section_start(blocks, first)
    end = _article_end(blocks, first, cut)
    headings = _heading_candidates(blocks, first)
    classes = _settle(blocks, first[:end], headings)
    if Quality.GOOD not in classes:  # a short article: no block is prose enough alone
        promoted = [Quality.GOOD if q is Quality.NEAR_GOOD else q for q in first[:end]]
        classes = _settle(blocks, promoted, headings)
    apart = _apart_from_main_run(blocks, classes)
    credit = _photo_credit(blocks, classes, headings)
    headline = _headline(blocks, classes)
    for position, (block, quality) in enumerate(zip(blocks, judged)):
        if quality is None:
            continue
        if title and block.text == title and position > 0:
            block.mark(Label.BOILERPLATE, "repeated title")
        elif quality in (Quality.BAD, Quality.EMPTY):
            continue
        elif position >= cut:
            block.mark(Label.BOILERPLATE, "in the reader-comment section")
        elif position >= end:
            block.mark(Label.BOILERPLATE, "after the article")
        elif position in apart:
            block.mark(Label.BOILERPLATE, "prose apart from the article")
        elif position < headline and classes[position] is Quality.GOOD:
            block.mark(Label.BOILERPLATE, "prose before the headline")
        elif position == credit:
            block.mark(Label.CAPTION, "photo credit under the byline")
        elif classes[position] is Quality.GOOD:
            heading = position in headings
            block.mark(Label.HEADING if heading else Label.BODY, _story(quality, heading))
        else:
            block.mark(Label.BOILERPLATE, f"{quality.value}, outside the article text")
    _strip_edge_appeals(blocks)


def _settle(blocks: list[Block], first: list[Quality], headings: set[int]) -> list[Quality]:
    """jusText's context pass over the first classes; returns the final ones."""
    classes = list(first)
    sentences = {position for position in range(len(classes)) if ends_sentence(blocks[position].text)}
    _promote_near_good_runs(blocks, classes)
    _settle_short(classes, sentences)
    _settle_near_good(classes)
    for position in headings:
        if position < len(classes) and _good_follows(blocks, classes, position):
            classes[position] = Quality.GOOD
    return classes


def _headline(blocks: list[Block], classes: list[Quality]) -> int:
    """The headline's position when most of the prose follows it (prose before it is a sidebar), else 0."""
    titles = [position for position, block in enumerate(blocks) if block.label is Label.TITLE]
    if not titles:
        return 0
    prose = [len(blocks[p].text) if q is Quality.GOOD else 0 for p, q in enumerate(classes)]
    before, after = sum(prose[: titles[-1]]), sum(prose[titles[-1] :])
    return titles[-1] if after >= HEADLINE_SHARE * (before + after) else 0


def _apart_from_main_run(blocks: list[Block], classes: list[Quality]) -> set[int]:
    """Good blocks in a run of prose cut off from the page's main run by furniture, when that run is small.

    Runs are split where at least `FURNITURE_GAP` bad blocks follow each other;
    the run with the most prose is the article, and a run with less than
    `SIDEBAR_SHARE` of its prose is an author box, a teaser or a sidebar.
    """
    runs: list[list[int]] = []
    streak = FURNITURE_GAP
    for position, quality in enumerate(classes):
        if quality is Quality.BAD:
            streak += 1
        elif quality is Quality.GOOD:
            if streak >= FURNITURE_GAP:
                runs.append([])
            runs[-1].append(position)
            streak = 0
    if len(runs) < 2:
        return set()
    prose = [sum(len(blocks[p].text) for p in run) for run in runs]
    main = max(prose)
    headline = max((p for p, block in enumerate(blocks) if block.label is Label.TITLE), default=None)
    under_headline = next((run for run in runs if headline is not None and run[0] > headline), None)
    return {
        p for run, chars in zip(runs, prose) if chars < SIDEBAR_SHARE * main and run is not under_headline for p in run
    }


def _photo_credit(blocks: list[Block], classes: list[Quality], headings: set[int]) -> int | None:
    """A name of a few words between the byline or date and the first paragraph is a photo credit."""
    for position, quality in enumerate(classes):
        if quality is Quality.GOOD:
            if position not in headings or words(blocks[position].text) > CREDIT_MAX_WORDS:
                return None
            before = next((b for b in reversed(blocks[:position]) if b.label not in REMOVED_LABELS), None)
            return position if before is not None and before.label in (Label.BYLINE, Label.DATE) else None
    return None


def _comment_section_start(blocks: list[Block], first: list[Quality]) -> int:
    """Where the reader comments begin after the article text (len(blocks) when they don't).

    A comment heading or link above the headline ("4 Comments" in a toolbar over
    the article, or under an earlier post of a blog page) does not count, and
    the prose it must follow is the prose under the headline.
    """
    headline = max((p for p, block in enumerate(blocks) if block.label is Label.TITLE), default=0)
    prose, good_seen = 0, False
    for position, block in enumerate(blocks):
        if position == headline and not good_seen:
            prose = 0  # near-prose above the headline is a sidebar: the article starts under it
        good_seen = good_seen or first[position] is Quality.GOOD
        if first[position] in _PROSE:
            prose += len(block.text)
        elif prose >= MIN_PROSE_BEFORE_COMMENTS and (
            block.label in (Label.COMMENT_HEADER, Label.COMMENT_TEXT)
            or (
                position > headline
                and block.label in _OPEN
                and words(block.text) <= FURNITURE_MAX_WORDS
                and patterns.opens_comments(block.text)
            )
        ):
            return position
    return len(blocks)


def _article_end(blocks: list[Block], first: list[Quality], cut: int) -> int:
    """Where the sections after the article begin (author box, related links); `cut` when not seen."""
    prose = 0
    for position in range(cut):
        block = blocks[position]
        if first[position] in _PROSE:
            prose += len(block.text)
        elif prose >= MIN_PROSE_BEFORE_END and block.label in _OPEN and patterns.ends_article(block.text):
            return position
    return cut


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
        and block.label in (Label.HEADING, Label.BODY)
        and words(block.text) <= HEADING_MAX_WORDS
        and (block.heading_level or not ends_sentence(block.text))
    }


def _good_follows(blocks: list[Block], classes: list[Quality], position: int) -> bool:
    """Whether good prose starts soon after `position`, with no furniture in between."""
    distance = 0
    for following in range(position + 1, len(classes)):
        if classes[following] is Quality.GOOD:
            return True
        if classes[following] is Quality.BAD or distance > MAX_HEADING_DISTANCE:
            return False
        distance += len(blocks[following].text)
    return False


def _nearest(classes: list[Quality], step: int, ignore_near_good: bool) -> list[Quality]:
    """For every position, the class of the nearest judged block in direction `step` (BAD past the edge).

    One pass per direction keeps long runs of short blocks linear.
    """
    nearest = [Quality.BAD] * len(classes)
    seen = Quality.BAD
    order = range(len(classes)) if step < 0 else range(len(classes) - 1, -1, -1)
    for position in order:
        nearest[position] = seen
        quality = classes[position]
        if quality in _JUDGED or (quality is Quality.NEAR_GOOD and not ignore_near_good):
            seen = quality
    return nearest


def _settle_short(classes: list[Quality], sentences: set[int]) -> None:
    """jusText's rule for short blocks, plus: a sentence right after prose is its last line."""
    settled = {}
    judged_before, judged_after = _nearest(classes, -1, True), _nearest(classes, 1, True)
    any_before, any_after = _nearest(classes, -1, False), _nearest(classes, 1, False)
    for position, quality in enumerate(classes):
        if quality is not Quality.SHORT:
            continue
        before, after = judged_before[position], judged_after[position]
        if before is after:
            settled[position] = before
        elif (before is Quality.BAD and any_before[position] is Quality.NEAR_GOOD) or (
            after is Quality.BAD and any_after[position] is Quality.NEAR_GOOD
        ):
            settled[position] = Quality.GOOD
        elif before is Quality.GOOD and position in sentences and classes[position - 1] in _PROSE:
            settled[position] = Quality.GOOD
        else:
            settled[position] = Quality.BAD
    for position, quality in settled.items():
        classes[position] = quality


def _promote_near_good_runs(blocks: list[Block], classes: list[Quality]) -> None:
    """Near-good paragraphs of sentences in a run (short lines, captions between; no furniture) are prose.

    A story told in short paragraphs between photos has no block long enough to
    be good alone; a lone near-good block still waits for its neighbours.
    """
    run: list[int] = []
    for position, quality in enumerate([*classes, Quality.BAD]):
        if quality is Quality.NEAR_GOOD and _sentences(blocks[position]):
            run.append(position)
        elif quality not in (Quality.SHORT, Quality.EMPTY):
            if len(run) >= NEAR_GOOD_RUN:
                for member in run:
                    classes[member] = Quality.GOOD
            run = []


def _sentences(block: Block) -> bool:
    """Whether a block reads as sentences: ends like one and is not mostly links."""
    return ends_sentence(block.text) and link_density(block) <= MAX_LINK_DENSITY


def _settle_near_good(classes: list[Quality]) -> None:
    settled = {}
    before, after = _nearest(classes, -1, True), _nearest(classes, 1, True)
    for position, quality in enumerate(classes):
        if quality is not Quality.NEAR_GOOD:
            continue
        both_bad = before[position] is after[position] is Quality.BAD
        settled[position] = Quality.BAD if both_bad else Quality.GOOD
    for position, quality in settled.items():
        classes[position] = quality


def _strip_edge_appeals(blocks: list[Block]) -> None:
    """Remove the appeals for money or sign-ups in the run of furniture at the page's top or bottom."""
    for ordered in (blocks, blocks[::-1]):
        for block in ordered:
            if block.label in (Label.BODY, Label.HEADING):
                if not _is_appeal(block.text):
                    break
                block.mark(Label.BOILERPLATE, "appeal at the page's edge")
            elif block.label not in _OPEN:
                break


def _is_appeal(text: str) -> bool:
    """A short paragraph that asks the reader for money, a subscription or a sign-up."""
    return words(text) <= APPEAL_MAX_WORDS and patterns.is_appeal(text) and bool(_READER.search(text))
