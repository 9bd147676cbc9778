"""The linking caches: a result is reused only for the same input, features only for the same text."""
import dataclasses
import gc
import os
import pickle
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import digest
from digest import linking_cache
from digest.linking.features import content_key, extract
from digest.linking import cluster, events, similarity
from digest.linking.cluster import Remembered
from digest.linking.events import Memo
from digest.linking.link import link
from digest.linking.model import CatalogueSummit, Doc, Linking
from digest.linking_cache import LinkingCache, code_fingerprint
from digest.speedups import fingerprint


def stored(path) -> list:
    """The pickles of one cache file, in order."""
    with open(path, "rb") as file:
        return [pickle.load(file), pickle.load(file)]

STORY = "\n".join(f"Harbour council member Ada Quist voted on ferry line {i} again." for i in range(12))
DOCS = [
    Doc("a", "Ferry vote", STORY),
    Doc("b", "Copy", STORY + "\nSource link"),
    Doc("c", "Storm", "\n".join(f"A storm closed coast road {i} near Vell last night." for i in range(12))),
]


def test_an_unchanged_input_reuses_the_stored_result(tmp_path):
    cache = LinkingCache(tmp_path)
    first = cache.link(DOCS, [])
    assert first == link(DOCS)
    key, result = stored(tmp_path / "linking.pickle")
    result.relation["marker"] = "from the cache"
    (tmp_path / "linking.pickle").write_bytes(pickle.dumps(key) + pickle.dumps(result))
    assert cache.link(DOCS, []).relation["marker"] == "from the cache"


def test_a_fresh_result_fingerprints_as_the_same_result_reused(tmp_path):
    cache = LinkingCache(tmp_path)
    fresh, reused = cache.link(dated_corpus(), []), cache.link(dated_corpus(), [])
    assert fresh is not reused and fresh == reused
    # Page keys pickle without a memo: how the result's objects are shared must not change them.
    assert fingerprint(fresh) == fingerprint(reused)


def test_linking_runs_without_cyclic_collections_and_leaves_the_collector_as_it_was(tmp_path):
    collections = []
    linking = LinkingCache.link.__wrapped__.__code__

    def collected(phase, info):  # a collection counts when it runs inside `LinkingCache.link`
        frame = sys._getframe()
        while frame and frame.f_code is not linking:
            frame = frame.f_back
        if frame:
            collections.append(info["generation"])

    def link_counting(cache):
        threshold = gc.get_threshold()
        gc.set_threshold(1)  # any allocation of a tracked object would collect
        gc.callbacks.append(collected)
        try:
            return cache.link(DOCS, [])
        finally:
            gc.callbacks.remove(collected)
            gc.set_threshold(*threshold)

    cache = LinkingCache(tmp_path)
    assert link_counting(cache) == link(DOCS) and gc.isenabled()  # linked
    assert link_counting(cache) == link(DOCS) and gc.isenabled()  # reused
    gc.disable()
    try:
        link_counting(LinkingCache(tmp_path / "again"))
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert collections == []


def test_a_changed_doc_is_linked_again_from_the_other_docs_cached_features(tmp_path):
    cache = LinkingCache(tmp_path)
    cache.link(DOCS, [])
    shard = tmp_path / f"features-{content_key(DOCS[2])[0]}.pickle"
    fingerprint, features = stored(shard)
    marked = dataclasses.replace(features[content_key(DOCS[2])], lead_names=frozenset({"marker"}))
    features[content_key(DOCS[2])] = marked
    shard.write_bytes(pickle.dumps(fingerprint) + pickle.dumps(features))
    other = dataclasses.replace(DOCS[1], text="A different text about something else entirely now.")
    changed = [DOCS[0], other, DOCS[2]]
    assert cache.link(changed, []) == link(changed)
    again = cache.features(changed)
    assert again[2].lead_names == {"marker"}  # unchanged text: taken from the cache
    assert again[1].terms == extract([changed[1]])[0].terms  # changed text: extracted again


def test_a_corrupt_cache_is_ignored_and_rewritten(tmp_path):
    for doc in DOCS:
        (tmp_path / f"features-{content_key(doc)[0]}.pickle").write_bytes(pickle.dumps(code_fingerprint()) + b"\x80\x05")
    (tmp_path / "linking.pickle").write_bytes(b"\x80\x05 not a pickle")
    cache = LinkingCache(tmp_path)
    assert cache.link(DOCS, []) == link(DOCS)
    assert cache.link(DOCS, []) == link(DOCS)
    assert stored(tmp_path / "linking.pickle")[1] == link(DOCS)


