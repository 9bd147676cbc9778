"""The cleaning cache: an unchanged seed is never cleaned twice.

A seed's `CleanedDoc`, with its body already rendered to HTML, is stored under
Pelican's CACHE_PATH by a hash of the seed's bytes and of the cleaner: the
layout of an entry and the source of the cleaning code (which declares its
`CLEANER_VERSION`), its data files and `stored.py`, so an edit to the cleaner
invalidates old entries even when nobody bumped the version. Each cleaner has
its own folder, so entries of an older cleaner are never read again.

Every build reads every entry, so entries live in 256 packs (by the key's first
two hex digits), each read with one open: opening 10,000 small files was a third
of loading them. The entries of the parallel pre-pass's workers go straight
into their packs once the pool is done (`store`: creating, reading back and
deleting a file per entry was a tenth of cleaning). An entry the reader cleans
is written alone (atomically, without a lock) and `save` moves the loose
entries into their packs at the end of reading; a one-seed change rewrites one
pack, 1/256 of the cache. An unreadable pack or entry is cleaned
again and replaced. Which key a seed file has is remembered from the last build
by the file's status (`seed_keys.py`), so with the parallel pre-pass (two
workers or more) an unchanged seed is not even read.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .cleaning.model import CleanedDoc
from .problems import MAX_SEED_BYTES, SkippedSeed, check_bytes
from .seed_keys import SeedKeys
from .stored import stored_doc, stored_values

log = logging.getLogger(__name__)

#: Folder under CACHE_PATH.
CACHE_DIR = "digest-cleaning"
#: Code whose edits change what an entry holds: what `clean()` returns, and how an entry stores a doc.
CLEANER_SOURCES = ("cleaning", "data", "stored.py")
PACKAGE = Path(__file__).resolve().parent
#: What an entry holds and how it is pickled; in every key, so an entry of another layout is never read.
ENTRY_LAYOUT = "Cleaned(StoredDoc, html): stored.stored_values, dataclasses as calls"
#: Hex digits of the key that name its pack.
PACK_DIGITS = 2
PACK_SUFFIX = ".pack"
ENTRY_SUFFIX = ".pickle"
#: What a damaged pack or entry raises when unpickled.
UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
              IndexError, KeyError)


class Cleaned(NamedTuple):
    """What the cleaner makes of one seed: the doc, and its body as HTML for Pelican. The HTML is kept
    because rendering it again for every cached seed cost a tenth of reading it."""

    doc: CleanedDoc
    html: str


def cleaner():
    """The cleaner and the body's renderer, imported when first needed: the cleaner was a third of the
    plugin's import time (ftfy alone a quarter), and a build that finds every seed cached needs neither."""
    from .cleaning import pipeline
    from .cleaning.render import render_body

    return pipeline.clean, render_body


def clean_seed(data: bytes) -> Cleaned:
    clean, render_body = cleaner()
    doc = clean(data)
    return Cleaned(doc, render_body(doc.body))


@lru_cache(maxsize=1)
def cleaner_fingerprint() -> bytes:
    """A digest of the entry layout and every file of the cleaner's code (`pipeline.py` declares its
    CLEANER_VERSION, so a new version is a new source) and data, read without importing the cleaner."""
    digest = hashlib.sha256(ENTRY_LAYOUT.encode())
    for source in map(PACKAGE.joinpath, CLEANER_SOURCES):
        for path in sorted(source.rglob("*")) if source.is_dir() else [source]:
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.digest()


def cache_key(data: bytes) -> str:
    return hashlib.sha256(cleaner_fingerprint() + data).hexdigest()


