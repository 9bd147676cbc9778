"""Stage 5, revise: correct first labels using neighbouring blocks.

A short unpunctuated line is a heading only between body paragraphs; a title
repeated later in the page is boilerplate.
"""
from __future__ import annotations

from .model import Block, Label


def revise(blocks: list[Block], title: str = "") -> None:
    content = [b for b in blocks if b.label in (Label.BODY, Label.HEADING)]
    for position, block in enumerate(content):
        if block.label is not Label.HEADING:
            continue
        if title and block.text == title:
            block.mark(Label.BOILERPLATE, "repeated title")
            continue
        before = content[position - 1] if position else None
        after = content[position + 1] if position + 1 < len(content) else None
        if not (after and after.label is Label.BODY and before and before.label is Label.BODY):
            block.mark(Label.BOILERPLATE, "short line outside the article text")
