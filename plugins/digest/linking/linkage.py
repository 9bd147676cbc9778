"""Average linkage of a small dense distance matrix, merge for merge what scipy's `linkage` returns.

A relink clusters again only the component of the changed text (`cluster.Remembered`), mostly a few
dozen items, and importing `scipy.cluster.hierarchy` for it (it loads `scipy.spatial`) costs more
than the whole clustering: 0.12 s of CPU at every relink. This is the algorithm scipy runs for
average linkage (the nearest-neighbour chain, with the same preference for the chain's previous
item among equally near ones, the same Lance-Williams update in the same floating-point order, the
merges sorted stably by height and labelled as scipy labels them), one numpy row at a time: the
same linkage matrix, bit for bit (`tests/unit/test_linking_cluster.py` compares them). Larger
components, which a dense square matrix would make costly, still go to scipy.
"""
from __future__ import annotations

import numpy as np

#: Largest number of items clustered here (a dense square matrix: 8 MB at 1,000).
MAX_ITEMS = 1000


def average(distances: np.ndarray, m: int) -> np.ndarray:
    """scipy's `linkage(distances, method="average")` for the condensed `distances` of `m` items."""
    if m > MAX_ITEMS:
        from scipy.cluster.hierarchy import linkage

        return linkage(distances, method="average")
    square = np.full((m, m), np.inf)
    upper = np.triu_indices(m, k=1)
    square[upper] = distances
    square.T[upper] = distances
    size = np.ones(m)
    merges = np.empty((max(m - 1, 0), 4))
    chain: list[int] = []
    for step in range(m - 1):
        if not chain:
            chain.append(int(np.flatnonzero(size)[0]))
        while True:
            x = chain[-1]
            row = square[x]
            y = int(row.argmin())  # the first of the nearest
            if len(chain) > 1 and not row[y] < row[chain[-2]]:
                y = chain[-2]  # the previous item, unless another is strictly nearer
                break
            chain.append(y)
        del chain[-2:]
        x, y = min(x, y), max(x, y)
        height, nx, ny = square[x, y], size[x], size[y]
        merges[step] = x, y, height, nx + ny
        updated = (nx * square[x] + ny * square[y]) / (nx + ny)
        size[x], size[y] = 0.0, nx + ny
        updated[size == 0] = np.inf
        updated[y] = np.inf
        square[y], square[:, y] = updated, updated
        square[x], square[:, x] = np.inf, np.inf
    merges = merges[np.argsort(merges[:, 2], kind="mergesort")]
    relabel(merges, m)
    return merges


def relabel(merges: np.ndarray, m: int) -> None:
    """Name each merged pair by its clusters' ids (an item, or m + the row that made the cluster), smaller
    first, as scipy labels its sorted merges."""
    parent, size = list(range(2 * m - 1)), [1] * m + [0] * (m - 1)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for step in range(len(merges)):
        a, b = root(int(merges[step, 0])), root(int(merges[step, 1]))
        merges[step, 0], merges[step, 1] = min(a, b), max(a, b)
        parent[a] = parent[b] = m + step
        size[m + step] = merges[step, 3] = size[a] + size[b]
