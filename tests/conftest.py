"""Shared fixtures: real Pelican builds over small seed folders."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def build_site(seeds: Path, output: Path, **overrides) -> Path:
    """Run a real Pelican build of `seeds` with the project's settings; return the output folder."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(ROOT),
            "ARTICLE_PATHS": [str(seeds)],
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


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
