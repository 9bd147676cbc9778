"""Stage 7, repair: mend the article text the page layout broke.

Paragraphs split in the middle of a sentence (a paragraph that ends in a word
or a comma, with no closing punctuation) are joined to the next paragraph.
"""
from __future__ import annotations

import re

from .model import Paragraph

_ENDS_OPEN = re.compile(r"[\w,;–—-]$")


def join_split_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.type == paragraph.type == "paragraph"
            and _ENDS_OPEN.search(previous.text)
        ):
            previous.text = f"{previous.text} {paragraph.text}"
        else:
            joined.append(Paragraph(paragraph.type, paragraph.text))
    return joined
