"""How alike two texts are in what they report: TF-IDF over words, names and numbers.

Names and numbers weigh more than common words because two events of one kind
(two shootings, two summits of the same presidents) share their vocabulary
but not their people, places, figures and years. Candidate pairs come from a
sparse product of each text's strongest features (an inverted-index join done
by scipy), so texts that share none of them are never compared.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

from .features import Features

KIND_WEIGHT = {"w": 1.0, "n": 2.0, "#": 1.5}  # words, names, numbers
#: Features per text that may suggest a candidate pair.
INDEX_FEATURES = 25
#: A feature held by more texts than this is too common to suggest a pair.
MAX_POSTING = 400
#: Two texts are compared when they share at least this many of their strongest features.
MIN_SHARED = 2
#: Rows whose candidate pairs are found in one sparse product.
ROWS_PER_BLOCK = 2048
#: Values of the dense rows that pair_cosines spreads out at once (2 MB).
DENSE_VALUES = 1 << 18


@dataclass(frozen=True)
class Columns:
    """The sorted vocabulary of some texts, and the columns and counts of each text's terms, text after text.

    Kept for the next discovery: the texts it knows (by content key) need not have their term
    labels looked up again (3 million dict lookups of strings read from the cache at 10,000 texts,
    0.4 s) nor their terms sorted into column order.
    """

    vocabulary: list[str]
    keys: list[str]  # content key of each text
    cols: np.ndarray  # int32: the columns of each text's terms, ascending within the text
    counts: np.ndarray  # int32: how often the text holds each of them
    sizes: np.ndarray  # int64: terms per text
    document_frequency: np.ndarray  # int64: texts holding each term

    @property
    def offsets(self) -> np.ndarray:
        """Where each text's terms start in `cols`, and the end."""
        return np.concatenate(([0], np.cumsum(self.sizes)))


def term_columns(all_features: Sequence[Features], previous: Columns | None = None) -> Columns:
    """The `Columns` of these texts; those of texts `previous` knows are taken from it, renumbered.

    The same as without `previous`: the vocabulary is the sorted set of the terms these texts hold
    (renumbering keeps the order of a text's columns). Known texts in a row that were in a row
    before too (all but the changed ones, after an edit) are copied as one slice.
    """
    keys = [f.key for f in all_features]
    sizes = np.array([len(f.terms) for f in all_features], dtype=np.int64)
    row_of = {key: row for row, key in enumerate(previous.keys)} if previous else {}
    source = np.array([row_of.get(key, -1) for key in keys], dtype=np.int64)
    new = [f for f, row in zip(all_features, source.tolist()) if row < 0]
    vocabulary = previous.vocabulary if previous else []
    added = set().union(*(f.terms for f in new)).difference(vocabulary)
    if added:
        vocabulary = sorted(added.union(vocabulary))
    column = {term: i for i, term in enumerate(vocabulary)} if new else {}
    renumber = (np.fromiter(map(column.__getitem__, previous.vocabulary), dtype=np.int32,
                            count=len(previous.vocabulary)) if previous and added else None)
    fresh = None
    if new:
        fresh = sparse.csr_matrix((
            np.concatenate([f.counts for f in new]),
            np.fromiter(map(column.__getitem__, chain.from_iterable(f.terms for f in new)), dtype=np.int32,
                        count=sum(len(f.terms) for f in new)),
            np.concatenate(([0], np.cumsum([len(f.terms) for f in new])))), shape=(len(new), len(vocabulary)))
        fresh.sort_indices()  # terms are unique within a text: no ties
    if len(new) == len(keys):  # a first link: nothing to copy
        cols, counts = (fresh.indices, fresh.data) if fresh is not None else (np.zeros(0, np.int32),) * 2
    else:
        cols, counts = spliced(source, previous, fresh, renumber)
    frequency = np.bincount(cols, minlength=len(vocabulary))
    used = frequency > 0
    if not used.all():  # terms only the texts that left held
        cols = (np.cumsum(used) - 1).astype(np.int32)[cols]
        vocabulary = [term for term, kept in zip(vocabulary, used.tolist()) if kept]
        frequency = frequency[used]
    return Columns(vocabulary, keys, cols, counts, sizes, frequency)


