"""Shingle fingerprints: stable hashes, containment, and an index that proposes only real copy pairs."""
from digest.linking import fingerprint
from digest.linking.fingerprint import candidate_pairs, containment, postings, shingle_hashes

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


def test_postings_kept_from_the_last_call_propose_the_pairs_of_a_fresh_index(monkeypatch):
    monkeypatch.setattr(fingerprint, "MAX_POSTING", 4)  # some hashes in too many texts, some not
    stories = [" ".join(f"the {w} council approved crossing {i} for island {w} today" for i in range(12))
               for w in ("north", "south", "east", "west")]
    texts = [stories[0], stories[0] + " Source link", stories[1], stories[1] + " Read more", stories[2],
             stories[2], stories[0] + " Support us"]  # two texts alike: one content key, two places
    later = [texts[0], texts[1] + " Edited", texts[2], texts[4], texts[5], texts[6], stories[3], stories[3] + " More"]
    last = postings([shingle_hashes(t) for t in texts], texts)
    for now in (later, texts[::-1], texts[:3]):
        fingerprints = [shingle_hashes(t) for t in now]
        assert candidate_pairs(fingerprints, postings(fingerprints, now, last)) == candidate_pairs(fingerprints)
    assert candidate_pairs([shingle_hashes(t) for t in later]) == [(0, 1), (0, 5), (1, 5), (3, 4), (6, 7)]
