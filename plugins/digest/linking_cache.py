"""The linking caches: per-doc features by content, and the last `Linking` by its whole input.

Files under CACHE_PATH/digest-linking/:

* `features-0.pickle` ... `features-f.pickle`: {content key: `Features`} for the docs of the
  last build, in 16 shards by the key's first hex digit. A doc whose title and text are
  unchanged is not tokenised or shingled again, and a one-doc change rewrites at most the
  two shards of its old and new key, so it costs only the corpus-level steps (idf, pairs,
  clustering).
* `linking.pickle`: the digest of everything the last result depends on (every field of
  every doc in order, the catalogue, the linking code), then the result, as two pickles
  in one file: a changed input reads the digest only. When it is unchanged the result is
  reused as it is.
* `discovery.pickle`: the last link's `events.Memo` (copy postings, summit assignments, term
  columns, similar pairs, component clusters), which the next link reuses where it is provably
  unchanged: after a one-doc edit only that doc's pairs and its component are worked out again.
  Its key adds numpy's and scipy's versions to the code digest (kept cosines are their arithmetic).

When many docs miss the features cache (a first build, a new linking code), the cleaning workers
extract them as they clean (`parallel.py`, `offer_features`); those that are still missing (their
seeds cleaned earlier) are extracted in a process pool (DIGEST_WORKERS, as for cleaning) when they
are many: extraction is per doc and about half of a cold link. The old single `features.pickle` of
earlier versions is deleted when shards are written.

The linking code (numpy, scipy) is imported only when linking runs: a build whose result is
reused does not pay for the import.

A fresh result is returned as it is, not as stored and loaded again: page keys pickle without a
memo (speedups.FingerprintPickler), so how its objects are shared does not change them. No cyclic
collection runs while results and features are loaded and linked (`collector_paused`).

All carry a digest of the linking code (every file of `linking/`), so an edit to it
invalidates them without anyone bumping a version. An unreadable or malformed file is
ignored: linking runs again and rewrites it.
"""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import logging
import operator
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .linking.model import CatalogueSummit, Doc, Linking, content_key
from .parallel import worker_count

if TYPE_CHECKING:
    from .linking.features import Features

log = logging.getLogger(__name__)

