"""Average linkage over a sparse graph: a threshold, and a veto."""
import numpy as np
from scipy import sparse

from digest.linking import cluster, linkage
from digest.linking.cluster import average_linkage


def graph(n: int, similarity: dict[tuple[int, int], float]) -> sparse.coo_matrix:
    (rows, cols), values = zip(*similarity), list(similarity.values())
    return sparse.coo_matrix((values, (rows, cols)), shape=(n, n))


def test_items_join_while_the_average_stays_above_the_threshold():
    similarity = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7, (2, 3): 0.05}
    assert average_linkage(4, graph(4, similarity), 0.5) == [[0, 1, 2], [3]]


def test_missing_pairs_count_as_zero_in_the_average():
    # 2 is close to 1 only: its average to {0, 1} is (0 + 0.6) / 2 = 0.3
    assert average_linkage(3, graph(3, {(0, 1): 0.9, (1, 2): 0.6}), 0.5) == [[0, 1], [2]]


def test_a_veto_keeps_clusters_apart():
    similarity = {(0, 1): 0.9, (2, 3): 0.9, (1, 2): 0.9, (0, 3): 0.9, (0, 2): 0.9, (1, 3): 0.9}
    apart = average_linkage(4, graph(4, similarity), 0.5, lambda a, b, avg: not ({0, 2} <= a | b))
    assert [0, 2] not in apart and len(apart) == 2


def random_graph(n: int, seed: int) -> sparse.coo_matrix:
    """Groups of 8 alike items, and weaker pairs across groups."""
    rng = np.random.default_rng(seed)
    pairs = {}
    for i in range(n):
        for j in range(i + 1, n):
            same = i // 8 == j // 8
            if rng.random() < (0.8 if same else 0.1):
                pairs[i, j] = round(float(rng.uniform(0.15, 0.6) if same else rng.uniform(0.02, 0.3)), 6)
    return graph(n, pairs)


def test_components_clustered_from_their_dendrogram_match_the_greedy_loop(monkeypatch):
    apart = lambda a, b, average: len(a | b) <= 6 and not ({3, 11} <= a | b)  # noqa: E731
    for seed in range(5):
        similarity = random_graph(40, seed)
        dense = [average_linkage(40, similarity, 0.2), average_linkage(40, similarity, 0.2, apart)]
        monkeypatch.setattr(cluster, "MAX_DENSE", 0)
        loop = [average_linkage(40, similarity, 0.2), average_linkage(40, similarity, 0.2, apart)]
        monkeypatch.undo()
        assert dense == loop
        assert max(map(len, dense[0])) > 6 and max(map(len, dense[1])) <= 6


def test_clusters_of_a_first_pass_are_merged_before_anything_else():
    # 2 is close to 0 only. Best pair first: {0, 2}, and 1 stays out (0.12 / 2 = 0.06). With {0, 1}
    # from a first pass, 2 joins it at (0.5 + 0) / 2 = 0.25.
    similarity = graph(3, {(0, 1): 0.12, (0, 2): 0.5})
    assert average_linkage(3, similarity, 0.1) == [[0, 2], [1]]
    assert average_linkage(3, similarity, 0.1, start=[[0, 1]]) == [[0, 1, 2]]


def test_small_components_get_scipys_average_linkage_merge_for_merge(monkeypatch):
    from scipy.cluster.hierarchy import linkage as scipys

    rng = np.random.default_rng(7)
    for trial in range(400):
        m = int(rng.integers(2, 40))
        k = m * (m - 1) // 2
        distances = [rng.random(k), rng.integers(0, 4, k) / 4.0,  # ties everywhere
                     np.where(rng.random(k) < 0.8, 1.0, 1 - rng.random(k))][trial % 3]  # mostly missing pairs
        assert np.array_equal(linkage.average(distances, m), scipys(distances, method="average"))
    monkeypatch.setattr(linkage, "MAX_ITEMS", 5)  # larger ones go to scipy itself
    assert np.array_equal(linkage.average(distances, m), scipys(distances, method="average"))


def test_connected_components_are_scipys():
    from scipy.sparse.csgraph import connected_components as scipys

    rng = np.random.default_rng(3)
    for n, edges in ((1, 0), (30, 0), (30, 20), (200, 150), (200, 400), (1000, 900)):
        first, second = rng.integers(0, n, edges), rng.integers(0, n, edges)
        count, component = cluster.connected_components(n, first, second)
        expected_count, expected = scipys(sparse.coo_matrix((np.ones(edges), (first, second)), shape=(n, n)),
                                          directed=False)
        assert count == expected_count
        assert sorted(map(sorted, groups(component))) == sorted(map(sorted, groups(expected)))
    chain = np.arange(999)  # a long path: roots hooked one under another
    assert cluster.connected_components(1000, chain[::-1], chain[::-1] + 1)[0] == 1


def groups(component: np.ndarray) -> list[list[int]]:
    found: dict[int, list[int]] = {}
    for item, number in enumerate(component.tolist()):
        found.setdefault(number, []).append(item)
    return list(found.values())