def spliced(
    source: np.ndarray, previous: Columns, fresh: sparse.csr_matrix | None, renumber: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The columns and counts of texts that are row `source[i]` of `previous` (or, at -1, the next row of
    `fresh`), as runs: rows that follow each other here and there are one slice of `previous`."""
    known = source >= 0
    follows = np.zeros(len(source), dtype=bool)
    follows[1:] = (known[1:] & known[:-1] & (source[1:] == source[:-1] + 1)) | (~known[1:] & ~known[:-1])
    starts = np.flatnonzero(~follows).tolist()
    offsets = previous.offsets
    parts_cols, parts_counts = [], []
    fresh_row = 0
    for start, stop in zip(starts, starts[1:] + [len(source)]):
        if known[start]:
            low, high = offsets[source[start]], offsets[source[stop - 1] + 1]
            cols = previous.cols[low:high]
            parts_cols.append(renumber[cols] if renumber is not None else cols)
            parts_counts.append(previous.counts[low:high])
        else:
            low, high = fresh.indptr[fresh_row], fresh.indptr[fresh_row + stop - start]
            parts_cols.append(fresh.indices[low:high])
            parts_counts.append(fresh.data[low:high])
            fresh_row += stop - start
    return (np.concatenate(parts_cols).astype(np.int32, copy=False),
            np.concatenate(parts_counts).astype(np.int32, copy=False))


def renumbering(previous: Columns, columns: Columns) -> np.ndarray | None:
    """The column now of each column of `previous` (-1: its term is gone); None when they are the same."""
    if previous.vocabulary == columns.vocabulary:
        return None
    column = {term: i for i, term in enumerate(columns.vocabulary)}
    return np.array([column.get(term, -1) for term in previous.vocabulary], dtype=np.int64)


def matrix(all_features: Sequence[Features], columns: Columns | None = None) -> sparse.csr_matrix:
    """Rows are unit-length TF-IDF vectors (sublinear tf, smoothed idf over these texts).

    Columns are the terms in sorted order (`columns`, the texts' `term_columns`, when known). A
    weight is kind × (1 + log tf) × idf, each logarithm taken with `math.log` once per distinct
    count, so the values do not depend on how numpy vectorises. The products are taken in place
    into one buffer: each new array of a value per term (20 MB at 10,000 texts) is paid for in page
    faults in a fresh build process, where it is freshly mapped memory.
    """
    n = len(all_features)
    columns = columns or term_columns(all_features)
    vocabulary, cols, counts, sizes = columns.vocabulary, columns.cols, columns.counts, columns.sizes
    kind = np.array([KIND_WEIGHT[term[0]] for term in vocabulary])
    frequency = columns.document_frequency
    idf = table(frequency, lambda df: math.log((1 + n) / (1 + df)))[frequency]
    values, buffer = kind[cols], np.empty(len(cols))
    values *= np.take(table(counts, lambda c: 1 + math.log(c)), counts, out=buffer)
    values *= np.take(idf, cols, out=buffer)
    if not (idf > 0).all():  # a term every text holds weighs nothing: left out
        keep = (idf > 0)[cols]
        values, cols = values[keep], cols[keep]
        sizes = np.bincount(np.repeat(np.arange(n), sizes)[keep], minlength=n)
    indptr = np.concatenate(([0], np.cumsum(sizes)))
    out = sparse.csr_matrix((values, cols, indptr), shape=(n, len(vocabulary)))  # indices sorted within rows
    filled = np.flatnonzero(sizes)
    norms = np.ones(n)
    squares = np.multiply(out.data, out.data, out=buffer[:len(out.data)])
    norms[filled] = np.sqrt(np.add.reduceat(squares, indptr[filled]))  # as scipy's row sums
    norms[norms == 0] = 1.0
    out.data *= np.repeat(1.0 / norms, sizes)
    return out


def unchanged_rows(columns: Columns, previous: Columns | None) -> np.ndarray:
    """A mask of the rows whose vector is bit for bit the one at their place in the last matrix.

    Same text at the same place, and none of its terms held by more or fewer texts than before
    (idf); none when the number of texts changed, which moves every idf. Candidates and cosines
    between two such rows are then the last ones too, and so are their strongest features.
    """
    n = len(columns.keys)
    if previous is None or len(previous.keys) != n:
        return np.zeros(n, dtype=bool)
    same = np.array([a == b for a, b in zip(columns.keys, previous.keys)], dtype=bool)
    renumber = renumbering(previous, columns)
    if renumber is None:
        moved = columns.document_frequency != previous.document_frequency
    else:
        before = np.zeros(len(columns.vocabulary), dtype=np.int64)
        before[renumber[renumber >= 0]] = previous.document_frequency[renumber >= 0]
        moved = columns.document_frequency != before
    holding = np.searchsorted(columns.offsets, np.flatnonzero(moved[columns.cols]), side="right") - 1
    same[holding] = False
    return same


def table(values: np.ndarray, function) -> np.ndarray:
    """function(v) at index v for each of the values (small non-negative integers), computed once per
    distinct value; 0 at the others."""
    distinct = np.flatnonzero(np.bincount(values)) if len(values) else np.zeros(0, dtype=np.int64)
    lookup = np.zeros(int(distinct[-1]) + 1 if len(distinct) else 1)
    lookup[distinct] = [function(int(v)) for v in distinct]
    return lookup


def strongest(
    vectors: sparse.csr_matrix, last: sparse.csr_matrix | None = None, unchanged: np.ndarray | None = None,
    renumber: np.ndarray | None = None,
) -> sparse.csr_matrix:
    """Each row cut to its INDEX_FEATURES largest values (ties: lower column), without features held by
    too many rows, as a 0/1 matrix.

    `last` is the last call's result and `unchanged` a mask of the rows whose vectors, and the
    document frequency of whose features, are the same as then (`unchanged_rows`): their rows are
    taken from it, their columns renumbered (`renumber`, see `renumbering`), and only the other
    rows are worked out.
    """
    frequent = np.bincount(vectors.indices[vectors.data > 0], minlength=vectors.shape[1]) > MAX_POSTING
    if last is None or unchanged is None or not unchanged.any():
        return strongest_rows(vectors, frequent)
    n = vectors.shape[0]
    changed = np.flatnonzero(~unchanged)
    fresh = strongest_rows(vectors[changed], frequent)
    last_rows = np.repeat(np.arange(n), np.diff(last.indptr))
    kept = unchanged[last_rows]
    kept_cols = last.indices[kept] if renumber is None else renumber[last.indices[kept]]
    fresh_rows = changed[np.repeat(np.arange(len(changed)), np.diff(fresh.indptr))]
    rows = np.concatenate((last_rows[kept], fresh_rows))
    cols = np.concatenate((kept_cols, fresh.indices))
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=vectors.shape)


def strongest_rows(vectors: sparse.csr_matrix, frequent: np.ndarray) -> sparse.csr_matrix:
    """`strongest` of every row, the features `frequent` marks left out.

    ROWS_PER_BLOCK rows at a time become one table, a row each, padded, sorted row by row; the sort
    is stable, so equal values keep their row's column order.
    """
    n = vectors.shape[0]
    usable = ~frequent[vectors.indices]
    cols, data = vectors.indices[usable], vectors.data[usable]
    lengths = np.bincount(np.repeat(np.arange(n), np.diff(vectors.indptr))[usable], minlength=n)
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    rows_kept, cols_kept = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=cols.dtype)]
    for low in range(0, n, ROWS_PER_BLOCK):
        sizes = lengths[low:low + ROWS_PER_BLOCK]
        starts = indptr[low:low + len(sizes)]
        if not sizes.any():
            continue
        begin, end = starts[0], starts[-1] + sizes[-1]
        table = np.full((len(sizes), sizes.max()), np.inf)
        table[np.repeat(np.arange(len(sizes)), sizes), np.arange(begin, end) - starts.repeat(sizes)] = -data[begin:end]
        order = np.argsort(table, axis=1, kind="stable")[:, :INDEX_FEATURES]
        taken = np.arange(order.shape[1]) < sizes[:, None]
        row = np.nonzero(taken)[0]
        rows_kept.append(row + low)
        cols_kept.append(cols[starts[row] + order[taken]])
    rows, kept = np.concatenate(rows_kept), np.concatenate(cols_kept)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, kept)), shape=vectors.shape)


def similar_pairs(
    vectors: sparse.csr_matrix, minimum: float,
    allowed: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    previous: sparse.coo_matrix | None = None, unchanged: np.ndarray | None = None,
    index: sparse.csr_matrix | None = None,
) -> sparse.coo_matrix:
    """Cosine similarity of every candidate pair (i < j) that is at least `minimum`, as an upper triangle
    sorted by i, then j.

    `allowed(first, second)`, a mask over candidate pairs, drops pairs before their cosine is computed.
    Rows are taken ROWS_PER_BLOCK at a time, so memory is bounded by one block's candidates.
    `previous` are the pairs of the last call, and `unchanged` a mask of the rows whose vectors (and
    whose `allowed` pairs) are the same as in it: the pairs between two of those are taken from it,
    and only the pairs of the other rows are looked for. `index` is `strongest(vectors)`, when known.
    """
    index = strongest(vectors) if index is None else index
    n = vectors.shape[0]
    if previous is not None and unchanged is not None and unchanged.any():
        return repaired_pairs(vectors, index, minimum, allowed, previous, unchanged)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start in range(0, n, ROWS_PER_BLOCK):
        first, second = candidates(index, start, min(start + ROWS_PER_BLOCK, n))
        found.append(cosines(vectors, first, second, minimum, allowed))
    values, first, second = (np.concatenate(part) for part in zip(*found)) if found else (np.zeros(0),) * 3
    return sparse.coo_matrix((values, (first, second)), shape=(n, n))


def repaired_pairs(
    vectors: sparse.csr_matrix, index: sparse.csr_matrix, minimum: float, allowed: Callable | None,
    previous: sparse.coo_matrix, unchanged: np.ndarray,
) -> sparse.coo_matrix:
    """`similar_pairs`, the pairs of two unchanged rows kept from `previous`, the others found again."""
    n = vectors.shape[0]
    kept = unchanged[previous.row] & unchanged[previous.col]
    changed = np.flatnonzero(~unchanged)
    found = [(previous.data[kept], previous.row[kept].astype(np.int64), previous.col[kept].astype(np.int64))]
    for start in range(0, len(changed), ROWS_PER_BLOCK):
        rows = changed[start:start + ROWS_PER_BLOCK]
        shared = sparse.csr_matrix(index[rows] @ index.T)
        mine = np.repeat(rows, np.diff(shared.indptr))
        other = shared.indices.astype(np.int64)
        keep = (shared.data >= MIN_SHARED) & (other != mine) & (unchanged[other] | (mine < other))
        first, second = np.minimum(mine, other)[keep], np.maximum(mine, other)[keep]
        order = np.lexsort((second, first))
        found.append(cosines(vectors, first[order], second[order], minimum, allowed))
    values, first, second = (np.concatenate(part) for part in zip(*found))
    order = np.lexsort((second, first))
    return sparse.coo_matrix((values[order], (first[order], second[order])), shape=(n, n))


def cosines(
    vectors: sparse.csr_matrix, first: np.ndarray, second: np.ndarray, minimum: float,
    allowed: Callable | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(cosine, first, second) of the allowed pairs whose cosine is at least `minimum`; `first` is sorted."""
    if allowed is not None:
        keep = allowed(first, second)
        first, second = first[keep], second[keep]
    values = pair_cosines(vectors, first, second)
    keep = values >= minimum
    return values[keep], first[keep], second[keep]


def candidates(index: sparse.csr_matrix, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (i, j), start <= i < stop, i < j, whose texts share at least MIN_SHARED strongest
    features, sorted by i then j."""
    shared = sparse.csr_matrix(index[start:stop] @ index[start:].T)
    first = np.repeat(np.arange(start, stop), np.diff(shared.indptr))
    second = shared.indices.astype(np.int64) + start
    keep = (second > first) & (shared.data >= MIN_SHARED)
    first, second = first[keep], second[keep]
    order = np.lexsort((second, first))  # only the few kept are sorted
    return first[order], second[order]


def pair_cosines(vectors: sparse.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Dot products (unit rows: cosines) of rows `first[k]` and `second[k]`; `first` is sorted.

    A few rows at a time: they are spread side by side into one dense vector, their partners'
    rows taken out with their columns moved to their own row's place in it, and one sparse
    product gives every pair's dot product, summed in the order a row-by-row product sums it.
    The dense vector (DENSE_VALUES) is kept small enough to stay in the processor's cache.
    """
    out = np.zeros(len(second))
    width = vectors.shape[1]
    group = max(1, DENSE_VALUES // max(width, 1))
    bounds = np.searchsorted(first, np.arange(0, vectors.shape[0] + group, group)).tolist()
    for low, begin, end in zip(range(0, vectors.shape[0], group), bounds, bounds[1:]):
        if begin == end:
            continue
        spread = vectors[low:low + group].toarray().ravel()
        partners = vectors[second[begin:end]]
        place = np.repeat((first[begin:end] - low) * width, np.diff(partners.indptr))
        moved = sparse.csr_matrix((partners.data, partners.indices + place, partners.indptr),
                                  shape=(end - begin, len(spread)))
        out[begin:end] = moved @ spread
    return out
