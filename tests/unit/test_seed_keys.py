"""Seed keys remembered by file status: an unchanged seed is not read again, an edited one always is."""
from __future__ import annotations

import json
import os
import time

import pytest

from digest import seed_keys
from digest.cache import CleaningCache, cache_key
from digest.seed_keys import FILE_NAME


def cache(tmp_path) -> CleaningCache:
    return CleaningCache.from_settings({"CACHE_PATH": str(tmp_path / "cache")})


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_bytes(b"Talks began in Oslo on Monday.\n")
    time.sleep(0.05)  # the build starts after the seed was written, as it would
    return path


def test_an_unchanged_seed_s_key_comes_from_the_last_build(tmp_path, seed, monkeypatch):
    monkeypatch.setattr(seed_keys, "SETTLE_NS", 0)
    first = cache(tmp_path)
    assert first.key_of(str(seed)) == cache_key(seed.read_bytes())
    first.save()
    memo = tmp_path / "cache" / FILE_NAME
    stored = json.loads(memo.read_text(encoding="utf-8"))
    stored["keys"][str(seed)][-1] = "k" * 64  # what only the memo can answer
    memo.write_text(json.dumps(stored), encoding="utf-8")
    assert cache(tmp_path).key_of(str(seed)) == "k" * 64


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(tmp_path, seed, monkeypatch):
    monkeypatch.setattr(seed_keys, "SETTLE_NS", 0)
    first = cache(tmp_path)
    first.key_of(str(seed))
    first.save()
    before = seed.stat()
    seed.write_bytes(b"Talks ended in Oslo on Monday.\n")
    os.utime(seed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (seed.stat().st_size, seed.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    time.sleep(0.05)
    assert cache(tmp_path).key_of(str(seed)) == cache_key(seed.read_bytes())


def test_a_seed_changed_just_before_the_build_is_not_remembered(tmp_path, seed):
    first = cache(tmp_path)
    first.key_of(str(seed))
    first.save()
    assert not (tmp_path / "cache" / FILE_NAME).exists()


def test_keys_of_another_cleaner_are_not_used(tmp_path, seed, monkeypatch):
    monkeypatch.setattr(seed_keys, "SETTLE_NS", 0)
    first = cache(tmp_path)
    first.key_of(str(seed))
    first.save()
    memo = tmp_path / "cache" / FILE_NAME
    stored = json.loads(memo.read_text(encoding="utf-8"))
    stored["basis"][0] = "another cleaner"
    stored["keys"][str(seed)][-1] = "k" * 64
    memo.write_text(json.dumps(stored), encoding="utf-8")
    assert cache(tmp_path).key_of(str(seed)) == cache_key(seed.read_bytes())
