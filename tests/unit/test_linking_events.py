"""Summit assignment and event discovery."""
from datetime import date
from pathlib import Path

from digest.linking.catalogue import load
from digest.linking.cluster import average_linkage
from digest.linking.events import (
    LINK_THRESHOLD, MIN_PAIR_SIMILARITY, Memo, assign, discover, discovered_event, story_rules, within_span,
)
from digest.linking.features import content_key, extract
from digest.linking.model import Doc
from digest.linking.similarity import matrix, similar_pairs

FIXTURES = Path(__file__).parents[1] / "fixtures" / "linking" / "summits"


def fixture_doc(name: str, when: date | None = None) -> Doc:
    title, _, body = (FIXTURES / name).read_text(encoding="utf-8").partition("\n")
    return Doc(name, title.strip(), body.strip(), date=when)


def test_a_passing_mention_of_an_earlier_summit_does_not_pull_the_article_in():
    summits = load(FIXTURES / "catalogue.yaml")
    result = assign([fixture_doc("preview.txt"), fixture_doc("followup.txt")], summits, {})
    assert result["preview.txt"][0] == "lisbon-2022"
    assert result["followup.txt"][0] == "call-2022-09"
    assert all(0.5 <= confidence <= 1 for _, confidence in result.values())


def test_a_date_far_from_every_summit_leaves_the_article_unassigned():
    summits = load(FIXTURES / "catalogue.yaml")
    far = fixture_doc("preview.txt", date(2024, 1, 1))
    assert assign([far], summits, {far.id: far.date}) == {}


def test_the_curators_summit_wins_over_the_evidence():
    summits = load(FIXTURES / "catalogue.yaml")
    chosen = fixture_doc("preview.txt")
    chosen = Doc(chosen.id, chosen.title, chosen.text, summit="call-2022-09")
    unknown = Doc("other.txt", chosen.title, chosen.text, summit="no-such-summit")
    result = assign([chosen, unknown], summits, {})
    assert result["preview.txt"] == ("call-2022-09", 1.0)
    assert result["other.txt"][0] == "lisbon-2022"


def test_assignments_kept_from_the_last_call_are_those_a_fresh_call_makes():
    summits = load(FIXTURES / "catalogue.yaml")
    docs = [fixture_doc("preview.txt"), fixture_doc("followup.txt")]
    keys = [content_key(doc) for doc in docs]
    memo = Memo()
    far = {"preview.txt": date(2024, 1, 1)}
    for catalogue, dates in ((summits, {}), (summits, {}), (summits, far), (summits[1:], far), (summits[1:], {})):
        assert assign(docs, catalogue, dates, memo, keys) == assign(docs, catalogue, dates)
    assert set(memo.assigned) == {(key, None) for key in keys}


def story(doc_id: str, person: str, town: str, number: int) -> Doc:
    text = (f"Police arrested {person} in {town} after a crash on the highway.\n"
            f"{person} was driving at {number} kilometres an hour, officers in {town} said.\n"
            f"The arrest of {person} follows months of complaints about speeding near {town}.")
    return Doc(doc_id, f"{person} arrested in {town}", text)


def test_two_stories_of_one_kind_are_discovered_apart():
    docs = [story(f"a{i}", "Jamal Rivers", "Oakdale", 180) for i in range(3)]
    docs += [story(f"b{i}", "Vince Harlow", "Pinecrest", 95) for i in range(3)]
    groups = discover(docs, {}, extract(docs))
    assert sorted(sorted(g) for g in groups) == [["a0", "a1", "a2"], ["b0", "b1", "b2"]]


def test_coverage_months_apart_is_not_one_event():
    docs = [story("a0", "Jamal Rivers", "Oakdale", 180), story("a1", "Jamal Rivers", "Oakdale", 180)]
    groups = discover(docs, {"a0": date(2021, 1, 1), "a1": date(2021, 9, 1)}, extract(docs))
    assert len(groups) == 2


def test_pairs_beyond_the_event_span_are_dropped_without_changing_the_clusters():
    docs = [story(f"{m:02d}{i}", "Jamal Rivers" if m % 2 else "Vince Harlow", "Oakdale", 180 + i)
            for m in range(1, 7) for i in range(3)]
    known = [None if i == 2 and m % 2 else date(2021, m, 1 + 9 * i) for m in range(1, 7) for i in range(3)]
    dates = {doc.id: day for doc, day in zip(docs, known) if day}
    features = extract(docs)
    every = similar_pairs(matrix(features), MIN_PAIR_SIMILARITY)
    within = similar_pairs(matrix(features), MIN_PAIR_SIMILARITY, within_span(known))
    assert 0 < within.nnz < every.nnz
    rules = story_rules([f.lead_names for f in features], known)
    assert average_linkage(len(docs), within, LINK_THRESHOLD, rules) == average_linkage(
        len(docs), every, LINK_THRESHOLD, rules)
    assert [sorted(g) for g in discover(docs, dates, features)] == [
        sorted(docs[i].id for i in cluster) for cluster in average_linkage(len(docs), every, LINK_THRESHOLD, rules)]


def test_an_edit_that_moves_the_centre_of_an_event_keeps_its_id():
    docs = [Doc("b", "Rivers arrested after a crash", "text"), Doc("a", "Oakdale driver held", "text"),
            Doc("c", "Speeding charge for Rivers", "text")]
    before = discovered_event(docs, [()] * 3, {"a": 0.5, "b": 0.7, "c": 0.4}, {}, set())
    after = discovered_event(docs, [()] * 3, {"a": 0.6, "b": 0.5, "c": 0.4}, {}, set())
    assert (before.title, after.title) == ("Rivers arrested after a crash", "Oakdale driver held")
    assert before.id == after.id == "event-oakdale-driver-held"
