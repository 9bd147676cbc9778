"""Terms and similarity: names are capitalised words inside a sentence, and they weigh most."""
import numpy as np
from scipy import sparse

from digest.linking import similarity
from digest.linking.features import extract, features
from digest.linking.model import Doc
from digest.linking.similarity import matrix, similar_pairs, term_columns, unchanged_rows
from digest.linking.terms import terms


def test_names_skip_sentence_openers_and_stopwords_are_dropped():
    found = terms("Police arrested Jamal Rivers on Sunday. The arrest was in Oakdale.", opening=4)
    assert found.names == ("jamal", "river", "oakdale")
    assert "the" not in found.words and "sunday" not in found.words
    assert found.opening_names == frozenset({"jamal", "river"})


def test_numbers_are_kept_apart_from_words():
    assert terms("He drove at 1,180 metres in 2009.").numbers == ("1180", "2009")


def test_shared_names_make_texts_more_alike_than_shared_vocabulary():
    texts = [
        "Police arrested Jamal Rivers after a crash on the highway near Oakdale.",
        "Jamal Rivers was held by Oakdale police after the highway crash.",
        "Police arrested Vince Harlow after a crash on the highway near Pinecrest.",
    ]
    pairs = similar_pairs(matrix([features(Doc(str(i), "", t)) for i, t in enumerate(texts)]), 0.0).todok()
    assert pairs[0, 1] > pairs[0, 2]


def vectors(texts: list[str]):
    return matrix([features(Doc(str(i), "", t)) for i, t in enumerate(texts)])


def test_texts_sharing_a_single_strong_feature_are_not_compared():
    texts = ["Kessler praised the harbour plan.", "Kessler opened a museum.", "The mayor praised the harbour bridge."]
    pairs = similar_pairs(vectors(texts), 0.0).todok()
    assert (0, 2) in pairs and (0, 1) not in pairs


def test_pairs_and_cosines_do_not_depend_on_the_block_sizes(monkeypatch):
    names, places, works = ["Kessler", "Moreau", "Okafor"], ["harbour", "bridge", "museum", "tunnel"], ["plan", "deal"]
    texts = [f"Mayor {names[i % 3]} praised the {places[i % 4]} {works[i % 2]}." for i in range(15)]
    whole = similar_pairs(vectors(texts), 0.0)
    monkeypatch.setattr(similarity, "ROWS_PER_BLOCK", 2)
    monkeypatch.setattr(similarity, "DENSE_VALUES", 1)  # one row spread at a time
    blocks = similar_pairs(vectors(texts), 0.0)
    assert whole.nnz > 20
    assert (whole.row.tolist(), whole.col.tolist(), whole.data.tolist()) == (
        blocks.row.tolist(), blocks.col.tolist(), blocks.data.tolist())


def test_rows_are_unit_length_and_a_text_without_rare_terms_is_empty():
    rows = vectors(["Kessler praised the harbour plan.", "Moreau opened a museum.", "", "Kessler opened a museum."])
    assert np.allclose(np.sqrt(rows.multiply(rows).sum(axis=1)).ravel(), [1, 1, 0, 1])
    assert all((np.diff(rows.indices[a:b]) > 0).all() for a, b in zip(rows.indptr, rows.indptr[1:]))


def test_each_text_indexes_its_strongest_features_and_ties_go_to_the_lower_column(monkeypatch):
    rows = sparse.csr_matrix(np.array([[0, 0.5, 0, 0.5, 0, 0.5, 0.2], [0.1, 0, 0.3, 0, 0, 0, 0], [0] * 7,
                                       [0.4, 0, 0, 0, 0.9, 0.4, 0]]))
    monkeypatch.setattr(similarity, "INDEX_FEATURES", 2)
    for block in (1, 3, 2048):
        monkeypatch.setattr(similarity, "ROWS_PER_BLOCK", block)
        index = similarity.strongest(rows)
        assert [index.indices[a:b].tolist() for a, b in zip(index.indptr, index.indptr[1:])] == [
            [1, 3], [0, 2], [], [0, 4]]


