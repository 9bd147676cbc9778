"""The cleaning cache: keyed by the seed's bytes and the cleaner, one file per seed, safe to lose."""
from __future__ import annotations

from pathlib import Path

import pytest

from digest import cache as cleaning_cache
from digest.cache import Cleaned, CleaningCache, cache_key
from digest.cleaning import pipeline
from digest.cleaning.model import CleanedDoc
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


@pytest.mark.parametrize(("module", "name", "value"), [
    (pipeline, "CLEANER_VERSION", pipeline.CLEANER_VERSION + "-next"),
    (cleaning_cache, "ENTRY_LAYOUT", "CleanedDoc"),  # an entry of another layout is never read
])
def test_key_changes_with_the_cleaner_version_and_the_entry_layout(monkeypatch, module, name, value):
    data = SEED.read_bytes()
    before = cache_key(data)
    monkeypatch.setattr(module, name, value)
    cleaning_cache.cleaner_fingerprint.cache_clear()
    try:
        assert cache_key(data) != before
    finally:
        monkeypatch.undo()
        cleaning_cache.cleaner_fingerprint.cache_clear()
    assert cache_key(data) == before


def test_a_miss_cleans_and_stores_one_file(store):
    data = SEED.read_bytes()
    doc, html = store.clean(data)
    assert doc == pipeline.clean(data)
    assert html == render_body(doc.body)
    assert store.path(cache_key(data)).is_file()
    assert len(list(store.folder.rglob("*.pickle"))) == 1


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


def test_a_remembered_doc_is_served_once_from_memory(store):
    cleaned = Cleaned(CleanedDoc(title="From a worker"), "")
    store.remember("k" * 64, cleaned)
    assert "k" * 64 in store.keys()
    assert store.get("k" * 64) is cleaned
    assert store.get("k" * 64) is None


def test_keys_lists_what_is_stored_and_nothing_half_written(store):
    assert store.keys() == set()
    store.put("a" * 64, Cleaned(CleanedDoc(title="One"), ""))
    store.put("b" * 64, Cleaned(CleanedDoc(title="Two"), ""))
    (store.folder / "aa" / "x.tmp").write_bytes(b"half")
    assert store.keys() == {"a" * 64, "b" * 64}


def test_a_worker_stores_the_doc_with_its_body_html(store, tmp_path):
    from digest.parallel import clean_to_cache

    seed = tmp_path / "seed.txt"
    seed.write_bytes(SEED.read_bytes())
    key = cache_key(seed.read_bytes())
    returned_key, cleaned = clean_to_cache(str(store.folder), key, str(seed))
    assert returned_key == key
    assert cleaned == store.get(key) == Cleaned(pipeline.clean(seed.read_bytes()), render_body(cleaned.doc.body))
