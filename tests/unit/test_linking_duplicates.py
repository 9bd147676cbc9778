"""Syndicated copies: pairs, groups, the canonical original and inherited metadata."""
from datetime import date

from digest.linking.duplicates import canonical, duplicate_pairs, groups, inherited_fields
from digest.linking.fingerprint import postings, shingle_hashes
from digest.linking.model import Doc, content_key

BODY = "\n".join(f"Paragraph {i}: the harbour council voted on the evening ferry timetable again." for i in range(10))


def test_copies_pair_up_and_different_texts_do_not():
    docs = [
        Doc("a", "A", BODY),
        Doc("b", "B", BODY + "\nSource link"),
        Doc("c", "C", BODY.replace("harbour council", "city parliament").replace("ferry", "tram")),
    ]
    pairs = duplicate_pairs(docs, [shingle_hashes(doc.text) for doc in docs])
    assert [(a, b) for a, b, _ in pairs] == [("a", "b")]
    assert groups(pairs) == [["a", "b"]]


WORDS = "amber brass cedar delta ember flint garnet harbor indigo jasper kelp lumen marble".split()


def test_containments_kept_from_the_last_call_are_those_of_the_same_texts():
    docs = [Doc("a", "A", BODY), Doc("b", "B", BODY + "\nSource link"), Doc("c", "C", BODY[:200])]
    fingerprints = [shingle_hashes(doc.text) for doc in docs]
    known: dict = {}
    first = duplicate_pairs(docs, fingerprints, postings(fingerprints, [content_key(d) for d in docs]), known)
    assert first == duplicate_pairs(docs, fingerprints) and known
    other = "\n".join(f"Line {i}: the {w} museum opened a wing for {w} prints." for i, w in enumerate(WORDS))
    docs[1] = Doc("b", "B", "\n".join(BODY.split("\n")[:6] + [other]))  # still a candidate of a, no copy any more
    fingerprints[1] = shingle_hashes(docs[1].text)
    again = duplicate_pairs(docs, fingerprints, postings(fingerprints, [content_key(d) for d in docs]), known)
    assert again == duplicate_pairs(docs, fingerprints) != first


def test_canonical_prefers_complete_metadata_then_the_earliest():
    bare = Doc("x1", "", BODY, date=date(2021, 6, 1))
    full = Doc("x2", "Title", BODY, date=date(2021, 6, 15), authors=("A. Writer",), outlet="Daily")
    assert canonical([bare, full]) is full
    early = Doc("x3", "Title", BODY, date=date(2021, 6, 14), authors=("A. Writer",), outlet="Weekly")
    assert canonical([full, early]) is early


def test_a_copy_inherits_only_what_it_lacks():
    original = Doc("o", "T", BODY, date=date(2021, 6, 15), authors=("A. Writer",), outlet="Daily")
    copy = Doc("c", "T2", BODY, outlet="Mirror")
    assert inherited_fields(copy, original) == {"authors": ("A. Writer",), "date": date(2021, 6, 15)}
