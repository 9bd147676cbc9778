"""Shared fixtures: real Pelican builds over small seed folders."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import FIXTURES, ROOT, build_site


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory) -> Path:
    """The site built from the project's own `seeds/`, once per test session."""
    return build_site(ROOT / "seeds", tmp_path_factory.mktemp("site"))


@pytest.fixture
def seed_folder(tmp_path):
    """Copy named files from tests/fixtures into a fresh seeds folder."""

    def make(*names: str) -> Path:
        folder = tmp_path / "seeds"
        folder.mkdir(exist_ok=True)
        for name in names:
            shutil.copy(FIXTURES / name, folder / Path(name).name)
        return folder

    return make


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """The project's seeds built with publishconf.py under a project path (as on GitHub Pages), served on
    127.0.0.1 while the session lasts: a `publishing.ServedSite`."""
    from publishing import ServedSite, build_published, http_server

    root = tmp_path_factory.mktemp("pages")
    with http_server(root) as origin:
        base = f"{origin}/summit-digest"
        yield ServedSite(build_published(ROOT / "seeds", root / "summit-digest", base), base)
