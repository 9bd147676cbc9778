"""Slugs of seed titles and file names, remembered from one build to the next.

Pelican's `slugify` (markup stripped, Unicode normalised and transliterated,
each `SLUG_REGEX_SUBSTITUTIONS` pattern applied) was a fifth of reading a
cached seed, and a seed's title and file name rarely change. The slugs this
build used are kept under CACHE_PATH with what they follow from: the
substitutions and the versions of the packages that make them. A memo made
under other substitutions or versions is not used.
"""
from __future__ import annotations

import json
import os
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

from pelican.utils import slugify

FILE_NAME = "digest-slugs.json"
#: The packages whose code `slugify` runs.
SLUG_PACKAGES = ("pelican", "unidecode", "markupsafe")


class Slugs:
    """Pelican's `slugify` with SLUG_REGEX_SUBSTITUTIONS, from the last build's memo when it holds `text`."""

    def __init__(self, settings: dict) -> None:
        self.subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        self.path = Path(settings["CACHE_PATH"]) / FILE_NAME
        self.used: dict[str, str] = {}

    @cached_property
    def basis(self) -> list[str]:
        return [repr(self.subs), *(f"{name} {version(name)}" for name in SLUG_PACKAGES)]

    @cached_property
    def known(self) -> dict[str, str]:
        """The last build's slugs, read on the first call (a reader that reads no seed never reads them)."""
        return self.load()

    def __call__(self, text: str) -> str:
        slug = self.used.get(text)
        if slug is None:
            slug = self.known.get(text)
            if slug is None:
                slug = slugify(text, regex_subs=self.subs)
            self.used[text] = slug
        return slug

    def load(self) -> dict[str, str]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        same_basis = isinstance(stored, dict) and stored.get("basis") == self.basis
        return stored.get("slugs", {}) if same_basis else {}

    def save(self) -> None:
        """Keep the slugs this build used (and only those), when they differ from the memo it started with."""
        if not self.used or self.used == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"basis": self.basis, "slugs": self.used}), encoding="utf-8")
        os.replace(temporary, self.path)
