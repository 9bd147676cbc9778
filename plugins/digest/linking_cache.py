"""The linking caches: per-doc features by content, and the last `Linking` by its whole input.

Two files under CACHE_PATH/digest-linking/:

* `features.pickle`: {content key: `Features`} for the docs of the last build. A doc
  whose title and text are unchanged is not tokenised or shingled again, so a
  one-doc change costs only the corpus-level steps (idf, pairs, clustering).
* `linking.pickle`: the last result with the digest of everything it depends on
  (every field of every doc in order, the catalogue, the linking code). When that
  digest is unchanged the result is reused as it is.

Both carry a digest of the linking code (every file of `linking/`), so an edit
to it invalidates them without anyone bumping a version. An unreadable or
malformed file is ignored: linking runs again and rewrites it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .linking.features import Features, content_key, extract
from .linking.link import link
from .linking.model import CatalogueSummit, Doc, Linking

log = logging.getLogger(__name__)

#: Folder under CACHE_PATH.
CACHE_DIR = "digest-linking"
LINKING_CODE = Path(__file__).resolve().parent / "linking"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of every file of the linking code and its data."""
    digest = hashlib.sha256()
    for path in sorted(LINKING_CODE.rglob("*")):
        if path.is_file() and path.suffix != ".pyc":
            digest.update(str(path.relative_to(LINKING_CODE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def input_key(docs: Sequence[Doc], summits: Sequence[CatalogueSummit]) -> str:
    """A digest of all that `link(docs, summits)` reads: every doc field in order, the catalogue, the code."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for doc in docs:
        digest.update(repr(doc).encode() + b"\0")
    digest.update(repr(list(summits)).encode())
    return digest.hexdigest()


class LinkingCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def from_settings(cls, settings: dict) -> LinkingCache:
        return cls(Path(settings["CACHE_PATH"]) / CACHE_DIR)

    def link(self, docs: Sequence[Doc], summits: Sequence[CatalogueSummit]) -> Linking:
        """`link(docs, summits)`, reused when its input is unchanged, else computed from cached features."""
        key = input_key(docs, summits)
        stored = self.read("linking.pickle")
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            if isinstance(stored[1], Linking):
                return stored[1]
        data = self.write("linking.pickle", (key, link(docs, summits, self.features(docs))))
        # What was stored, not the fresh objects: the same objects whether linking ran or was reused,
        # so page fingerprints (which pickle page data, shared objects included) do not depend on it.
        return pickle.loads(data)[1]

    def features(self, docs: Sequence[Doc]) -> list[Features]:
        """Each doc's `Features`: cached ones by content key, the others extracted (and stored)."""
        keys = [content_key(doc) for doc in docs]
        stored = self.read("features.pickle")
        known: dict[str, Features] = {}
        valid = isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[1], dict)
        if valid and stored[0] == code_fingerprint():
            known = {k: v for k, v in stored[1].items() if isinstance(v, Features)}
        missing = {key: doc for key, doc in zip(keys, docs) if key not in known}
        known.update(zip(missing, extract(list(missing.values()))))
        if missing or len(known) != len(set(keys)):
            self.write("features.pickle", (code_fingerprint(), {key: known[key] for key in keys}))
        return [known[key] for key in keys]

    def read(self, name: str) -> object:
        try:
            with open(self.folder / name, "rb") as file:
                return pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception as error:  # a truncated or foreign pickle can raise almost anything
            log.warning("Linking cache %s is unreadable (%s); linking again", self.folder / name, error)
            return None

    def write(self, name: str, value: object) -> bytes:
        """Store atomically (a crash never leaves half a file); the pickled bytes."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".tmp", delete=False) as file:
            file.write(data)
        os.replace(file.name, self.folder / name)
        return data
