"""Syndicated copies: the same text under other titles, outlets, boilerplate or comments.

Two bodies are one article when most shingles of the shorter are in the
longer one (containment >= NEAR_DUPLICATE). Each group keeps one canonical
original: the most complete metadata first, then the earliest date, then the
smallest id, so the choice never depends on reading order.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from .fingerprint import Postings, candidate_pairs, containment
from .model import Doc

NEAR_DUPLICATE = 0.8
#: Metadata fields a copy may lack and take from its original. Not the outlet, publisher or URL:
#: a copy was published elsewhere, and those describe where.
INHERITABLE = ("authors", "date", "subtitle")


def duplicate_pairs(
    docs: Sequence[Doc], fingerprints: Sequence[np.ndarray], index: Postings | None = None
) -> list[tuple[str, str, float]]:
    """(id, id, containment) for every pair of docs that are copies of one text, sorted.

    `fingerprints[i]` are the shingle hashes of `docs[i].text` (`fingerprint.shingle_hashes`);
    `index` their sampled postings, when known.
    """
    pairs = []
    for a, b in candidate_pairs(fingerprints, index):
        value = containment(fingerprints[a], fingerprints[b])
        if value >= NEAR_DUPLICATE:
            pairs.append((*sorted((docs[a].id, docs[b].id)), round(value, 3)))
    return sorted(pairs)


def groups(ids: Sequence[str], pairs: Sequence[tuple[str, str, float]]) -> list[list[str]]:
    """Connected groups (size >= 2) of the copy pairs, each sorted."""
    parent = {i: i for i in ids}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, _ in pairs:
        parent[root(a)] = root(b)
    by_root: dict[str, list[str]] = {}
    for i in ids:
        by_root.setdefault(root(i), []).append(i)
    return sorted(sorted(group) for group in by_root.values() if len(group) > 1)


def completeness(doc: Doc) -> int:
    return sum(bool(getattr(doc, name)) for name in ("title", "subtitle", "authors", "date", "outlet", "original_url"))


def canonical(group: Sequence[Doc]) -> Doc:
    """The original of a group of copies: most complete metadata, then earliest, then smallest id."""
    return min(group, key=lambda d: (-completeness(d), d.date or date.max, d.id))


def inherited_fields(copy: Doc, original: Doc) -> dict[str, object]:
    """Metadata the copy lacks and its original has."""
    return {
        name: getattr(original, name)
        for name in INHERITABLE
        if not getattr(copy, name) and getattr(original, name)
    }
