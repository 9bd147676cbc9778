"""Average-linkage clustering over a sparse similarity graph.

Pairs the candidate index never proposed count as similarity 0, so the cost
grows with the number of candidate pairs, not with the square of the corpus.
Merging stops when no two clusters are, on average, at least `threshold`
alike, and a `can_merge` rule (for example, dates too far apart) can veto a merge.

After a merge only the clusters that were near one of the two parts can be
near the whole (its average to a third cluster is a weighted mean of the parts'
averages), so each cluster keeps the set of its near neighbours and a merge
rescores those instead of every neighbour.

Two shortcuts leave the clusters as they were. Clusters only ever merge inside one
connected component of the pairs at or above the threshold (an average is at most its
largest pair), so pairs between components are dropped before clustering. And a pair of
two single items is queued only when it is the best remaining one of its smaller item:
most of them go stale (one item merges first) and were popped only to be thrown away.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

#: Averages this close below the threshold still count as near: the weighted mean bound is exact,
#: its rounding is not.
SLACK = 1e-9


def average_linkage(
    n: int,
    similarity: sparse.spmatrix,
    threshold: float,
    can_merge: Callable[[frozenset[int], frozenset[int], float], bool] = lambda a, b, average: True,
) -> list[list[int]]:
    """Clusters of item indices 0..n-1, each sorted, listed by their smallest member.

    `similarity` holds each pair once (i < j), an n x n sparse matrix.
    """
    pairs = within_components(sparse.coo_matrix(similarity), threshold)
    both = sparse.csr_matrix(pairs + pairs.T)
    members: dict[int, frozenset[int]] = {i: frozenset([i]) for i in range(n)}
    links: list[dict[int, float]] = []  # summed similarity between clusters
    near: list[set[int]] = []  # clusters whose average to this one is (about) at least the threshold
    for i in range(n):
        lo, hi = both.indptr[i], both.indptr[i + 1]
        neighbours, values = both.indices[lo:hi], both.data[lo:hi]
        links.append(dict(zip(neighbours.tolist(), values.tolist())))
        near.append(set(neighbours[values >= threshold - SLACK].tolist()))
    # Pairs of two single items, best first per smaller item. Only the head of each list is queued, the
    # next when it leaves; pairs whose larger item has merged meanwhile are skipped (they are stale).
    strong = pairs.data >= threshold
    order = np.lexsort((pairs.col[strong], -pairs.data[strong], pairs.row[strong]))
    firsts = pairs.row[strong][order]
    starts = np.searchsorted(firsts, np.arange(n + 1)).tolist()
    initial = list(zip((-pairs.data[strong][order]).tolist(), firsts.tolist(), pairs.col[strong][order].tolist()))
    heads = starts[:-1]  # by item: position of its queued initial pair

    def single(item: int) -> bool:
        return len(members.get(item, ())) == 1

    def queue_next(item: int) -> None:
        position, end = heads[item] + 1, starts[item + 1]
        while single(item) and position < end and not single(initial[position][2]):
            position += 1
        if single(item) and position < end:
            heapq.heappush(heap, initial[position])
        heads[item] = position

    heap = [initial[start] for start, end in zip(starts, starts[1:]) if start < end]
    heapq.heapify(heap)
    while heap:
        entry = heapq.heappop(heap)
        negative, a, b = entry
        if heads[a] < starts[a + 1] and initial[heads[a]] == entry:
            queue_next(a)
        if a not in members or b not in members:
            continue
        current = links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(current + negative) > 1e-12 or current < threshold:
            continue  # stale entry: a newer one for this pair is on the heap
        if not can_merge(members[a], members[b], current):
            continue
        keep, gone = min(a, b), max(a, b)
        members[keep] = members[keep] | members.pop(gone)
        keep_links, gone_links = links[keep], links[gone]
        links[gone] = {}
        gone_links.pop(keep, None)
        keep_links.pop(gone, None)
        for other, value in gone_links.items():
            other_links = links[other]
            del other_links[gone]
            other_links[keep] = keep_links[other] = keep_links.get(other, 0.0) + value
        candidates = (near[keep] | near[gone]) - {keep, gone}
        near[keep], near[gone] = set(), set()
        size = len(members[keep])
        for other in candidates:
            near[other].discard(gone)
            average = keep_links[other] / (size * len(members[other]))
            if average >= threshold - SLACK:
                near[keep].add(other)
                near[other].add(keep)
            else:
                near[other].discard(keep)
            if average >= threshold:
                heapq.heappush(heap, (-average, keep, other) if keep < other else (-average, other, keep))
    return sorted(sorted(group) for group in members.values())


def within_components(pairs: sparse.coo_matrix, threshold: float) -> sparse.coo_matrix:
    """The pairs whose ends lie in one connected component of the pairs at or above the threshold."""
    strong = pairs.data >= threshold
    graph = sparse.coo_matrix((pairs.data[strong], (pairs.row[strong], pairs.col[strong])), shape=pairs.shape)
    _, component = connected_components(graph, directed=False)
    inside = component[pairs.row] == component[pairs.col]
    return sparse.coo_matrix((pairs.data[inside], (pairs.row[inside], pairs.col[inside])), shape=pairs.shape)
