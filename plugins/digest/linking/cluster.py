"""Average-linkage clustering over a sparse similarity graph.

Pairs the candidate index never proposed count as similarity 0, so the cost
grows with the number of candidate pairs, not with the square of the corpus.
Merging stops when no two clusters are, on average, at least `threshold`
alike, and a `can_merge` rule (for example, dates too far apart) can veto a merge.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping


def average_linkage(
    n: int,
    similarity: Mapping[tuple[int, int], float],
    threshold: float,
    can_merge: Callable[[frozenset[int], frozenset[int], float], bool] = lambda a, b, average: True,
) -> list[list[int]]:
    """Clusters of item indices 0..n-1, each sorted, listed by their smallest member."""
    members: dict[int, frozenset[int]] = {i: frozenset([i]) for i in range(n)}
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}  # summed similarity between clusters
    for (a, b), value in similarity.items():
        links[a][b] = links[b][a] = value
    heap = [(-value, a, b) for (a, b), value in similarity.items() if value >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        current = links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(current + negative) > 1e-12 or current < threshold:
            continue  # stale entry: a newer one for this pair is on the heap
        if not can_merge(members[a], members[b], current):
            continue
        keep, gone = min(a, b), max(a, b)
        members[keep] = members[keep] | members.pop(gone)
        for other, value in links.pop(gone).items():
            if other == keep:
                continue
            del links[other][gone]
            links[keep][other] = links[other][keep] = links[keep].get(other, 0.0) + value
        links[keep].pop(gone, None)
        for other, total in links[keep].items():
            average = total / (len(members[keep]) * len(members[other]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(keep, other), max(keep, other)))
    return sorted(sorted(group) for group in members.values())
