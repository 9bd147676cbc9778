"""The cleaning cache: keyed by the seed's bytes and the cleaner, one file per seed, safe to lose."""
from __future__ import annotations

from pathlib import Path

import pytest

from digest import cache as cleaning_cache
from digest.cache import CleaningCache, cache_key
from digest.cleaning import pipeline
from digest.cleaning.model import CleanedDoc

SEED = Path(__file__).parents[1] / "fixtures" / "cleaning_cache" / "short_seed.txt"


@pytest.fixture
def store(tmp_path) -> CleaningCache:
    return CleaningCache.from_settings({"CACHE_PATH": str(tmp_path)})


def test_key_follows_the_bytes():
    data = SEED.read_bytes()
    assert cache_key(data) == cache_key(bytes(data))
    assert cache_key(data) != cache_key(data + b"\nOne more sentence.")


def test_key_changes_with_the_cleaner_version(monkeypatch):
    data = SEED.read_bytes()
    before = cache_key(data)
    monkeypatch.setattr(pipeline, "CLEANER_VERSION", pipeline.CLEANER_VERSION + "-next")
    cleaning_cache.cleaner_fingerprint.cache_clear()
    try:
        assert cache_key(data) != before
    finally:
        monkeypatch.undo()
        cleaning_cache.cleaner_fingerprint.cache_clear()
    assert cache_key(data) == before


def test_a_miss_cleans_and_stores_one_file(store):
    data = SEED.read_bytes()
    doc = store.clean(data)
    assert doc == pipeline.clean(data)
    assert store.path(cache_key(data)).is_file()
    assert len(list(store.folder.rglob("*.pickle"))) == 1


def test_a_hit_returns_the_stored_doc_without_cleaning(store):
    data = SEED.read_bytes()
    stored = CleanedDoc(title="Stored, not cleaned")
    store.put(cache_key(data), stored)
    assert store.clean(data).title == "Stored, not cleaned"


def test_an_unreadable_entry_is_cleaned_again(store):
    data = SEED.read_bytes()
    path = store.path(cache_key(data))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert store.clean(data) == pipeline.clean(data)
    assert store.get(cache_key(data)) == pipeline.clean(data)


def test_a_remembered_doc_is_served_once_from_memory(store):
    doc = CleanedDoc(title="From a worker")
    store.remember("k" * 64, doc)
    assert "k" * 64 in store.keys()
    assert store.get("k" * 64) is doc
    assert store.get("k" * 64) is None


def test_keys_lists_what_is_stored_and_nothing_half_written(store):
    assert store.keys() == set()
    store.put("a" * 64, CleanedDoc(title="One"))
    store.put("b" * 64, CleanedDoc(title="Two"))
    (store.folder / "aa" / "x.tmp").write_bytes(b"half")
    assert store.keys() == {"a" * 64, "b" * 64}
