"""Body word counts (for reading times), remembered from one build to the next by cleaned doc (`memo.py`).

Counting splits every word of the corpus, 0.15 s at 10,000 articles on every build. A cleaned doc
is a function of its `digest_key` (the seed's bytes and the cleaner's code), so its count is
kept under that key, with what the count also follows from: how it is counted and the Unicode
version that decides what `str.split` takes for a space.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cached_property

from .memo import BuildMemo

FILE_NAME = "digest-words.json"
#: Bump when `count` changes.
COUNTING = "1: str.split of the body paragraphs joined by newlines"


def count(text: str) -> int:
    return len(text.split())


class WordCounts(BuildMemo):
    """`count(text)` of a doc's body text, from the last build's memo when it holds the doc's key."""

    file_name, field, kind = FILE_NAME, "words", int

    @cached_property
    def basis(self) -> list[str]:
        return [COUNTING, unicodedata.unidata_version]

    def __call__(self, key: str | None, body: Callable[[], str]) -> int:
        """The count of the text `body()` returns, the body of the doc read under `key` (None: not
        remembered); asked for only when the memo lacks the count (joining a body costs more than a
        look-up)."""
        return count(body()) if key is None else self.remembered(key, lambda: count(body()))
