"""Which shard each indexed page belongs to, and the manifest of what each shard's index holds.

A page's shard is a hash of its group key: for an article, its summit (pages
that change together, when an event is renamed or gains a member, are
indexed together, so one edit re-indexes one or two shards rather than most);
for any other page, its path in the output. A page never moves while its
summit stays, whatever else is added or removed. A shard's digest is a
digest of its pages' paths and page digests: a shard is indexed again only
when that digest differs from the one in the manifest, i.e. when one of its
pages was added, removed or changed, or when the shard's bundle in the output
is not the one the manifest recorded (its entry file's size and time differ:
a build that was not published left the manifest ahead of the output).

The manifest lives under CACHE_PATH, one per output folder, in two files (the
shards' digests; the page states, `-files.json`). It is valid only
for the same shard count, the same Pagefind version and the same code of this
package (an edit to the indexer re-indexes everything, as an edit to the
cleaner empties the cleaning cache).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .pages import PageState

log = logging.getLogger(__name__)

MANIFEST_NAME = "digest-search-{}.json"
PAGE_LIST_NAME = "digest-search-{}-pages.json"
PACKAGE = Path(__file__).resolve().parent


def shard_names(count: int) -> list[str]:
    """Folder names of the shards, zero-padded so they sort and none is a prefix of another."""
    width = len(str(count - 1))
    return [f"{index:0{width}d}" for index in range(count)]


def shard_of(key: str, names: list[str]) -> str:
    """The shard of a page with group key `key` (stable: a hash of the key)."""
    return names[int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % len(names)]


def group(states: dict[str, PageState], keys: dict[str, str], count: int) -> dict[str, dict[str, str]]:
    """Indexed pages by shard: {shard: {page: digest}}; shards with no page are absent. `keys`: each
    page's group key (its path when absent)."""
    names = shard_names(count)
    shards: dict[str, dict[str, str]] = {}
    of_key: dict[str, str] = {}  # a summit's members share its key: one hash each
    for page, state in states.items():
        if state.digest:
            key = keys.get(page, page)
            if key not in of_key:
                of_key[key] = shard_of(key, names)
            shards.setdefault(of_key[key], {})[page] = state.digest
    return shards


def shard_digest(pages: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(pages.items())).encode()).hexdigest()


def identity(count: int) -> str:
    """What the manifest must match to be used: shard count, Pagefind version, this package's code."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:  # indexing will fail and say so; the manifest stays usable
        version = ""
    digest = hashlib.sha256(f"{count}\0{version}".encode())
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def site_key(site: Path) -> str:
    return hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]


def save_page_list(cache: Path, site: Path, pages: dict[str, str]) -> None:
    """{output path: group key} of this build's published articles and pages, for `load_page_list`."""
    cache.mkdir(parents=True, exist_ok=True)
    text = json.dumps(pages, sort_keys=True)
    (cache / PAGE_LIST_NAME.format(site_key(site))).write_text(text, encoding="utf-8")


def load_page_list(cache: Path, site: Path) -> dict[str, str]:
    try:
        pages = json.loads((cache / PAGE_LIST_NAME.format(site_key(site))).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(pages, list):  # written by an older version: every page keyed by its path
        return {page: page for page in pages}
    return pages if isinstance(pages, dict) else {}


@dataclass
class Manifest:
    """The last build's HTML files (for quick rescans) and the digest of each shard's written index.

    Kept in two files: the page states (10,000 entries at 10,000 articles, a 2 MB file) are saved as
    soon as the pages are scanned, while Pagefind runs; the shards' few entries once their runs end."""

    path: Path
    identity: str
    files: dict[str, PageState] = field(default_factory=dict)
    shards: dict[str, list] = field(default_factory=dict)  # name -> [digest, stamp of its bundle's entry file]

    @classmethod
    def path_for(cls, cache: Path, site: Path) -> Path:
        return cache / MANIFEST_NAME.format(site_key(site))

    @property
    def files_path(self) -> Path:
        return self.path.with_name(f"{self.path.stem}-files.json")

    @classmethod
    def load(cls, path: Path, expected_identity: str) -> Manifest:
        """The manifest at `path`, or an empty one when it is missing, unreadable or for other code; the
        page states alone are dropped when only their file is (every page is then read again)."""
        manifest = cls(path, expected_identity)
        shards, files = read_part(path, expected_identity), read_part(manifest.files_path, expected_identity)
        if shards is None:
            return manifest
        try:
            manifest.shards = dict(shards["shards"])
        except (KeyError, TypeError, ValueError):
            log.warning("Search manifest %s is damaged; every shard is indexed again", path)
            return manifest
        try:
            manifest.files = {name: PageState(*state) for name, state in files["files"].items()}
        except (KeyError, TypeError, AttributeError):  # missing or damaged: every page is read again
            manifest.files = {}
        return manifest

    def save_files(self) -> None:
        write_part(self.files_path, {"identity": self.identity, "files": {
            name: state.as_list() for name, state in sorted(self.files.items())}})

    def save_shards(self) -> None:
        write_part(self.path, {"identity": self.identity, "shards": dict(sorted(self.shards.items()))})


def read_part(path: Path, expected_identity: str) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("identity") == expected_identity else None


def write_part(path: Path, data: dict) -> None:
    """Write atomically, so an interrupted build leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".digest-search-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(json.dumps(data, separators=(",", ":")))  # `json.dump` encodes in Python: twice the time
    os.replace(temporary, path)
