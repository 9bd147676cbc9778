"""Two builds of the same seeds give byte-identical sites: no build times, random ids, set order or paths."""
from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES, ROOT, build_site

#: Pagefind 1.5.2 writes its filter maps (summit, outlet) in Rust HashMap order, which changes per run:
#: a search shard whose pages carry both filters differs between two builds (the others match).
SEARCH_INDEX = "pagefind/"


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    one, two = files(first), files(second)
    return sorted(name for name in one.keys() | two.keys() if one.get(name) != two.get(name))


def build_twice(seeds: Path, folder: Path) -> tuple[Path, Path]:
    # Different folder names, so a build that leaks its output path into a page differs too.
    return build_site(seeds, folder / "first"), build_site(seeds, folder / "second-build")


@pytest.mark.slow
@pytest.mark.parametrize("seeds", [ROOT / "seeds", FIXTURES / "robustness"], ids=["seeds", "robustness"])
def test_two_builds_are_byte_identical(seeds, tmp_path):
    first, second = build_twice(seeds, tmp_path)
    assert len(files(first)) > 5
    assert [name for name in differences(first, second) if not name.startswith(SEARCH_INDEX)] == []


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason="pagefind writes filter maps in random order (reported)")
def test_two_search_indexes_are_byte_identical(tmp_path):
    first, second = build_twice(ROOT / "seeds", tmp_path)
    assert any(name.startswith(SEARCH_INDEX) for name in files(first))
    assert differences(first, second) == []
