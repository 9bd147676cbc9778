"""Body word counts (for reading times), remembered from one build to the next by cleaned doc.

Counting splits every word of the corpus, 0.15 s at 10,000 articles on every build. A cleaned doc
is a function of its `digest_key` (the seed's bytes and the cleaner's code), so its count is
kept under that key in CACHE_PATH, with what the count also follows from: how it is counted and
the Unicode version that decides what `str.split` takes for a space. A memo of another basis is
not used.
"""
from __future__ import annotations

import json
import os
import unicodedata
from functools import cached_property
from pathlib import Path

FILE_NAME = "digest-words.json"
#: Bump when `count` changes.
COUNTING = "1: str.split of the body paragraphs joined by newlines"


def count(text: str) -> int:
    return len(text.split())


class WordCounts:
    """`count(text)` of a doc's body text, from the last build's memo when it holds the doc's key."""

    def __init__(self, settings: dict) -> None:
        self.path = Path(settings["CACHE_PATH"]) / FILE_NAME
        self.used: dict[str, int] = {}

    @cached_property
    def basis(self) -> list[str]:
        return [COUNTING, unicodedata.unidata_version]

    @cached_property
    def known(self) -> dict[str, int]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        same_basis = isinstance(stored, dict) and stored.get("basis") == self.basis
        return stored.get("words", {}) if same_basis else {}

    def __call__(self, key: str | None, text: str) -> int:
        """The count of `text`, the body of the doc read under `key` (None: not remembered)."""
        if key is None:
            return count(text)
        words = self.used.get(key)
        if words is None:
            words = self.known.get(key)
            if not isinstance(words, int):
                words = count(text)
            self.used[key] = words
        return words

    def save(self) -> None:
        """Keep the counts this build used (and only those), when they differ from the memo it started with."""
        if not self.used or self.used == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"basis": self.basis, "words": self.used}), encoding="utf-8")
        os.replace(temporary, self.path)
