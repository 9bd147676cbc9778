"""The linking caches: a result is reused only for the same input, features only for the same text."""
import dataclasses
import gc
import os
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

import digest
from digest import linking_cache
from digest.linking.features import content_key, extract
from digest.linking import similarity
from digest.linking.events import Memo
from digest.linking.link import link
from digest.linking.model import Doc
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


def test_relinks_that_reuse_the_last_discovery_equal_cold_links(tmp_path, monkeypatch):
    repaired = []  # relinks that kept pairs of the last discovery (the real function runs)
    keep_pairs = similarity.repaired_pairs
    monkeypatch.setattr(similarity, "repaired_pairs", lambda *args: repaired.append(1) or keep_pairs(*args))
    docs = event_corpus()
    cache = LinkingCache(tmp_path)
    known = dataclasses.replace(docs[4], text=docs[4].text + "\nPolice arrested him after the crash.")
    new_words = dataclasses.replace(docs[7], text=docs[7].text + "\nThe delegations agreed to meet again.")
    added = Doc("999", "Storm in Town1", "A storm closed the coast road near Town1 last night.", date=date(2021, 5, 2))
    redated = dataclasses.replace(docs[9], date=date(2021, 6, 20))
    steps = [docs, [*docs[:4], known, *docs[5:]]]  # an edit whose terms the doc holds already
    steps.append([*steps[-1][:7], new_words, *docs[8:]])  # terms new to the corpus
    steps.append([*steps[-1], added])
    steps.append([doc for doc in steps[-1] if doc.id != "12"])
    steps.append([redated if doc.id == redated.id else doc for doc in steps[-1]])
    for corpus in steps:
        assert cache.link(corpus, []) == link(corpus)
    assert len(repaired) == 3  # the two edits and the new date; an addition or a removal moves every idf
    assert isinstance(stored(tmp_path / "discovery.pickle")[1], Memo)


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


def test_a_reused_result_does_not_import_numpy_or_scipy(tmp_path):
    LinkingCache(tmp_path).link(DOCS, [])
    (tmp_path / "docs.pickle").write_bytes(pickle.dumps(DOCS))
    script = (
        "import pickle, sys; from pathlib import Path; import digest\n"
        "from digest.linking_cache import LinkingCache\n"
        "folder = Path(sys.argv[1]); docs = pickle.loads((folder / 'docs.pickle').read_bytes())\n"
        "LinkingCache(folder).link(docs, [])\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'numpy', 'scipy'}))\n"
    )
    plugins = Path(digest.__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(plugins)})
    assert run.stdout.strip() == "[]"


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
