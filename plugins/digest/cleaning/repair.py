"""Stage 7, repair: mend the article text the page layout broke.

Pages break paragraphs in the middle of a sentence (an ad or an image was
there, or a copy-paste lost a line). Such a paragraph ends without closing
punctuation and the next one carries the sentence on ("...but he must know
that" / "President Biden and..."). They are joined again. Headings are never
joined, nor are runs of short lines, which are list items rather than a broken
sentence, nor a paragraph ending in a colon, which introduces what follows.
"""
from __future__ import annotations

import re

from .model import Paragraph

#: A broken paragraph is a piece of prose: shorter ones are list items, labels or names.
SPLIT_MIN_WORDS = 6
#: The continuation must be prose too, or end its sentence.
CONTINUATION_MIN_WORDS = 3

# Ends on a word, a comma, a dash or an opening quote: the sentence goes on.
_ENDS_OPEN = re.compile(r"(?:[^\W\d_]|\d|[,–—(\"“‘-])$")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_STARTS_LIST_ITEM = re.compile(r"^\s*(?:[-*•·–]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_STARTS_CONTINUATION = re.compile(r"^[\"“‘'(]?[\w$€£]")


def join_split_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        if previous is not None and is_split(previous, paragraph):
            previous.text = f"{previous.text} {paragraph.text}"
        else:
            joined.append(Paragraph(paragraph.type, paragraph.text))
    return joined


def is_split(previous: Paragraph, following: Paragraph) -> bool:
    """True when `following` carries on the sentence that `previous` left open."""
    if previous.type != "paragraph" or following.type != "paragraph":
        return False
    before, after = previous.text.rstrip(), following.text.lstrip()
    if not _ENDS_OPEN.search(before) or len(before.split()) < SPLIT_MIN_WORDS:
        return False
    if _STARTS_LIST_ITEM.match(after) or not _STARTS_CONTINUATION.match(after):
        return False
    return len(after.split()) >= CONTINUATION_MIN_WORDS or bool(_ENDS_SENTENCE.search(after))
