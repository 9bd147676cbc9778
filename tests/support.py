"""Helpers the tests import: paths and a real Pelican build (`from support import build_site`).

Kept out of conftest.py because `tests/browser/` has a conftest of its own, and a test that
imports `conftest` by name may get either.
"""
from __future__ import annotations

from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def build_site(seeds: Path, output: Path, settings_file: str = "pelicanconf.py", **overrides) -> Path:
    """Run a real Pelican build of `seeds` with the project's settings; return the output folder."""
    settings = read_settings(
        str(ROOT / settings_file),
        override={
            "PATH": str(ROOT),
            "ARTICLE_PATHS": [str(seeds)],
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(output.parent / f"{output.name}.cache"),  # never the project's cache/
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            **overrides,
        },
    )
    Pelican(settings).run()
    return output