def dated_corpus() -> list[Doc]:
    """Stories of one kind over a year, some undated: pairs across months, undated docs bridging them."""
    docs = []
    for month in range(1, 13):
        person, town = f"Person{month:02d} Quist", f"Town{month % 4}"
        for i in range(3):
            text = "\n".join(f"Police in {town} arrested {person} after crash {n} on the coast road." for n in range(6))
            when = None if i == 2 and month % 3 == 0 else date(2021, month, 3 + 5 * i)
            docs.append(Doc(f"{month:02d}{i}", f"{person} arrested in {town}, report {i}", text, date=when))
    return docs


def test_a_relink_after_a_change_an_addition_and_a_removal_equals_a_cold_link(tmp_path):
    docs = dated_corpus()
    cache = LinkingCache(tmp_path)
    assert cache.link(docs, []) == link(docs)
    edited = dataclasses.replace(docs[4], text=docs[4].text + "\nThe delegations agreed to meet again.")
    added = Doc("999", "Storm in Town1", "A storm closed the coast road near Town1 last night.", date=date(2021, 5, 2))
    later = [*docs[:4], edited, *docs[5:10], *docs[11:], added]
    assert cache.link(later, []) == link(later)
    assert stored(tmp_path / "linking.pickle")[1] == link(later)


def event_corpus() -> list[Doc]:
    """Eight events of one kind, five distinct reports each (no copies), the last of each undated."""
    docs = []
    for event in range(8):
        person, town = f"Person{event} Quist", f"Town{event % 3}"
        for k in range(5):
            place = ["bridge", "harbour", "tunnel", "museum"][(event + k) % 4]
            text = (f"Police in {town} arrested {person} after crash {event * 7 + k}.\n"
                    f"Witness {k} saw {person} near the {place} on route {event}.\n"
                    f"The council of {town} will meet on day {k}.")
            when = None if k == 4 else date(2021, 1 + event, 1 + 3 * k)
            docs.append(Doc(f"{event}{k}", f"{person} arrested in {town}, report {k}", text, date=when))
    return docs


def openings_corpus() -> list[Doc]:
    """Four openings, five reports each, the last undated; no word or number of `event_corpus`'s, so
    each opening is a component of its own."""
    docs = []
    openings = [("Ada Brenn", "Ostby", "library"), ("Cleo Marsh", "Karrow", "bakery"),
                ("Dov Petrak", "Linden", "observatory"), ("Edda Rune", "Pellham", "greenhouse")]
    for event, (person, town, thing) in enumerate(openings):
        for k, when in enumerate(["morning", "evening", "weekend", "holiday", "festival"]):
            text = (f"{person} opened the {thing} of {town} this {when}.\n"
                    f"{person} thanked the volunteers who built the {thing}.\n"
                    f"Visitors praised the {thing} of {town}.")
            day = None if k == 4 else date(2022, 1 + 2 * event, 1 + 3 * k)
            docs.append(Doc(f"o{event}{k}", f"{person} opens {town} {thing}, {when} report", text, date=day))
    return docs


def chain_corpus(last: date = date(2023, 3, 29)) -> list[Doc]:
    """Three reports, the first like the second, the second like the third, the first and the third
    not alike: one event while the third is dated within MAX_EVENT_SPAN_DAYS of the first, two when it
    is dated `last` after that, with the same pairs (only the merge veto reads the difference)."""
    return [
        Doc("c0", "Mira Holt inspects Brask dam", "Mira Holt inspected the Brask dam with Sven Dahl.\n"
            "Holt and Dahl found cracks in the Brask dam.", date=date(2023, 3, 1)),
        Doc("c1", "Tova Lind and Sven Dahl order sluice repair", "Tova Lind ordered the sluice gates repaired "
            "after Sven Dahl found cracks.\nLind inspected the sluice gates with Nils Aberg.", date=date(2023, 3, 15)),
        Doc("c2", "Tova Lind orders sluice repair", "Tova Lind ordered the sluice gates repaired by Nils Aberg.\n"
            "Lind and Aberg inspected the sluice gates.", date=last),
    ]


