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

Each component is first clustered by scipy's average linkage (compiled, over the component's
dense distances 1 - similarity, missing pairs at 1): without a veto, merging the most alike
pair first is what both do, and average linkage never merges below an earlier merge, so the
merges of its dendrogram down to the threshold are the greedy ones (up to rounding at the
threshold and between exactly equal averages). They are replayed through `can_merge`; when one
is vetoed, the greedy loop here goes on from the clusters before it (when the component is too
large for a dense matrix, from single items). A second pass may start from the clusters of a
first one (`start`, see events.discover); a component holding any goes to the loop from them.
"""
from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from . import linkage

#: Averages this close below the threshold still count as near: the weighted mean bound is exact,
#: its rounding is not.
SLACK = 1e-9
#: Largest component clustered from its dense distances (m (m - 1) / 2 of them: 100 MB at 5,000).
MAX_DENSE = 5000


@dataclass
class Remembered:
    """Clusters of components by all that clustering them reads: those of the last calls, and this one's.

    `about[i]` is what `can_merge` reads about item i (for example its text's digest and its date). A
    component with the same items, pairs, threshold, clusters to start from and `about` as one of
    the last calls' is clustered as it was: after an edit of one text most components are.
    """

    about: Sequence[str]
    last: dict[bytes, list[list[int]]] = field(default_factory=dict)
    now: dict[bytes, list[list[int]]] = field(default_factory=dict)

    def signature(self, items: np.ndarray, first: np.ndarray, second: np.ndarray, values: np.ndarray,
                  threshold: float, start: list) -> bytes:
        """A digest of a component: its items, its pairs (positions in items, and values), the threshold,
        the clusters it starts from and what `can_merge` reads about each item."""
        started = repr((threshold, [group.tolist() for group in start])).encode()
        digest = hashlib.blake2b(started, digest_size=20)
        for array in (items.astype(np.int64), first.astype(np.int64), second.astype(np.int64), values):
            digest.update(array.tobytes())
        digest.update("\0".join(self.about[i] for i in items.tolist()).encode())
        return digest.digest()


def average_linkage(
    n: int,
    similarity: sparse.spmatrix,
    threshold: float,
    can_merge: Callable[[frozenset[int], frozenset[int], float], bool] = lambda a, b, average: True,
    start: Sequence[Sequence[int]] = (),
    remembered: Remembered | None = None,
) -> list[list[int]]:
    """Clusters of item indices 0..n-1, each sorted, listed by their smallest member.

    `similarity` holds each pair once (i < j), an n x n sparse matrix. `start` are clusters
    (of items) already merged, from a first pass over some of the pairs. Components that
    `remembered` knows take its clusters, and each component's are added to it.
    """
    pairs = sparse.coo_matrix(similarity)
    strong = pairs.data >= threshold
    count, component = connected_components(n, pairs.row[strong], pairs.col[strong])
    order = np.argsort(component[pairs.row], kind="stable")
    row, col, data = pairs.row[order], pairs.col[order], pairs.data[order]
    inside = component[row] == component[col]
    row, col, data = row[inside], col[inside], data[inside]
    by_component = np.argsort(component, kind="stable")  # items, ascending within each component
    item_bounds = np.searchsorted(component[by_component], np.arange(count + 1)).tolist()
    pair_bounds = np.searchsorted(component[row], np.arange(count + 1)).tolist()
    started: dict[int, list[np.ndarray]] = {}
    for group in start:
        if len(group) > 1:
            started.setdefault(int(component[group[0]]), []).append(np.asarray(group))
    clusters: list[list[int]] = []
    for number in range(count):
        items = by_component[item_bounds[number]:item_bounds[number + 1]]
        if len(items) == 1:
            clusters.append(items.tolist())
            continue
        lo, hi = pair_bounds[number], pair_bounds[number + 1]
        positions = (np.searchsorted(items, row[lo:hi]), np.searchsorted(items, col[lo:hi]))
        shape = (len(items), len(items))
        groups = [np.searchsorted(items, group) for group in started.get(number, ())]
        if remembered is None:
            local = sparse.coo_matrix((data[lo:hi], positions), shape=shape)
            clusters += component_clusters(items, local, threshold, can_merge, groups)
            continue
        signature = remembered.signature(items, *positions, data[lo:hi], threshold, groups)
        found = remembered.last.get(signature)  # a known component needs no sparse matrix
        found = found or component_clusters(items, sparse.coo_matrix((data[lo:hi], positions), shape=shape),
                                            threshold, can_merge, groups)
        remembered.now[signature] = found
        clusters += found
    return sorted(clusters)


def connected_components(n: int, first: np.ndarray, second: np.ndarray) -> tuple[int, np.ndarray]:
    """The number of connected components of n items joined by the pairs (first[k], second[k]), and each
    item's component, numbered in the order of their smallest items.

    Each component's smallest item becomes its root: the larger of two roots a pair joins is hooked
    under the smaller, then every item jumps to its root, until no pair joins two roots. (These are
    `scipy.sparse.csgraph`'s components, but importing it loads `scipy.sparse.linalg` and
    `scipy.linalg`: 0.05 s of every relink.)
    """
    root = np.arange(n)
    while True:
        a, b = root[first], root[second]
        apart = a != b
        if not apart.any():
            break
        np.minimum.at(root, np.maximum(a[apart], b[apart]), np.minimum(a[apart], b[apart]))
        while not np.array_equal(up := root[root], root):
            root = up
    roots, component = np.unique(root, return_inverse=True)
    return len(roots), component


def component_clusters(
    items: np.ndarray, local: sparse.coo_matrix, threshold: float, can_merge: Callable,
    start: list[np.ndarray],
) -> list[list[int]]:
    """The clusters (of items) of one component: `local` are its pairs, `start` its started clusters
    (positions)."""
    if start:
        return greedy(items, local, threshold, can_merge, [group.tolist() for group in start])
    found, whole = dendrogram(items, local, threshold, can_merge) if len(items) <= MAX_DENSE else ([], False)
    if whole:
        return [items[group].tolist() for group in found]
    return greedy(items, local, threshold, can_merge, [group for group in found if len(group) > 1])


def dendrogram(
    items: np.ndarray, pairs: sparse.coo_matrix, threshold: float, can_merge: Callable
) -> tuple[list[list[int]], bool]:
    """The clusters (positions in `items`) of scipy's average linkage (`linkage.average`) cut at the
    threshold, and True; or, when `can_merge` vetoes one of its merges, the clusters before it and False."""
    m = len(items)
    distances = np.ones(m * (m - 1) // 2)
    i, j = pairs.row.astype(np.int64), pairs.col.astype(np.int64)
    distances[m * i - i * (i + 1) // 2 + j - i - 1] = 1.0 - pairs.data
    merged: list[frozenset[int]] = [frozenset([position]) for position in range(m)]
    used: set[int] = set()
    whole = True
    for first, second, height, _ in linkage.average(distances, m).tolist():
        average = 1.0 - height
        if average < threshold:
            break
        a, b = merged[int(first)], merged[int(second)]
        if not can_merge(frozenset(items[list(a)].tolist()), frozenset(items[list(b)].tolist()), average):
            whole = False
            break
        used.update((int(first), int(second)))
        merged.append(a | b)
    return [sorted(group) for number, group in enumerate(merged) if number not in used], whole


def greedy(
    items: np.ndarray, pairs: sparse.coo_matrix, threshold: float, can_merge: Callable,
    start: list[list[int]] | None = None,
) -> list[list[int]]:
    """The clusters of one component, merging the most alike pair that `can_merge` allows first.

    `pairs` are between positions in `items` (i < j); clusters hold items. `start` are clusters
    already merged (positions; the others are single), each known by its smallest position.
    """
    n = len(items)
    label = np.arange(n)
    for group in start or ():
        label[group] = min(group)
    size = np.bincount(label, minlength=n)
    first, second = label[pairs.row], label[pairs.col]
    apart = first != second
    first, second = np.minimum(first, second)[apart], np.maximum(first, second)[apart]
    pairs = sparse.coo_matrix(sparse.csr_matrix((pairs.data[apart], (first, second)), shape=(n, n)))  # sums
    both = sparse.csr_matrix(pairs + pairs.T)
    members: dict[int, frozenset[int]] = {i: frozenset([item]) for i, item in enumerate(items.tolist()) if size[i] == 1}
    for group in start or ():
        members[min(group)] = frozenset(items[group].tolist())
    links: list[dict[int, float]] = []  # summed similarity between clusters
    near: list[set[int]] = []  # clusters whose average to this one is (about) at least the threshold
    for i in range(n):
        lo, hi = both.indptr[i], both.indptr[i + 1]
        neighbours, values = both.indices[lo:hi], both.data[lo:hi]
        links.append(dict(zip(neighbours.tolist(), values.tolist())))
        near.append(set(neighbours[values / (size[i] * size[neighbours]) >= threshold - SLACK].tolist()))
    averages = pairs.data / (size[pairs.row] * size[pairs.col])
    merged = (size[pairs.row] > 1) | (size[pairs.col] > 1)  # pairs of a started cluster: queued as they are
    ready = merged & (averages >= threshold)
    queued = list(zip((-averages[ready]).tolist(), pairs.row[ready].tolist(), pairs.col[ready].tolist()))
    # Pairs of two single items, best first per smaller item. Only the head of each list is queued, the
    # next when it leaves; pairs whose larger item has merged meanwhile are skipped (they are stale).
    strong = (pairs.data >= threshold) & ~merged
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

    heap = [initial[begin] for begin, end in zip(starts, starts[1:]) if begin < end] + queued
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
    return [sorted(group) for group in members.values()]
