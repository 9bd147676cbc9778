"""The parallel pre-pass: a cold build cleans and extracts linking features once, in the pool."""
from __future__ import annotations

import filecmp
import shutil

import pytest

from digest import linking_cache, parallel
from support import ROOT, build_site


@pytest.mark.slow
def test_a_cold_build_links_with_the_features_its_cleaning_workers_extracted(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    extracted = []
    serial_extract = linking_cache.extract_features
    monkeypatch.setattr(linking_cache, "extract_features",
                        lambda docs, workers: extracted.append(len(docs)) or serial_extract(docs, workers))

    def build(name: str, workers: int):
        return build_site(tmp_path / "seeds", tmp_path / name, CACHE_PATH=str(tmp_path / f"{name}.cache"),
                          DIGEST_SEARCH=False, DIGEST_WORKERS=workers)

    serial = build("serial", 1)
    assert extracted == [5]
    monkeypatch.setattr(parallel, "MIN_SEEDS_FOR_POOL", 1)
    pooled = build("pooled", 2)
    assert extracted == [5, 0]  # every doc's features came from the worker that cleaned it
    names = sorted(path.relative_to(serial) for path in serial.rglob("*") if path.is_file())
    assert names == sorted(path.relative_to(pooled) for path in pooled.rglob("*") if path.is_file())
    assert [name for name in names if not filecmp.cmp(serial / name, pooled / name, shallow=False)] == []
    assert linking_cache.OFFERED.features == {}


@pytest.mark.slow
def test_workers_extract_no_features_that_the_linking_cache_holds(tmp_path, monkeypatch):
    """A new cleaner cleans every seed again, but their text is mostly what it was: the stored features serve."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "DIGEST_SEARCH": False, "DIGEST_WORKERS": 2}
    monkeypatch.setattr(parallel, "MIN_SEEDS_FOR_POOL", 1)
    build_site(tmp_path / "seeds", tmp_path / "out", **settings)
    shutil.rmtree(tmp_path / "cache" / "digest-cleaning")
    monkeypatch.setattr(parallel, "linking_features", lambda doc: pytest.fail("features extracted again"))
    build_site(tmp_path / "seeds", tmp_path / "out", **settings)