SUMMITS = (
    CatalogueSummit("harbour-talks-2021", "Harbour talks", date(2021, 3, 17), place="Vellport",
                    participants=("Mara Lindqvist", "Otto Brenner"), aliases=("harbour talks",)),
    CatalogueSummit("ferry-accord-2021", "Ferry accord", date(2021, 7, 7), place="Ostrand",
                    participants=("Ilse Varga", "Tomas Reyes"), aliases=("ferry accord",)),
)


def summit_corpus() -> list[Doc]:
    """Three reports of each of the SUMMITS, naming it in the title, the last undated."""
    docs = []
    for number, (summit, (one, other)) in enumerate(zip(SUMMITS, [("Lindqvist", "Brenner"), ("Varga", "Reyes")])):
        name = summit.aliases[0]
        for k in range(3):
            text = (f"{one} and {other} met in {summit.place} for the {name} on day {k}.\n"
                    f"Delegates discussed quota {10 * number + k} at length.\n"
                    f"The {name} end on {summit.date:%A}.")
            when = None if k == 2 else summit.date + timedelta(days=k)
            docs.append(Doc(f"s{number}{k}", f"{one} and {other} at the {name}, report {k}", text, date=when))
    return docs


class Reuse:
    """What each cached link took from the last discovery, counted while the real functions run
    (cold links are not counted)."""

    def __init__(self, monkeypatch) -> None:
        self.steps: list[dict[str, int]] = []
        self.counting = False
        for module, name in ((similarity, "repaired_pairs"), (Remembered, "signature"),
                             (cluster, "component_clusters"), (events, "best_summit")):
            monkeypatch.setattr(module, name, self.counted(name, getattr(module, name)))

    def counted(self, name: str, function):
        def call(*args):
            self.steps[-1][name] += self.counting
            return function(*args)
        return call

    def link(self, cache: LinkingCache, docs: list[Doc], summits) -> Linking:
        self.steps.append(dict.fromkeys(("repaired_pairs", "signature", "component_clusters", "best_summit"), 0))
        self.counting = True
        try:
            return cache.link(docs, summits)
        finally:
            self.counting = False

    def summary(self) -> list[tuple[int, int | str, int]]:
        """Per link: pairs repaired (0 or 1), components clustered again ("all" when none was kept) and
        docs weighed against the summits (the others kept their summit or none)."""
        return [(step["repaired_pairs"],
                 "all" if step["component_clusters"] == step["signature"] else step["component_clusters"],
                 step["best_summit"]) for step in self.steps]


def assert_as_cold(last: Memo, cold: Memo) -> None:
    """The summits, term columns, pairs and component clusters a relink leaves for the next are a
    cold link's, bit for bit: what a build reuses does not depend on the builds before it."""
    assert last.catalogue == cold.catalogue and last.assigned == cold.assigned
    assert last.columns.vocabulary == cold.columns.vocabulary and last.columns.keys == cold.columns.keys
    for name in ("cols", "counts", "sizes"):
        assert getattr(last.columns, name).tobytes() == getattr(cold.columns, name).tobytes()
    for name in ("row", "col", "data"):
        assert getattr(last.pairs, name).tobytes() == getattr(cold.pairs, name).tobytes()
    assert last.components == cold.components


