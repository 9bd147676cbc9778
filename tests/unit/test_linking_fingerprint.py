"""Shingle fingerprints: stable hashes, containment, and an index that proposes only real copy pairs."""
from digest.linking.fingerprint import candidate_pairs, containment, shingle_hashes

STORY = " ".join(f"the council approved crossing number {i} for the island villages today" for i in range(12))


def test_hashes_are_stable_across_runs():
    assert shingle_hashes("one two three four five")[0] == 395050957228007080


def test_a_copy_with_extra_furniture_is_contained_in_its_original():
    copy = STORY + " Source link. Read more. Support us with a donation."
    assert containment(shingle_hashes(STORY), shingle_hashes(copy)) == 1.0


def test_the_index_proposes_the_copy_and_not_an_unrelated_text():
    other = " ".join(f"a storm closed road {i} near the northern coast last night" for i in range(12))
    fingerprints = [shingle_hashes(t) for t in (STORY, other, STORY + " Source link")]
    assert candidate_pairs(fingerprints) == [(0, 2)]


def test_texts_shorter_than_a_shingle_have_no_fingerprint():
    assert len(shingle_hashes("too short")) == 0
    assert containment(shingle_hashes("too short"), shingle_hashes(STORY)) == 0.0