def triangle(pairs) -> tuple[list, list, list]:
    return pairs.row.tolist(), pairs.col.tolist(), pairs.data.tolist()


def test_pairs_and_strongest_features_kept_from_the_last_matrix_equal_those_found_again(monkeypatch):
    monkeypatch.setattr(similarity, "ROWS_PER_BLOCK", 3)  # changed rows in more than one block
    names, places, works = ["Kessler", "Moreau", "Okafor"], ["harbour", "bridge", "museum", "tunnel"], ["plan", "deal"]
    texts = [f"Mayor {names[i % 3]} praised the {places[i % 4]} {works[i % 2]} in {2000 + i % 5}." for i in range(18)]
    last = extract([Doc(str(i), "", t) for i, t in enumerate(texts)])
    last_columns = term_columns(last)
    last_pairs = similar_pairs(matrix(last, last_columns), 0.0)
    last_index = similarity.strongest(matrix(last, last_columns))
    edits = {
        "terms it holds already (no idf moves)": {4: texts[4] + " Mayor Moreau praised the plan."},
        "a term new to the corpus": {4: texts[4] + " Zebra crossing."},
        "a term others hold, two texts": {4: texts[4] + " The museum deal.", 11: texts[11] + " Okafor left."},
    }
    for edit, changed in edits.items():
        now = [f if i not in changed else features(Doc(str(i), "", changed[i])) for i, f in enumerate(last)]
        columns = term_columns(now, last_columns)
        cold = term_columns(now)
        assert columns.vocabulary == cold.vocabulary and columns.cols.tolist() == cold.cols.tolist(), edit
        assert columns.counts.tolist() == cold.counts.tolist(), edit
        unchanged = unchanged_rows(columns, last_columns)
        assert not unchanged[list(changed)].any() and unchanged.sum() >= 4, edit
        index = similarity.strongest(matrix(now, columns), last_index, unchanged,
                                     similarity.renumbering(last_columns, columns))
        fresh_index = similarity.strongest(matrix(now))
        assert (index != fresh_index).nnz == 0 and index.nnz == fresh_index.nnz, edit
        reused = similar_pairs(matrix(now, columns), 0.0, None, last_pairs, unchanged, index)
        assert triangle(reused) == triangle(similar_pairs(matrix(now), 0.0)), edit
    assert unchanged_rows(term_columns(last[:-1], last_columns), last_columns).sum() == 0  # every idf moved


def test_term_columns_of_known_texts_are_renumbered_to_the_sorted_vocabulary_of_the_texts_now():
    docs = [Doc("a", "", "Kessler praised the harbour plan."), Doc("b", "", "Moreau opened a museum."),
            Doc("c", "", "Okafor closed the tunnel.")]
    last = extract(docs)
    now = [last[0], features(Doc("d", "", "Abbott toured the harbour.")), last[2]]  # "museum" leaves, "abbott" comes
    columns, cold = term_columns(now, term_columns(last)), term_columns(now)
    assert columns.vocabulary == cold.vocabulary and columns.keys == cold.keys
    assert columns.cols.tolist() == cold.cols.tolist() and columns.sizes.tolist() == cold.sizes.tolist()
    assert columns.counts.tolist() == cold.counts.tolist()


def test_term_columns_of_known_texts_in_another_order_or_twice_equal_fresh_ones():
    texts = ["Kessler praised the harbour plan.", "Moreau opened a museum.", "Okafor closed the tunnel.",
             "Abbott left."]
    last = extract([Doc(str(i), "", t) for i, t in enumerate(texts)])
    for now in ([last[2], last[0], last[1]], [last[0], last[0], last[3], last[1]], [last[1], last[2], last[3]]):
        columns, cold = term_columns(now, term_columns(last)), term_columns(now)
        assert columns.vocabulary == cold.vocabulary and columns.cols.tolist() == cold.cols.tolist()
        assert columns.counts.tolist() == cold.counts.tolist()
        assert columns.document_frequency.tolist() == cold.document_frequency.tolist()