def test_relinks_that_reuse_the_last_discovery_equal_cold_links(tmp_path, monkeypatch):
    docs = [*event_corpus(), *openings_corpus(), *chain_corpus(), *summit_corpus()]
    by_id = {doc.id: doc for doc in docs}

    def replaced(corpus: list[Doc], doc: Doc) -> list[Doc]:
        return [doc if old.id == doc.id else old for old in corpus]

    known = dataclasses.replace(by_id["04"], text=by_id["04"].text + "\nPolice arrested him after the crash.")
    new_words = dataclasses.replace(by_id["12"], text=by_id["12"].text + "\nThe delegations agreed to meet again.")
    added = Doc("999", "Storm in Town1", "A storm closed the coast road near Town1 last night.", date=date(2021, 5, 2))
    redated = dataclasses.replace(by_id["14"], date=date(2021, 6, 20))
    split = chain_corpus(date(2023, 4, 2))[2]  # the same pairs, another span
    at_summit = dataclasses.replace(by_id["s01"], text=by_id["s01"].text + "\nLindqvist thanked Brenner.")
    far = dataclasses.replace(by_id["s11"], date=date(2021, 12, 1))  # too far from its summit
    steps = [docs, replaced(docs, known)]
    steps.append(replaced(steps[-1], new_words))
    steps.append([*steps[-1], added])
    steps.append([doc for doc in steps[-1] if doc.id != "13"])
    for change in (redated, split, at_summit, far):
        steps.append(replaced(steps[-1], change))
    steps.append(steps[-1])  # with the first summit only in the catalogue
    catalogues = [SUMMITS] * (len(steps) - 1) + [SUMMITS[:1]]
    reuse, cache = Reuse(monkeypatch), LinkingCache(tmp_path)
    results = []
    for corpus, summits in zip(steps, catalogues, strict=True):
        results.append(reuse.link(cache, corpus, summits))
        assert results[-1] == link(corpus, summits)
        cold = Memo()
        link(corpus, summits, memo=cold)
        assert_as_cold(stored(tmp_path / "discovery.pickle")[1], cold)
    at_summits = [results[0].event_of[f"s{number}{k}"] for number in (0, 1) for k in range(3)]
    assert at_summits == ["harbour-talks-2021"] * 3 + ["ferry-accord-2021"] * 3
    assert results[-2].event_of["s11"].startswith("event-")  # discovered
    assert all(results[-1].event_of[f"s1{k}"].startswith("event-") for k in range(3))
    chained = [[result.event_of[f"c{k}"] for k in range(3)] for result in results]
    assert len(set(chained[5])) == 1 and chained[6][0] != chained[6][1] == chained[6][2]
    assert reuse.summary() == [
        (0, "all", len(docs)),  # a cold link
        (1, 1, 1),  # an edit of an undated doc, with words it held: its component of the second pass
        (1, 2, 1),  # an edit of a dated doc, with words new to the corpus: its components of both passes
        (0, "all", 1),  # an addition: every idf moves, and with it every pair
        (0, "all", 0),  # a removal: likewise
        (1, 2, 1),  # a new date
        (1, 2, 1),  # a new date that changes no pair, only which merges the span rule allows
        (1, 0, 1),  # an edit of a doc that stays at its summit: discovery reads nothing new
        (0, "all", 1),  # a doc whose new date takes it from its summit to discovery: a text more
        (0, "all", len(steps[-1])),  # a summit leaves the catalogue: its reports are discovered
    ]


def test_a_changed_doc_rewrites_only_the_feature_shards_of_its_old_and_new_text(tmp_path):
    docs = dated_corpus()
    cache = LinkingCache(tmp_path)
    cache.link(docs, [])
    before = {path.name: path.stat().st_mtime_ns for path in tmp_path.glob("features-*.pickle")}
    edited = dataclasses.replace(docs[4], text=docs[4].text + "\nThe delegations agreed to meet again.")
    for path in tmp_path.glob("features-*.pickle"):
        os.utime(path, ns=(0, 0))
    cache.link([*docs[:4], edited, *docs[5:]], [])
    rewritten = {path.name for path in tmp_path.glob("features-*.pickle") if path.stat().st_mtime_ns}
    assert rewritten == {f"features-{content_key(doc)[0]}.pickle" for doc in (docs[4], edited)}
    assert len(before) > 2


def test_docs_extracted_in_a_pool_get_the_features_of_the_serial_path(tmp_path, monkeypatch):
    monkeypatch.setattr(linking_cache, "MIN_DOCS_FOR_POOL", 10)
    monkeypatch.setattr(linking_cache, "DOCS_PER_TASK", 7)  # several chunks, each with its own vocabulary
    docs = dated_corpus()
    pooled, serial = LinkingCache(tmp_path, workers=2).features(docs), extract(docs)
    for a, b in zip(pooled, serial, strict=True):
        assert a.terms == b.terms and a.lead_names == b.lead_names
        assert a.shingles.tolist() == b.shingles.tolist() and a.counts.tolist() == b.counts.tolist()
    # Equal labels are one string object across chunks too, as in one `extract` (a compact pickle).
    assert pickle.dumps([f.terms for f in pooled]) == pickle.dumps([f.terms for f in serial])
    assert LinkingCache(tmp_path / "fresh", workers=2).link(docs, []) == link(docs)


def test_writing_the_feature_shards_deletes_the_single_features_file_of_earlier_versions(tmp_path):
    (tmp_path / "features.pickle").write_bytes(pickle.dumps("an old features file"))
    LinkingCache(tmp_path).link(DOCS, [])
    assert not (tmp_path / "features.pickle").exists()
    assert list(tmp_path.glob("features-*.pickle"))


