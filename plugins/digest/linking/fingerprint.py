"""Word 5-shingles of a text, hashed, and an inverted index that proposes copy pairs.

A syndicated copy holds most of the original's shingles (containment), while
extra boilerplate, comments or a shorter cut make their Jaccard similarity
low, so MinHash/LSH tuned on Jaccard misses copies of unequal length. We
therefore index a fixed sample of each text's shingle hashes (those with
`hash % SAMPLE_MODULUS == 0`: the same shingle is sampled in every text) and
only pairs that share several sampled shingles are checked exactly.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

SHINGLE_WORDS = 5
SAMPLE_MODULUS = 8
#: Sampled shingles two texts must share before their containment is computed.
MIN_SHARED_SAMPLES = 3
#: A sampled shingle found in more texts than this is boilerplate, not evidence.
MAX_POSTING = 50

WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)


def shingle_hashes(text: str) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's lower-cased word 5-shingles (stable across runs)."""
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64, count=len(words))
    combined = np.zeros(len(words) - SHINGLE_WORDS + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE_WORDS):
            combined = combined * _MIX + word_hashes[offset:offset + len(combined)]
    return np.unique(combined)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller text's shingles found in the other one."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def candidate_pairs(fingerprints: Sequence[np.ndarray]) -> list[tuple[int, int]]:
    """Pairs (i < j) sharing at least MIN_SHARED_SAMPLES sampled shingles, found through an inverted index."""
    postings: dict[int, list[int]] = defaultdict(list)
    for index, hashes in enumerate(fingerprints):
        for value in hashes[hashes % SAMPLE_MODULUS == 0].tolist():
            postings[value].append(index)
    shared: Counter = Counter()
    for members in postings.values():
        if 1 < len(members) <= MAX_POSTING:
            shared.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return sorted(pair for pair, count in shared.items() if count >= MIN_SHARED_SAMPLES)
