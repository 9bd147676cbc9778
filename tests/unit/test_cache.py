"""The cleaning cache: keyed by the seed's bytes and the cleaner, packed after each build, safe to lose."""
from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digest import cache as cleaning_cache
from digest.cache import Cleaned, CleaningCache, cache_key, entry_bytes
from digest.cleaning import pipeline
from digest.cleaning.model import CleanedDoc, Comment, Paragraph, Removed
from digest.cleaning.render import render_body
from digest.reader import read_seed

SEED = Path(__file__).parents[1] / "fixtures" / "cleaning_cache" / "short_seed.txt"


@pytest.fixture
def store(tmp_path) -> CleaningCache:
    return CleaningCache.from_settings({"CACHE_PATH": str(tmp_path)})


def test_key_follows_the_bytes():
    data = SEED.read_bytes()
    assert cache_key(data) == cache_key(bytes(data))
    assert cache_key(data) != cache_key(data + b"\nOne more sentence.")


@pytest.fixture
def cleaner_copy(tmp_path, monkeypatch):
    """The cleaner's code and data copied into a package folder the fingerprint reads instead; yields a
    function that bumps CLEANER_VERSION in the copy's source (the fingerprint imports no cleaner)."""
    package = tmp_path / "package"
    package.mkdir()
    for source in cleaning_cache.CLEANER_SOURCES:
        if (cleaning_cache.PACKAGE / source).is_dir():
            shutil.copytree(cleaning_cache.PACKAGE / source, package / source,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(cleaning_cache.PACKAGE / source, package / source)
    monkeypatch.setattr(cleaning_cache, "PACKAGE", package)
    cleaning_cache.cleaner_fingerprint.cache_clear()

    def bump_version() -> None:
        source = package / "cleaning" / "pipeline.py"
        declared = f'CLEANER_VERSION = "{pipeline.CLEANER_VERSION}"'
        assert declared in source.read_text(encoding="utf-8")
        source.write_text(source.read_text(encoding="utf-8").replace(declared, declared[:-1] + '-next"'),
                          encoding="utf-8")
        cleaning_cache.cleaner_fingerprint.cache_clear()

    yield bump_version
    monkeypatch.undo()
    cleaning_cache.cleaner_fingerprint.cache_clear()


def test_key_changes_with_the_cleaner_version_and_the_entry_layout(cleaner_copy, monkeypatch):
    data = SEED.read_bytes()
    original = cache_key(data)
    cleaner_copy()
    bumped = cache_key(data)
    monkeypatch.setattr(cleaning_cache, "ENTRY_LAYOUT", "CleanedDoc")  # another layout: never read
    cleaning_cache.cleaner_fingerprint.cache_clear()
    assert len({original, bumped, cache_key(data)}) == 3


def test_the_key_changes_with_how_an_entry_stores_a_doc(cleaner_copy):
    before = cache_key(SEED.read_bytes())
    stored_source = cleaning_cache.PACKAGE / "stored.py"
    stored_source.write_text(stored_source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    cleaning_cache.cleaner_fingerprint.cache_clear()
    assert cache_key(SEED.read_bytes()) != before


def test_the_key_does_not_depend_on_where_the_cleaner_is(cleaner_copy):
    cleaning_cache.cleaner_fingerprint.cache_clear()
    in_copy = cache_key(SEED.read_bytes())
    cleaning_cache.PACKAGE = Path(cleaning_cache.__file__).resolve().parent
    cleaning_cache.cleaner_fingerprint.cache_clear()
    assert cache_key(SEED.read_bytes()) == in_copy


def test_a_miss_cleans_and_stores_one_file(store):
    data = SEED.read_bytes()
    doc, html = store.clean(data)
    assert doc == pipeline.clean(data)
    assert html == render_body(doc.body)
    assert store.path(cache_key(data)).is_file()
    assert len(list(store.folder.rglob("*.pickle"))) == 1
    assert not list(store.folder.glob("*.pack"))


def test_a_hit_returns_the_stored_doc_without_cleaning(store):
    data = SEED.read_bytes()
    stored = Cleaned(CleanedDoc(title="Stored, not cleaned"), "<p>Stored.</p>")
    store.put(cache_key(data), stored)
    assert store.clean(data) == stored


def test_the_reader_takes_a_cached_seed_s_body_without_rendering_it_again(store, tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    doc = pipeline.clean(seed.read_bytes())
    store.put(cache_key(seed.read_bytes()), Cleaned(doc, "<p>Rendered when it was cleaned.</p>"))
    key, (read_doc, html) = read_seed(seed, store)
    assert (key, read_doc, html) == (cache_key(seed.read_bytes()), doc, "<p>Rendered when it was cleaned.</p>")


def test_an_unreadable_entry_is_cleaned_again(store):
    data = SEED.read_bytes()
    path = store.path(cache_key(data))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert store.clean(data).doc == pipeline.clean(data)
    assert store.get(cache_key(data)).doc == pipeline.clean(data)


def test_entries_stored_from_a_pool_go_straight_into_their_packs(store):
    one, two = Cleaned(CleanedDoc(title="From a worker"), "<p>1</p>"), Cleaned(doc_with_everything(), "")
    store.put("ab" + "0" * 62, Cleaned(CleanedDoc(title="Cleaned by the reader"), ""))
    store.save()
    assert store.keys() == {"ab" + "0" * 62}  # its pack read, as before a pool
    store.store({"ab" + "1" * 62: entry_bytes(one), "cd" + "0" * 62: entry_bytes(two)})
    assert sorted(path.name for path in store.folder.iterdir()) == ["ab.pack", "cd.pack"]
    keys = sorted(store.keys())
    assert keys == ["ab" + "0" * 62, "ab" + "1" * 62, "cd" + "0" * 62]
    assert (store.get(keys[1]), store.get(keys[2])) == (one, two)
    later = CleaningCache(store.folder)
    assert [later.get(key).doc.title for key in keys] == ["Cleaned by the reader", "From a worker", "Talks"]


def test_an_entry_is_written_whole_under_its_name_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "entry.pickle"
    path.write_bytes(b"an older entry, longer than the new one")
    (tmp_path / f"entry.pickle.{os.getpid()}.tmp").write_bytes(b"left by a crash of a process of this id")
    cleaning_cache.write_atomically(path, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["entry.pickle"] and path.read_bytes() == b"new"


def test_keys_lists_what_is_stored_and_nothing_half_written(store):
    assert store.keys() == set()
    store.put("a" * 64, Cleaned(CleanedDoc(title="One"), ""))
    store.save()
    store.put("b" * 64, Cleaned(CleanedDoc(title="Two"), ""))
    (store.folder / "aa.tmp").write_bytes(b"half")
    (store.folder / "bb0.pickle.tmp").write_bytes(b"half")
    assert CleaningCache(store.folder).keys() == {"a" * 64, "b" * 64}


def test_a_worker_returns_the_entry_of_the_doc_with_its_body_html(tmp_path):
    from digest.parallel import clean_for_cache

    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    key = cache_key(seed.read_bytes())
    returned_key, entry, features = clean_for_cache(key, str(seed))
    doc = pipeline.clean(seed.read_bytes())
    assert (returned_key, entry, features) == (key, entry_bytes(Cleaned(doc, render_body(doc.body))), None)


def test_a_seed_edited_after_the_pre_pass_is_stored_under_its_new_bytes(tmp_path):
    """Else undoing the edit would bring back the edited text from the cache."""
    from digest.parallel import clean_for_cache

    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    hashed = cache_key(seed.read_bytes())  # by the pre-pass
    seed.write_bytes(SEED.read_bytes() + b"\n\nA paragraph added meanwhile.\n")
    returned_key, entry, _ = clean_for_cache(hashed, str(seed))
    assert returned_key == cache_key(seed.read_bytes()) != hashed
    assert pickle.loads(entry).doc == pipeline.clean(seed.read_bytes())


def test_two_seeds_with_the_same_bytes_both_find_their_packed_entry(store):
    """Else the second is cleaned again on every build, and its pack rewritten."""
    cleaned = Cleaned(CleanedDoc(title="Twice"), "")
    store.put("c" * 64, cleaned)
    store.save()
    later = CleaningCache(store.folder)
    assert later.get("c" * 64) == cleaned and later.get("c" * 64) == cleaned


def doc_with_everything() -> CleanedDoc:
    reply = Comment("Ana", "Agreed.", "2021-06-17")
    return CleanedDoc(title="Talks", authors=["B. Writer"], date="2021-06-16",
                      body=[Paragraph("heading", "Day one"), Paragraph("paragraph", "Talks began.")],
                      comments=[Comment("Bo", "First!", replies=[reply], header="Bo says:")],
                      removed=[Removed("Donate now", "appeal", 3)], warnings=["no byline"],
                      overridden=["summit"])


def test_an_entry_reads_back_equal_to_what_was_stored():
    cleaned = Cleaned(doc_with_everything(), "<p>Talks began.</p>")
    assert pickle.loads(entry_bytes(cleaned)) == cleaned


def test_save_packs_the_loose_entries_and_a_later_build_reads_them(store):
    first, second = Cleaned(doc_with_everything(), "<p>1</p>"), Cleaned(CleanedDoc(title="Two"), "<p>2</p>")
    store.put("a" * 64, first)
    store.put("aa" + "b" * 62, second)
    store.save()
    assert not list(store.folder.glob("*.pickle"))
    assert [path.name for path in store.folder.glob("*.pack")] == ["aa.pack"]
    later = CleaningCache(store.folder)
    assert (later.get("a" * 64), later.get("aa" + "b" * 62)) == (first, second)


def test_a_build_with_nothing_new_writes_nothing(store):
    store.put("a" * 64, Cleaned(CleanedDoc(title="One"), ""))
    store.save()
    stamp = (store.folder / "aa.pack").stat().st_mtime_ns
    later = CleaningCache(store.folder)
    later.get("a" * 64)
    later.save()
    assert (store.folder / "aa.pack").stat().st_mtime_ns == stamp


@pytest.mark.parametrize("damage", [b"not a pickle", b"", "truncated"])
def test_a_damaged_pack_costs_its_seeds_a_cleaning_and_is_written_again(store, damage):
    data = SEED.read_bytes()
    key = cache_key(data)
    store.clean(data)
    store.put(key[:2] + "0" * 62, Cleaned(CleanedDoc(title="Same pack"), ""))
    store.save()
    pack = store.pack_path(key[:2])
    pack.write_bytes(pack.read_bytes()[:100] if damage == "truncated" else damage)
    later = CleaningCache(store.folder)
    assert later.get(key) is None
    assert later.clean(data).doc == pipeline.clean(data)
    later.save()
    assert CleaningCache(store.folder).get(key).doc == pipeline.clean(data)


def test_a_damaged_entry_in_a_pack_is_cleaned_again_and_replaced_and_its_neighbours_kept(store):
    data = SEED.read_bytes()
    key, neighbour = cache_key(data), cache_key(data)[:2] + "0" * 62
    kept = Cleaned(CleanedDoc(title="Neighbour"), "")
    store.put(neighbour, kept)
    store.save()
    pack = store.pack_path(key[:2])
    pack.write_bytes(pickle.dumps({**pickle.loads(pack.read_bytes()), key: b"\x80\x05garbage"}))
    later = CleaningCache(store.folder)
    assert later.clean(data).doc == pipeline.clean(data)
    later.save()
    again = CleaningCache(store.folder)
    assert (again.get(key).doc, again.get(neighbour)) == (pipeline.clean(data), kept)


def test_a_changed_seed_is_cleaned_again_and_its_old_entry_is_kept(store, tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    old_key, old = read_seed(seed, store)
    store.save()
    seed.write_bytes(SEED.read_bytes() + b"\nOne more sentence for the changed seed.\n")
    later = CleaningCache(store.folder)
    new_key, new = read_seed(seed, later)
    later.save()
    assert new_key != old_key
    assert new.doc == pipeline.clean(seed.read_bytes()) != old.doc
    assert CleaningCache(store.folder).get(old_key) == old  # nothing is lost: undoing the edit cleans nothing


def test_each_cleaner_has_its_own_folder(tmp_path, cleaner_copy):
    before = CleaningCache.from_settings({"CACHE_PATH": str(tmp_path)}).folder
    cleaner_copy()
    assert CleaningCache.from_settings({"CACHE_PATH": str(tmp_path)}).folder != before


def test_the_reader_takes_the_key_the_pre_pass_found_once(store, tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    key = store.key_of(str(seed))
    assert key == cache_key(SEED.read_bytes())
    assert store.known_key(str(seed)) == key
    assert store.known_key(str(seed)) is None


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty file"), (b" \n\t\n", "only whitespace")])
def test_a_seed_skipped_for_its_bytes_is_not_remembered_by_the_pre_pass(store, tmp_path, data, reason):
    from digest.problems import SkippedSeed

    seed = tmp_path / "seed.txt"
    seed.write_bytes(data)
    store.key_of(str(seed))
    assert store.known_key(str(seed)) is None
    with pytest.raises(SkippedSeed, match=reason):
        read_seed(seed, store)


def test_a_seed_the_pre_pass_cannot_read_is_left_to_the_reader_which_skips_it(store, tmp_path):
    """One bad file costs its article, not the build: a link to nothing, or a seed removed once listed."""
    from digest.problems import SkippedSeed

    seed = tmp_path / "seed.txt"
    seed.symlink_to(tmp_path / "gone.txt")
    assert store.key_of(str(seed)) is None
    assert store.known_key(str(seed)) is None
    with pytest.raises(SkippedSeed, match="cannot be read"):
        read_seed(seed, store)


@pytest.mark.slow
def test_a_build_leaves_only_packs_and_the_next_build_stores_nothing(tmp_path):
    from support import build_site

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("one", "two"):
        (seeds / f"{name}.txt").write_bytes(SEED.read_bytes() + f"\nA line only {name} has.\n".encode())
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "DIGEST_SEARCH": False}
    build_site(seeds, tmp_path / "out", **settings)
    folder = CleaningCache.from_settings(settings).folder
    packs = sorted(folder.iterdir())
    assert {path.suffix for path in packs} == {".pack"}
    stamps = [path.stat().st_mtime_ns for path in packs]
    build_site(seeds, tmp_path / "out", **settings)
    assert sorted(folder.iterdir()) == packs
    assert [path.stat().st_mtime_ns for path in packs] == stamps  # every seed read from its pack


def test_a_worker_extracts_the_linking_features_of_the_doc_that_linking_reads(tmp_path):
    from types import SimpleNamespace

    from digest.corpus import as_doc
    from digest.linking.features import extract
    from digest.linking.model import content_key
    from digest.parallel import clean_for_cache

    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    _, entry, features = clean_for_cache("", str(seed), features=True)
    doc = as_doc(SimpleNamespace(digest=pickle.loads(entry).doc), "seed")
    expected = extract([doc])[0]
    assert features.key == content_key(doc) == expected.key
    assert (features.terms, features.places, features.lead_names) == (expected.terms, expected.places,
                                                                      expected.lead_names)
    assert features.shingles.tolist() == expected.shingles.tolist()
    assert features.counts.tolist() == expected.counts.tolist()


def test_the_plugin_imports_the_cleaner_only_to_clean():
    """A build that finds every seed cached never imports it (a third of the plugin's import time)."""
    check = ("import sys; import digest.plugin; from digest.cache import clean_seed; "
             "assert not {'digest.cleaning.pipeline', 'digest.cleaning.decode', 'ftfy'} & set(sys.modules); "
             "clean_seed(b'Talks began in Oslo on Monday.\\n'); "
             "assert 'digest.cleaning.pipeline' in sys.modules")
    plugins = Path(cleaning_cache.__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", check], check=True, env={**os.environ, "PYTHONPATH": str(plugins)})
