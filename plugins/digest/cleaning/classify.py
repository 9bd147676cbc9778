"""Stage 4, classify: give every block not yet labelled a first label from its own signals.

Signals are general: length, terminal punctuation, link density, markdown
markup, and call-to-action vocabulary from `data/`. Neighbours are considered
later, in `revise`.
"""
from __future__ import annotations

import re

from ..data import patterns
from .model import Block, Label

_WORD = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")


def words(text: str) -> int:
    return len(_WORD.findall(text))


def classify(blocks: list[Block]) -> None:
    for block in blocks:
        if block.label is not Label.UNKNOWN:
            continue
        label, reason = first_label(block)
        block.mark(label, reason)


def first_label(block: Block) -> tuple[Label, str]:
    text = block.text
    if not _WORD.search(text):
        return Label.BOILERPLATE, "no words"
    boilerplate = patterns.boilerplate_reason(text)
    if boilerplate:
        return Label.BOILERPLATE, boilerplate
    if block.link_chars and block.link_chars >= 0.5 * len(text) and words(text) < 25:
        return Label.BOILERPLATE, "mostly links"
    if block.heading_level or (words(text) <= 12 and not _TERMINAL.search(text)):
        return Label.HEADING, "short line without final punctuation"
    return Label.BODY, "prose"