#: Folder under CACHE_PATH.
CACHE_DIR = "digest-linking"
#: The last result, after the digest of its input.
RESULT_FILE = "linking.pickle"
LINKING_CODE = Path(__file__).resolve().parent / "linking"
#: Features are stored in one file per first hex digit of their content key.
SHARDS = "0123456789abcdef"
#: The single features file of earlier versions, which nothing reads any more.
LEGACY_FEATURES = "features.pickle"
#: Below this many docs to extract, starting worker processes costs more than it saves.
MIN_DOCS_FOR_POOL = 400
#: Docs handed to a worker at a time: each task hashes and classifies its vocabulary once.
DOCS_PER_TASK = 250


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of every file of the linking code and its data."""
    digest = hashlib.sha256()
    for path in sorted(LINKING_CODE.rglob("*")):
        if path.is_file() and path.suffix != ".pyc":
            digest.update(str(path.relative_to(LINKING_CODE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def library_versions() -> str:
    """numpy's and scipy's versions (imported by then): what `discovery.pickle` keeps was computed by them."""
    import numpy
    import scipy

    return f"numpy {numpy.__version__} scipy {scipy.__version__}"


#: Every `Doc` field but the text, whose repr would escape each of its characters (most of a corpus).
SHORT_FIELDS = operator.attrgetter(*(field.name for field in dataclasses.fields(Doc) if field.name != "text"))


def input_key(docs: Sequence[Doc], summits: Sequence[CatalogueSummit], keys: Sequence[str]) -> str:
    """A digest of all that `link(docs, summits)` reads: every doc field in order, the catalogue, the code.

    `keys` are the docs' content keys (title and text, `model.content_key`), which the features cache
    reads too: each text is hashed once.
    """
    digest = hashlib.sha256(code_fingerprint().encode())
    for doc, key in zip(docs, keys, strict=True):
        digest.update(f"{SHORT_FIELDS(doc)!r}\0{key}\0".encode())
    digest.update(repr(list(summits)).encode())
    return digest.hexdigest()


def extract_features(docs: Sequence[Doc], workers: int) -> list[Features]:
    """`extract(docs)`; many docs in chunks across `workers` processes, equal labels one string as in `extract`."""
    from .linking.features import extract

    if workers < 2 or len(docs) < MIN_DOCS_FOR_POOL:
        return extract(docs)
    log.info("Extracting linking features of %d docs in %d processes", len(docs), workers)
    chunks = [docs[start:start + DOCS_PER_TASK] for start in range(0, len(docs), DOCS_PER_TASK)]
    labels: dict[str, str] = {}
    label = labels.setdefault
    with ProcessPoolExecutor(max_workers=workers) as pool:  # each chunk is let go once its labels are shared
        return [dataclasses.replace(f, terms=tuple([label(term, term) for term in f.terms]))
                for chunk in pool.map(extract, chunks) for f in chunk]


class Offered:
    """Features the cleaning workers extracted in this process, by content key, until `features` takes
    them; equal labels one string, as in `extract_features` (each worker's results unpickle their own)."""

    def __init__(self) -> None:
        self.features: dict[str, Features] = {}
        self.labels: dict[str, str] = {}

    def add(self, found: Features) -> None:
        label = self.labels.setdefault
        terms = tuple([label(term, term) for term in found.terms])
        self.features[found.key] = dataclasses.replace(found, terms=terms)

    def take(self) -> dict[str, Features]:
        """Every offered feature, forgotten here: it serves one link; a later one finds it in the cache."""
        taken = self.features
        self.__init__()
        return taken


#: Features of docs cleaned by this process's workers; being keyed by content they fit any link.
OFFERED = Offered()


def offer_features(found: Features) -> None:
    """Keep the features of a doc that a cleaning worker extracted, for the next `LinkingCache.features`."""
    OFFERED.add(found)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while a result or the features are loaded and linked.

    They allocate millions of objects that live on (arrays, tuples, frozensets, the result) and form
    few cycles, so the collections they trigger walk them for nothing: 0.2 s of a 10,000-doc relink.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class LinkingCache:
    def __init__(self, folder: Path, workers: int = 1) -> None:
        self.folder = folder
        self.workers = workers

    @classmethod
    def from_settings(cls, settings: dict) -> LinkingCache:
        return cls(Path(settings["CACHE_PATH"]) / CACHE_DIR, worker_count(settings))

    @collector_paused()
    def link(self, docs: Sequence[Doc], summits: Sequence[CatalogueSummit],
             keys: Sequence[str] | None = None) -> Linking:
        """`link(docs, summits)`, reused when its input is unchanged, else computed from cached features.
        `keys` are the docs' content keys, when known."""
        keys = keys if keys is not None else [content_key(doc) for doc in docs]
        key = input_key(docs, summits, keys)
        stored = self.read(RESULT_FILE, key)
        if isinstance(stored, Linking):
            return stored
        from .linking.events import Memo
        from .linking.link import link

        memo_key = f"{code_fingerprint()} {library_versions()}"  # kept cosines are the libraries' arithmetic
        memo = self.read("discovery.pickle", memo_key)
        memo = memo if isinstance(memo, Memo) else Memo()
        result = link(docs, summits, self.features(docs, keys), memo)
        self.write(RESULT_FILE, key, result)
        self.write("discovery.pickle", memo_key, memo)
        return result

    def features(self, docs: Sequence[Doc], keys: Sequence[str] | None = None) -> list[Features]:
        """Each doc's `Features`: cached ones by content key (`keys`, when known), the others extracted;
        changed shards stored."""
        from .linking.features import Features

        keys = keys if keys is not None else [content_key(doc) for doc in docs]
        stored = self.shards("features", code_fingerprint(), lambda value: isinstance(value, Features))
        known = {key: value for entries in stored.values() for key, value in entries.items()}
        offered = OFFERED.take()
        missing = {}
        for key, doc in zip(keys, docs):
            if key not in known:
                if key in offered:
                    known[key] = offered[key]
                else:
                    missing[key] = doc
        known.update(zip(missing, extract_features(list(missing.values()), self.workers)))
        if self.store_shards("features", code_fingerprint(), {key: known[key] for key in keys}, stored):
            (self.folder / LEGACY_FEATURES).unlink(missing_ok=True)
        return [known[key] for key in keys]

    def shards(self, name: str, key: str, valid: Callable[[object], bool]) -> dict[str, dict[str, object]]:
        """The entries stored under `key` in each shard `name-0.pickle` ... `name-f.pickle`, by shard, the
        `valid` values only (none for a missing, foreign or unreadable shard)."""
        found = {}
        for shard in SHARDS:
            stored = self.read(f"{name}-{shard}.pickle", key)
            found[shard] = {k: v for k, v in stored.items() if valid(v)} if isinstance(stored, dict) else {}
        return found

    def store_shards(self, name: str, key: str, entries: dict[str, object],
                     stored: dict[str, dict[str, object]]) -> bool:
        """Rewrite, under `key`, each shard whose entries (by the first hex digit of theirs) are not those
        `stored` holds for it; whether any was."""
        wanted: dict[str, set[str]] = {shard: set() for shard in SHARDS}
        for entry in entries:
            wanted[entry[0]].add(entry)
        stale = [shard for shard in SHARDS if stored[shard].keys() != wanted[shard]]
        for shard in stale:
            kept = {entry: entries[entry] for entry in sorted(wanted[shard])}
            self.write(f"{name}-{shard}.pickle", key, kept)
        return bool(stale)

    def holds_features(self) -> bool:
        """Whether a features shard of this linking code is stored (each read no further than its key)."""
        for shard in SHARDS:
            try:
                with open(self.folder / f"features-{shard}.pickle", "rb") as file:
                    if pickle.load(file) == code_fingerprint():
                        return True
            except Exception:  # missing, truncated or foreign: it holds nothing
                continue
        return False

    def read(self, name: str, key: str) -> object:
        """The value stored after `key` in the file, or None when the file holds another key or none."""
        try:
            with open(self.folder / name, "rb") as file:
                return pickle.load(file) if pickle.load(file) == key else None
        except FileNotFoundError:
            return None
        except Exception as error:  # a truncated or foreign pickle can raise almost anything
            log.warning("Linking cache %s is unreadable (%s); linking again", self.folder / name, error)
            return None

    def write(self, name: str, key: str, value: object) -> None:
        """Store the key, then the value, as two pickles streamed into one file (never whole in memory),
        atomically: a crash never leaves half a file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".tmp", delete=False) as file:
            pickle.dump(key, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, self.folder / name)
