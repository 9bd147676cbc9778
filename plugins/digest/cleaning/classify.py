"""Stage 4, classify: give every block not yet labelled a first class from its own signals.

The method is jusText's first pass: a block is *bad* when it is furniture (a
call-to-action or navigation vocabulary from `data/`, mostly link text, no
words, or long but poor in function words), *short* when it is too short to
judge alone, *good* when it is long running prose rich in function words, and
*near-good* in between. Short and near-good blocks are settled later from their
neighbours, in `revise`. Each block also gets a first `Label` so the metadata
stage can look for the headline among the blocks that are not furniture.
"""
from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from ..data import patterns
from .model import Block, Label

_WORD = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")

#: Blocks with fewer characters are too short to judge alone (jusText's length_low).
LENGTH_LOW = 70
#: Blocks with at least this many characters can be good on their own (jusText's length_high).
LENGTH_HIGH = 200
#: Share of function words below which a long block is not prose (jusText's stopwords_low).
STOPWORDS_LOW = 0.20
#: Share of function words from which a long block is good prose (jusText's stopwords_high).
STOPWORDS_HIGH = 0.25
#: Share of a block's characters inside links above which it is navigation.
MAX_LINK_DENSITY = 0.3
#: Furniture vocabularies only apply to blocks up to this many words; longer blocks are prose.
FURNITURE_MAX_WORDS = 30


class Quality(str, Enum):
    """jusText's paragraph classes; `revise` turns them into final labels."""

    BAD = "bad"
    EMPTY = "empty"  # no words (separator lines): always removed, invisible to neighbours
    SHORT = "short"
    NEAR_GOOD = "near-good"
    GOOD = "good"


@lru_cache(maxsize=8192)  # every later stage counts the words of the same blocks again
def words(text: str) -> int:
    return len(_WORD.findall(text))


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def stopword_density(text: str) -> float:
    tokens = _WORD.findall(text.lower())
    if not tokens:
        return 0.0
    stop = patterns.stopwords()
    return sum(map(stop.__contains__, tokens)) / len(tokens)


def link_density(block: Block) -> float:
    return block.link_chars / max(len(block.text), 1)


def classify(blocks: list[Block]) -> list[Quality | None]:
    """First class of every block (None for blocks an earlier stage labelled); labels them too."""
    qualities: list[Quality | None] = []
    for block in blocks:
        if block.label is not Label.UNKNOWN:
            qualities.append(None)
            continue
        quality, label, reason = first_class(block)
        block.mark(label, reason)
        qualities.append(quality)
    return qualities


def first_class(block: Block) -> tuple[Quality, Label, str]:
    text = block.text
    count = words(text)
    if not count:
        return Quality.EMPTY, Label.BOILERPLATE, "no words"
    if count <= FURNITURE_MAX_WORDS and (group := patterns.boilerplate_reason(text)):
        label = Label.CAPTION if group in patterns.CAPTION_GROUPS else Label.BOILERPLATE
        return Quality.BAD, label, group
    linked = not block.heading_level and link_density(block) > MAX_LINK_DENSITY
    if len(text) < LENGTH_LOW:
        if linked and not ends_sentence(text):
            return Quality.BAD, Label.BOILERPLATE, "mostly links"
        return Quality.SHORT, Label.BODY if ends_sentence(text) else Label.HEADING, "short"
    density = stopword_density(text)
    if density < STOPWORDS_LOW:
        return Quality.BAD, Label.BOILERPLATE, "mostly links" if linked else "few function words"
    if linked:  # linked headlines in a list, or prose citing its sources: the neighbours decide
        return Quality.NEAR_GOOD, Label.BODY, "near-prose, mostly links"
    if density >= STOPWORDS_HIGH and len(text) >= LENGTH_HIGH:
        return Quality.GOOD, Label.BODY, "prose"
    return Quality.NEAR_GOOD, Label.BODY, "near-prose"
