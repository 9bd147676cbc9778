"""How alike two texts are in what they report: TF-IDF over words, names and numbers.

Names and numbers weigh more than common words because two events of one kind
(two shootings, two summits of the same presidents) share their vocabulary
but not their people, places, figures and years. Candidate pairs come from an
inverted index over each text's strongest features, so no two texts are
compared unless they share some of them.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from .terms import Terms

WORD_WEIGHT = 1.0
NAME_WEIGHT = 2.0
NUMBER_WEIGHT = 1.5
#: Features per text that go into the inverted index.
INDEX_FEATURES = 25
#: A feature held by more texts than this is too common to suggest a pair.
MAX_POSTING = 400

Vector = dict[str, float]


def features(terms: Terms) -> Counter:
    counts: Counter = Counter()
    counts.update(f"w:{word}" for word in terms.words)
    counts.update(f"n:{name}" for name in terms.names)
    counts.update(f"#:{number}" for number in terms.numbers)
    return counts


KIND_WEIGHT = {"w": WORD_WEIGHT, "n": NAME_WEIGHT, "#": NUMBER_WEIGHT}


def vectors(all_terms: Sequence[Terms]) -> list[Vector]:
    """Unit-length TF-IDF vectors (sublinear tf, smoothed idf over these texts)."""
    counts = [features(t) for t in all_terms]
    document_frequency: Counter = Counter()
    for count in counts:
        document_frequency.update(count.keys())
    n = len(counts)
    out = []
    for count in counts:
        vector = {
            feature: KIND_WEIGHT[feature[0]] * (1 + math.log(tf)) * math.log((1 + n) / (1 + document_frequency[feature]))
            for feature, tf in count.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        out.append({feature: v / norm for feature, v in vector.items() if v > 0})
    return out


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(feature, 0.0) for feature, v in a.items())


def candidate_pairs(all_vectors: Sequence[Vector]) -> set[tuple[int, int]]:
    """Pairs (i < j) of texts sharing at least one of their strongest features."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(all_vectors):
        for feature in sorted(vector, key=lambda f: (-vector[f], f))[:INDEX_FEATURES]:
            postings[feature].append(index)
    pairs = set()
    for members in postings.values():
        if len(members) <= MAX_POSTING:
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return pairs
