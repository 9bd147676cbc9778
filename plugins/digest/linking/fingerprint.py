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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
SAMPLE_MODULUS = 8
#: Sampled shingles two texts must share before their containment is computed.
MIN_SHARED_SAMPLES = 3
#: A sampled shingle found in more texts than this is boilerplate, not evidence.
MAX_POSTING = 50

WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)


#: Byte -> itself lower-cased if it is a \w character, else a space: an ASCII text so translated and
#: split holds the UTF-8 bytes of the words WORD finds in the text lower-cased, at a third of the cost.
ASCII_WORD_BYTES = bytes(
    byte + 32 if chr(byte).isupper() else byte if re.fullmatch(WORD, chr(byte)) else 32 for byte in range(128)
) + b" " * 128


def words(text: str) -> list[str] | list[bytes]:
    """The words of text lower-cased (WORD), as str, or as their UTF-8 bytes when the text is ASCII."""
    if text.isascii():
        return text.encode().translate(ASCII_WORD_BYTES).split()
    return WORD.findall(text.lower())


class WordHashes(dict):
    """crc32 of each word (str, or its UTF-8 bytes), computed once per word: a corpus repeats its vocabulary."""

    def __missing__(self, word: str | bytes) -> int:
        self[word] = value = zlib.crc32(word if isinstance(word, bytes) else word.encode())
        return value


def shingle_hashes(text: str, word_hashes: WordHashes | None = None) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's lower-cased word 5-shingles (stable across runs).

    Pass one `WordHashes` for a whole corpus to hash each distinct word once.
    """
    found = words(text)
    if len(found) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    lookup = (word_hashes if word_hashes is not None else WordHashes()).__getitem__
    hashes = np.fromiter(map(lookup, found), dtype=np.uint64, count=len(found))
    size = len(found) - SHINGLE_WORDS + 1
    combined = hashes[:size].copy()  # in place from here: array arithmetic wraps around silently
    for offset in range(1, SHINGLE_WORDS):
        combined *= _MIX
        combined += hashes[offset:offset + size]
    combined.sort()
    keep = np.empty(size, dtype=bool)
    keep[0] = True
    np.not_equal(combined[1:], combined[:-1], out=keep[1:])
    return combined[keep]


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller text's shingles found in the other one."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


@dataclass(frozen=True)
class Postings:
    """The sampled shingle hashes of some texts, ascending, and the text (position) holding each.

    Kept for the next call: the hashes of the texts it knows (by content key) are already
    sampled and sorted, and only those of the others are added.
    """

    keys: list[str]  # content key of each text, in order
    values: np.ndarray  # uint64, ascending
    texts: np.ndarray  # int64


def postings(
    fingerprints: Sequence[np.ndarray], keys: Sequence[str], previous: Postings | None = None
) -> Postings:
    """The `Postings` of these texts (`keys[i]` is the content key of `fingerprints[i]`), from `previous`
    for the texts it holds. Within a run of equal hashes the texts are in no particular order."""
    known = np.zeros(len(fingerprints), dtype=bool)
    values, texts = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    if previous is not None:
        free: dict[str, list[int]] = {}  # positions now of each key, for the texts that repeat one
        for position, key in enumerate(keys):
            free.setdefault(key, []).append(position)
        moved = np.array([free[key].pop(0) if free.get(key) else -1 for key in previous.keys], dtype=np.int64)
        known[moved[moved >= 0]] = True
        kept = moved[previous.texts] >= 0
        values, texts = previous.values[kept], moved[previous.texts[kept]]
    new = np.flatnonzero(~known).tolist()
    sampled = [fingerprints[i][fingerprints[i] % SAMPLE_MODULUS == 0] for i in new]
    values = np.concatenate([values, *sampled])
    texts = np.concatenate([texts, np.repeat(np.array(new, dtype=np.int64), [len(s) for s in sampled])])
    order = np.argsort(values, kind="stable")  # the kept part is one sorted run already
    return Postings(list(keys), values[order], texts[order])


def candidate_pairs(
    fingerprints: Sequence[np.ndarray], index: Postings | None = None
) -> list[tuple[int, int]]:
    """Pairs (i < j) sharing at least MIN_SHARED_SAMPLES sampled shingles, found through an inverted index.

    The index (`postings`, given when known) is one array of (sampled hash, text) sorted by hash:
    each run of equal hashes is a posting list, and every pair inside a short run is counted.
    """
    n = len(fingerprints)
    index = index if index is not None else postings(fingerprints, [""] * n)
    values, texts = index.values, index.texts
    if not n:
        return []
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    sizes = np.diff(np.r_[starts, len(values)])
    pairs = [np.zeros(0, dtype=np.int64)]
    for size in range(2, MAX_POSTING + 1):
        runs = starts[sizes == size]
        if not len(runs):
            continue
        first, second = np.triu_indices(size, k=1)
        members = texts[runs[:, None] + np.arange(size)]  # one row per posting list
        one, other = members[:, first], members[:, second]
        pairs.append((np.minimum(one, other) * n + np.maximum(one, other)).ravel())
    keys, counts = np.unique(np.concatenate(pairs), return_counts=True)
    keys = keys[counts >= MIN_SHARED_SAMPLES]
    return list(zip((keys // n).tolist(), (keys % n).tolist()))