@lru_cache(maxsize=None)
def init_fields(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass whose fields are all `__init__` arguments; None for another class.
    Asked once per class: asking per object was two fifths of pickling an entry."""
    if is_dataclass(cls) and all(field.init for field in fields(cls)):
        return tuple(field.name for field in fields(cls))
    return None


class EntryPickler(pickle.Pickler):
    """Pickles a dataclass as a call of its class with its fields. Unpickling then runs `__init__`, about
    twice as fast as pickle's default for an object (a bare instance, its `__dict__` filled key by key).
    A doc comes back as a `StoredDoc` (`stored.py`), its bulky fields packed."""

    def reducer_override(self, obj):
        if isinstance(obj, CleanedDoc):
            return stored_doc, stored_values(obj, entry_bytes)
        names = init_fields(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple([getattr(obj, name) for name in names])


def entry_bytes(value) -> bytes:
    """An entry (`Cleaned`), or the packed part of a doc, as the cache stores it."""
    file = io.BytesIO()
    EntryPickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return file.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """A crash or a parallel writer never leaves half a file. The temporary name is this process's: a
    `tempfile` one (random, opened exclusively) cost a fifth of storing an entry."""
    temporary = f"{path}.{os.getpid()}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with open(descriptor, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


class CleaningCache:
    """Cleaned seeds on disk by key.

    `folder` is one cleaner's folder (`from_settings`). A pack is read on the first `get` of one of its
    keys; `get` drops an entry's bytes once handed out (a second seed with the same bytes reads the pack
    again)."""

    def __init__(self, folder: Path, seed_keys: SeedKeys | None = None) -> None:
        self.folder = folder
        self.seed_keys = seed_keys  # the last build's keys by seed file, for `key_of`
        self._packs: dict[str, dict[str, bytes]] = {}
        self._served: set[str] = set()  # keys whose packed bytes `get` handed out and dropped
        self._seeds: dict[str, str] = {}  # key by seed path, from `key_of`, until `known_key` hands it out

    @classmethod
    def from_settings(cls, settings: dict) -> CleaningCache:
        cleaner = cleaner_fingerprint().hex()
        seed_keys = SeedKeys(settings, [cleaner, f"check_bytes {MAX_SEED_BYTES}"])
        return cls(Path(settings["CACHE_PATH"]) / CACHE_DIR / cleaner[:16], seed_keys)

    def path(self, key: str) -> Path:
        """Where a loose entry is stored until `save` packs it."""
        return self.folder / f"{key}{ENTRY_SUFFIX}"

    def pack_path(self, prefix: str) -> Path:
        return self.folder / f"{prefix}{PACK_SUFFIX}"

    def get(self, key: str) -> Cleaned | None:
        data = self._pack(key[:PACK_DIGITS]).pop(key, None)
        if data is None and key in self._served:  # a second seed with the same bytes
            data = self._read_pack(key[:PACK_DIGITS]).get(key)
        self._served.add(key)
        try:
            if data is None:
                with open(self.path(key), "rb") as file:
                    data = file.read()
            return pickle.loads(data)
        except FileNotFoundError:
            return None
        except UNREADABLE as error:
            log.warning("Cleaning cache entry %s is unreadable (%s); cleaning again", key, error)
            return None

    def put(self, key: str, cleaned: Cleaned) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path(key), entry_bytes(cleaned))

    def store(self, entries: dict[str, bytes]) -> None:
        """Write entries made elsewhere (`entry_bytes` by key: the cleaning workers') straight into their
        packs, where `get` finds them: no file each, which `save` would read back and delete."""
        by_pack: dict[str, dict[str, bytes]] = {}
        for key, data in entries.items():
            by_pack.setdefault(key[:PACK_DIGITS], {})[key] = data
        if by_pack:
            self.folder.mkdir(parents=True, exist_ok=True)
        for prefix, new in by_pack.items():
            self._add_to_pack(prefix, new)
            if prefix in self._packs:
                self._packs[prefix].update(new)

    def key_of(self, path: str) -> str | None:
        """The key of a seed file's bytes: the last build's when the file is unchanged (`seed_keys`), else
        read and hashed; None when it cannot be read (the reader skips it and says why). A seed the reader
        will not skip for its bytes is remembered by path, so that the reader need not read it in this build
        (`known_key`), nor the next build if it does not change."""
        path = os.path.abspath(path)
        try:
            stat = os.stat(path)  # before reading: a write after it changes the status the key is kept with
            key = self.seed_keys(path, stat) if self.seed_keys else None
            if key is None:
                with open(path, "rb") as file:
                    data = file.read()
        except OSError:
            return None
        if key is None:
            key = cache_key(data)
            try:
                check_bytes(data)
            except SkippedSeed:
                return key
            if self.seed_keys:
                self.seed_keys.note(path, stat, key)
        self._seeds[path] = key
        return key

    def known_key(self, path: str) -> str | None:
        """The key `key_of` found for this seed file in this build (once), if any. Pelican asks with the
        absolute path that `key_of` keeps it by."""
        key = self._seeds.pop(path, None)
        return key if key is not None else self._seeds.pop(os.path.abspath(path), None)

    def known_keys(self) -> dict[str, str]:
        """The key `key_of` found for each seed file in this build that `known_key` has not handed out yet."""
        return dict(self._seeds)

    def keys(self) -> set[str]:
        """The key of every stored entry (every pack is read, as the reader will need them)."""
        packs, loose = self._stored()
        found = set().union(*loose.values())
        for prefix in packs:
            found.update(self._pack(prefix))
        return found

    def clean(self, data: bytes, key: str | None = None) -> Cleaned:
        """The entry for these bytes (whose `cache_key` may be given), cleaning and storing it on a miss."""
        key = key or cache_key(data)
        cleaned = self.get(key)
        if cleaned is None:
            cleaned = clean_seed(data)
            self.put(key, cleaned)
        return cleaned

    def save(self) -> None:
        """Move the loose entries into their packs (once every seed was read) and forget the packs read.
        A pack is rewritten from disk with its new entries, which replace any damaged one of the same key."""
        self._packs.clear()
        if self.seed_keys:
            self.seed_keys.save()
        for prefix, keys in self._stored()[1].items():
            new = {}
            for key in keys:
                try:
                    new[key] = self.path(key).read_bytes()
                except FileNotFoundError:
                    continue  # packed meanwhile by a parallel build
            self._add_to_pack(prefix, new)
            for key in keys:
                self.path(key).unlink(missing_ok=True)

    def _add_to_pack(self, prefix: str, new: dict[str, bytes]) -> None:
        """Rewrite a pack as it is on disk now (another build may have added to it) with these entries, which
        replace any damaged one of the same key."""
        entries = self._read_pack(prefix)
        entries.update(new)
        write_atomically(self.pack_path(prefix), pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))

    def _pack(self, prefix: str) -> dict[str, bytes]:
        if prefix not in self._packs:
            self._packs[prefix] = self._read_pack(prefix)
        return self._packs[prefix]

    def _read_pack(self, prefix: str) -> dict[str, bytes]:
        try:
            entries = pickle.loads(self.pack_path(prefix).read_bytes())
        except FileNotFoundError:
            return {}
        except UNREADABLE as error:
            log.warning("Cleaning cache pack %s is unreadable (%s); its seeds are cleaned again",
                        prefix, error)
            return {}
        return entries if isinstance(entries, dict) else {}

    def _stored(self) -> tuple[list[str], dict[str, list[str]]]:
        """The prefixes of the packs and the keys of loose entries by pack (a `.tmp` file is neither)."""
        packs: list[str] = []
        loose: dict[str, list[str]] = {}
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return packs, loose
        for name in names:
            if name.endswith(PACK_SUFFIX):
                packs.append(name[:-len(PACK_SUFFIX)])
            elif name.endswith(ENTRY_SUFFIX):
                key = name[:-len(ENTRY_SUFFIX)]
                loose.setdefault(key[:PACK_DIGITS], []).append(key)
        return packs, loose
