"""How alike two texts are in what they report: TF-IDF over words, names and numbers.

Names and numbers weigh more than common words because two events of one kind
(two shootings, two summits of the same presidents) share their vocabulary
but not their people, places, figures and years. Candidate pairs come from a
sparse product of each text's strongest features (an inverted-index join done
by scipy), so texts that share none of them are never compared.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .terms import Terms

KIND_WEIGHT = {"w": 1.0, "n": 2.0, "#": 1.5}  # words, names, numbers
#: Features per text that may suggest a candidate pair.
INDEX_FEATURES = 25
#: A feature held by more texts than this is too common to suggest a pair.
MAX_POSTING = 400


def features(terms: Terms) -> Counter:
    counts: Counter = Counter()
    counts.update(f"w:{word}" for word in terms.words)
    counts.update(f"n:{name}" for name in terms.names)
    counts.update(f"#:{number}" for number in terms.numbers)
    return counts


def matrix(all_terms: Sequence[Terms]) -> sparse.csr_matrix:
    """Rows are unit-length TF-IDF vectors (sublinear tf, smoothed idf over these texts)."""
    counts = [features(t) for t in all_terms]
    document_frequency: Counter = Counter()
    for count in counts:
        document_frequency.update(count.keys())
    column = {feature: i for i, feature in enumerate(sorted(document_frequency))}
    n = len(counts)
    rows, cols, values = [], [], []
    for row, count in enumerate(counts):
        for feature, tf in count.items():
            idf = math.log((1 + n) / (1 + document_frequency[feature]))
            if idf > 0:
                rows.append(row)
                cols.append(column[feature])
                values.append(KIND_WEIGHT[feature[0]] * (1 + math.log(tf)) * idf)
    out = sparse.csr_matrix((values, (rows, cols)), shape=(n, len(column)), dtype=np.float64)
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ out)


def strongest(vectors: sparse.csr_matrix) -> sparse.csr_matrix:
    """Each row cut to its INDEX_FEATURES largest values, without features held by too many rows."""
    frequent = np.asarray((vectors > 0).sum(axis=0)).ravel() > MAX_POSTING
    rows, cols = [], []
    for row in range(vectors.shape[0]):
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        indices, data = vectors.indices[start:end], vectors.data[start:end]
        order = np.lexsort((indices, -data))
        kept = [i for i in indices[order] if not frequent[i]][:INDEX_FEATURES]
        rows.extend([row] * len(kept))
        cols.extend(kept)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=vectors.shape)


def similar_pairs(vectors: sparse.csr_matrix, minimum: float) -> dict[tuple[int, int], float]:
    """Cosine similarity of every candidate pair (i < j) whose similarity is at least `minimum`."""
    index = strongest(vectors)
    candidates = sparse.triu(index @ index.T, k=1).tocoo()
    first, second = candidates.row, candidates.col
    if not len(first):
        return {}
    values = pair_cosines(vectors, first, second)
    keep = values >= minimum
    return {(int(a), int(b)): float(v) for a, b, v in zip(first[keep], second[keep], values[keep])}


#: Candidate pairs scored at a time: each pair copies its two rows, so scoring all at once took
#: gigabytes at a few thousand articles (the benchmark, docs/performance.md).
PAIRS_PER_CHUNK = 20_000


def pair_cosines(vectors: sparse.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Dot products of the rows `first[k]` and `second[k]` (unit rows: cosines), in bounded memory."""
    chunks = [
        np.asarray(vectors[first[s:s + PAIRS_PER_CHUNK]].multiply(vectors[second[s:s + PAIRS_PER_CHUNK]])
                   .sum(axis=1)).ravel()
        for s in range(0, len(first), PAIRS_PER_CHUNK)
    ]
    return np.concatenate(chunks)
