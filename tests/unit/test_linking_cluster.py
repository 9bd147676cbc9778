"""Average linkage over a sparse graph: a threshold, and a veto."""
from scipy import sparse

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