def imported_by_a_link(folder: Path, docs: list[Doc], watched: set[str]) -> list[str]:
    """Which of the `watched` modules `LinkingCache(folder).link(docs, [])` imports in a fresh process."""
    (folder / "docs.pickle").write_bytes(pickle.dumps(docs))
    script = (
        "import pickle, sys; from pathlib import Path; import digest\n"
        "from digest.linking_cache import LinkingCache\n"
        "folder = Path(sys.argv[1]); docs = pickle.loads((folder / 'docs.pickle').read_bytes())\n"
        "LinkingCache(folder).link(docs, [])\n"
        "print('\\n'.join(sys.modules))\n"
    )
    plugins = Path(digest.__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(plugins)})
    return sorted(set(run.stdout.split()) & watched)


def test_a_reused_result_does_not_import_numpy_or_scipy(tmp_path):
    LinkingCache(tmp_path).link(DOCS, [])
    assert imported_by_a_link(tmp_path, DOCS, {"numpy", "scipy"}) == []


def test_a_relink_imports_neither_scipys_clustering_nor_its_graphs(tmp_path):
    """`scipy.cluster` (it loads `scipy.spatial`) and `scipy.sparse.csgraph` (it loads `scipy.linalg`) cost
    more to import than a relink spends clustering the component of its changed text."""
    LinkingCache(tmp_path).link(DOCS, [])
    edited = [DOCS[0], DOCS[1], Doc("c", "Storm", DOCS[2].text + "\nThe road opened again.")]
    heavy = {"scipy.cluster", "scipy.spatial", "scipy.sparse.csgraph", "scipy.linalg"}
    assert imported_by_a_link(tmp_path, edited, heavy | {"numpy"}) == ["numpy"]  # the relink ran


def test_the_input_key_changes_with_every_doc_field():
    doc = Doc("a", "Title", "Text", date=date(2021, 6, 16), authors=("Ada Quist",), outlet="Outlet",
              original_publisher="Agency", original_url="https://example.org/a", subtitle="Dek",
              comment_count=3, summit="geneva-2021")
    other = {str: "changed", int: 4, tuple: ("Other Name",), date: date(2021, 6, 17)}
    keys = {linking_cache.input_key([doc], [], [content_key(doc)])}
    for field in dataclasses.fields(Doc):
        value = getattr(doc, field.name)
        changed = dataclasses.replace(doc, **{field.name: other[type(value)]})
        keys.add(linking_cache.input_key([changed], [], [content_key(changed)]))
    assert len(keys) == 1 + len(dataclasses.fields(Doc))


def test_features_offered_by_the_cleaning_workers_are_taken_not_extracted(tmp_path, monkeypatch):
    docs = dated_corpus()
    for found in extract(docs[:-1]):
        linking_cache.offer_features(pickle.loads(pickle.dumps(found)))  # as a worker's result arrives
    asked = []
    monkeypatch.setattr("digest.linking.features.extract", lambda docs: asked.append(docs) or extract(docs))
    taken = LinkingCache(tmp_path).features(docs)
    assert asked == [[docs[-1]]] and linking_cache.OFFERED.features == {}
    serial = extract(docs)
    for a, b in zip(taken, serial, strict=True):
        assert (a.terms, a.lead_names, a.places, a.key) == (b.terms, b.lead_names, b.places, b.key)
        assert a.shingles.tolist() == b.shingles.tolist() and a.counts.tolist() == b.counts.tolist()
    # Equal labels are one string object across the workers' results too (a compact pickle).
    assert pickle.dumps([f.terms for f in taken[:-1]]) == pickle.dumps([f.terms for f in extract(docs[:-1])])


def test_the_cache_holds_features_only_of_this_linking_code(tmp_path):
    cache = LinkingCache(tmp_path)
    assert not cache.holds_features()
    cache.link(DOCS, [])
    assert cache.holds_features()
    for path in tmp_path.glob("features-*.pickle"):
        path.write_bytes(pickle.dumps("another linking code") + pickle.dumps({}))
    assert not cache.holds_features()
    next(tmp_path.glob("features-*.pickle")).write_bytes(b"\x80\x05truncated")
    assert not cache.holds_features()
