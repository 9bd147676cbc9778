"""Slugs of seed titles and file names, remembered from one build to the next (`memo.py`).

Pelican's `slugify` (markup stripped, Unicode normalised and transliterated,
each `SLUG_REGEX_SUBSTITUTIONS` pattern applied) was a fifth of reading a
cached seed, and a seed's title and file name rarely change. A slug follows
from the substitutions, this module's code and the versions of the packages
that make it.
"""
from __future__ import annotations

import hashlib
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

from pelican.utils import slugify

from .memo import BuildMemo

FILE_NAME = "digest-slugs.json"
#: The packages whose code `slugify` runs.
SLUG_PACKAGES = ("pelican", "unidecode", "markupsafe")
#: This module's code: how it calls `slugify` is part of every slug.
CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


class Slugs(BuildMemo):
    """Pelican's `slugify` with SLUG_REGEX_SUBSTITUTIONS, from the last build's memo when it holds `text`."""

    file_name, field, kind = FILE_NAME, "slugs", str

    def __init__(self, settings: dict) -> None:
        super().__init__(settings)
        self.subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])

    @cached_property
    def basis(self) -> list[str]:
        return [repr(self.subs), CODE, *(f"{name} {version(name)}" for name in SLUG_PACKAGES)]

    def __call__(self, text: str) -> str:
        return self.remembered(text, lambda: slugify(text, regex_subs=self.subs))
