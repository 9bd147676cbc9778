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
    docs: Sequence[Doc], fingerprints: Sequence[np.ndarray], index: Postings | None = None,
    known: dict[tuple[str, str], float] | None = None,
) -> list[tuple[str, str, float]]:
    """(id, id, containment) for every pair of docs that are copies of one text, sorted.

    `fingerprints[i]` are the shingle hashes of `docs[i].text` (`fingerprint.shingle_hashes`);
    `index` their sampled postings, when known. `known` maps pairs of content keys (`index.keys`) to
    their containment, which depends on the two texts alone: the last call's values are taken from
    it, and it is left holding this call's candidate pairs.
    """
    keys = index.keys if index is not None and known is not None else None
    now: dict[tuple[str, str], float] = {}
    pairs = []
    for a, b in candidate_pairs(fingerprints, index):
        if keys is None:
            value = containment(fingerprints[a], fingerprints[b])
        else:
            pair = (keys[a], keys[b]) if keys[a] <= keys[b] else (keys[b], keys[a])
            value = known[pair] if pair in known else containment(fingerprints[a], fingerprints[b])
            now[pair] = value
        if value >= NEAR_DUPLICATE:
            pairs.append((*sorted((docs[a].id, docs[b].id)), round(value, 3)))
    if known is not None:
        known.clear()
        known.update(now)
    return sorted(pairs)


def groups(pairs: Sequence[tuple[str, str, float]]) -> list[list[str]]:
    """Connected groups (size >= 2) of the copy pairs, each sorted."""
    parent = {i: i for a, b, _ in pairs for i in (a, b)}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, _ in pairs:
        parent[root(a)] = root(b)
    by_root: dict[str, list[str]] = {}
    for i in parent:
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
