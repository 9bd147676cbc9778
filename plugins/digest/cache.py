"""The cleaning cache: an unchanged seed is never cleaned twice.

A seed's `CleanedDoc`, with its body already rendered to HTML, is stored under
Pelican's CACHE_PATH, one pickle per seed, named by a hash of the seed's bytes
and of the cleaner: its declared `CLEANER_VERSION`, the layout of an entry and
the source of the cleaning code and its data files, so an edit to the cleaner
invalidates old entries even when nobody bumped the version. One file per
entry means a one-seed change writes one file, not the whole cache, and worker
processes can fill it in parallel.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .cleaning import pipeline
from .cleaning.model import CleanedDoc
from .cleaning.render import render_body

log = logging.getLogger(__name__)

#: Folder under CACHE_PATH.
CACHE_DIR = "digest-cleaning"
#: Code whose edits change what `clean()` returns.
CLEANER_SOURCES = ("cleaning", "data")
PACKAGE = Path(__file__).resolve().parent
#: What an entry holds; in every key, so that an entry of another layout is never read.
ENTRY_LAYOUT = "Cleaned(doc, html)"


class Cleaned(NamedTuple):
    """What the cleaner makes of one seed: the doc, and its body as HTML for Pelican. The HTML is kept
    because rendering it again for every cached seed cost a tenth of reading it."""

    doc: CleanedDoc
    html: str


def clean_seed(data: bytes) -> Cleaned:
    doc = pipeline.clean(data)
    return Cleaned(doc, render_body(doc.body))


@lru_cache(maxsize=1)
def cleaner_fingerprint() -> bytes:
    """A digest of CLEANER_VERSION, the entry layout and every file of the cleaner's code and data."""
    digest = hashlib.sha256(f"{pipeline.CLEANER_VERSION}\0{ENTRY_LAYOUT}".encode())
    for source in CLEANER_SOURCES:
        for path in sorted((PACKAGE / source).rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.digest()


def cache_key(data: bytes) -> str:
    return hashlib.sha256(cleaner_fingerprint() + data).hexdigest()


class CleaningCache:
    """Cleaned seeds on disk by key, with an in-memory layer for seeds cleaned earlier in this build."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fresh: dict[str, Cleaned] = {}

    @classmethod
    def from_settings(cls, settings: dict) -> CleaningCache:
        return cls(Path(settings["CACHE_PATH"]) / CACHE_DIR)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Cleaned | None:
        if key in self._fresh:
            return self._fresh.pop(key)
        try:
            with open(self.path(key), "rb") as file:
                return pickle.load(file)
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            log.warning("Cleaning cache entry %s is unreadable (%s); cleaning again", key, error)
            return None

    def put(self, key: str, cleaned: Cleaned) -> None:
        """Store atomically: a crash or a parallel writer never leaves half a file."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
            pickle.dump(cleaned, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)

    def remember(self, key: str, cleaned: Cleaned) -> None:
        """Hold a seed cleaned (and stored) by another process until the reader asks for it."""
        self._fresh[key] = cleaned

    def keys(self) -> set[str]:
        """The key of every stored entry: one listing per subfolder, not one file check per seed."""
        found = set(self._fresh)
        try:
            folders = [entry.path for entry in os.scandir(self.folder) if entry.is_dir()]
        except FileNotFoundError:
            return found
        for folder in folders:
            found.update(name[:-7] for name in os.listdir(folder) if name.endswith(".pickle"))
        return found

    def clean(self, data: bytes, key: str | None = None) -> Cleaned:
        """The entry for these bytes (whose `cache_key` may be given), cleaning and storing it on a miss."""
        key = key or cache_key(data)
        cleaned = self.get(key)
        if cleaned is None:
            cleaned = clean_seed(data)
            self.put(key, cleaned)
        return cleaned
