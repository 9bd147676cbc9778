"""Writing the search bundle: one Pagefind index per shard, the search UI, and the list of shards.

Layout inside the output:

    pagefind/pagefind-ui.js, pagefind-ui.css   the UI the search page loads
    pagefind/shards.json                       {"bundles": ["shards/03/", ...]}: the shards to merge
    pagefind/shards/<name>/                    one complete Pagefind bundle per shard

A shard is indexed by the Pagefind CLI over a staging folder that holds only
that shard's pages, at the same paths as in the output, so Pagefind gives them
the same URLs; each staged page holds only what Pagefind reads of the page
(`pages.indexed_page`), which saves Pagefind more CPU than writing it costs. One CLI run per shard measured faster
than the Python API, whose service answers one message per 0.1 s poll. A new
shard's bundle is written beside its folder and renamed into place; an existing
shard's is written in the work folder and copied over the old one file by file
where the bytes differ (`update_bundle`). Either way a failed run leaves the
last index in place. Each shard's copy of the UI scripts is dropped
(the search page loads the UI once, from `pagefind/`), and so is WebAssembly
for languages the shard has none of.
"""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..speedups import stamp
from .pages import indexed_page

#: Folder of the search bundle inside the output, as the search page expects it.
BUNDLE_DIR = "pagefind"
SHARDS_DIR = "shards"
LIST_NAME = "shards.json"
#: The file a bundle is loaded from; written anew by every run (`written_stamp`).
ENTRY_NAME = "pagefind-entry.json"
#: The UI the search page loads, copied to BUNDLE_DIR from a freshly written shard.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
#: UI variants Pagefind writes into every bundle; the shards need none of them.
SHARD_UNUSED = UI_FILES + ("pagefind-component-ui.js", "pagefind-component-ui.css",
                           "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
#: A shard of a few hundred pages takes well under a second; a stuck binary should not hang the build.
INDEX_TIMEOUT_SECONDS = 600
#: Staged pages are written, read once and deleted: in memory when the system has a memory file
#: system with room to spare, where creating a file costs a fraction of what it costs on disk.
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_MIN_FREE = 256 * 2**20


class PagefindError(Exception):
    """Pagefind could not index a shard; the message says which and why."""


def executable() -> str:
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise PagefindError(f"the pagefind binary is not installed ({error})") from error
    return str(get_executable())


def shard_folder(site: Path, name: str) -> Path:
    return site / BUNDLE_DIR / SHARDS_DIR / name


def is_written(site: Path, name: str) -> bool:
    return (shard_folder(site, name) / ENTRY_NAME).is_file()


def written_stamp(site: Path, name: str) -> list[int] | None:
    """Size and time of the shard's entry file, new in every run: which run's bundle is in the output."""
    return stamp(shard_folder(site, name) / ENTRY_NAME)


def written_shards(site: Path) -> list[str]:
    """Every folder under the shards folder, including leftovers of an interrupted run."""
    folder = site / BUNDLE_DIR / SHARDS_DIR
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def staging_root(cache: Path) -> Path:
    """The folder to stage pages under: the memory file system when usable, else the cache folder."""
    if os.access(MEMORY_FOLDER, os.W_OK) and shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_MIN_FREE:
        return MEMORY_FOLDER
    return cache


def stage(site: Path, pages: list[str], folder: Path) -> None:
    """Write into `folder`, at the same paths, the part of each of `pages` that Pagefind reads."""
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(indexed_page((site / page).read_bytes()))


def index_shard(site: Path, name: str, pages: list[str], work: Path, binary: str) -> None:
    """Index `pages` into the shard's bundle, replacing the old bundle only when Pagefind succeeds."""
    start_shard(site, name, pages, work, binary).finish()


def start_shard(site: Path, name: str, pages: list[str], work: Path, binary: str) -> ShardRun:
    """Stage `pages` under `work` and start Pagefind on them; `finish` the run to put its bundle in place."""
    staged = work / name
    try:
        stage(site, pages, staged)
    except OSError as error:
        raise PagefindError(f"shard {name}: pages not staged: {error}") from error
    # A new shard's bundle is written beside its folder and renamed; an existing one's is updated from a
    # bundle written in the work folder (`update_bundle`).
    beside = site / BUNDLE_DIR / SHARDS_DIR / f".{name}.new"
    fresh = work / f"{name}.bundle" if shard_folder(site, name).is_dir() else beside
    shutil.rmtree(fresh, ignore_errors=True)
    command = [binary, "--site", str(staged), "--output-path", str(fresh), "--quiet"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        shutil.rmtree(staged, ignore_errors=True)
        raise PagefindError(f"shard {name}: {error}") from error
    return ShardRun(site, name, staged, fresh, process)


@dataclass
class ShardRun:
    """Pagefind indexing one shard's staged pages into a fresh bundle: beside the folder of a new shard,
    in the work folder for a shard that exists (`update_bundle` then brings its folder up to date)."""

    site: Path
    name: str
    staged: Path
    fresh: Path
    process: subprocess.Popen

    def finish(self) -> None:
        """Wait for Pagefind; on success, the fresh bundle (without what the shards do not need) becomes the
        shard's folder: renamed into place for a new shard, copied over by changed files for one that exists."""
        name, fresh, site = self.name, self.fresh, self.site
        try:
            _, errors = self.process.communicate(timeout=INDEX_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as error:
            self.process.kill()
            self.process.communicate()
            shutil.rmtree(fresh, ignore_errors=True)
            raise PagefindError(f"shard {name}: {error}") from error
        finally:
            shutil.rmtree(self.staged, ignore_errors=True)
        if self.process.returncode != 0:
            shutil.rmtree(fresh, ignore_errors=True)
            raise PagefindError(f"shard {name}: pagefind exited {self.process.returncode}: {errors.strip()}")
        for ui_file in UI_FILES:  # through a per-shard name, as shards run at the same time
            if not (site / BUNDLE_DIR / ui_file).is_file():
                copy = site / BUNDLE_DIR / f".{name}.{ui_file}"
                shutil.copy2(fresh / ui_file, copy)
                os.replace(copy, site / BUNDLE_DIR / ui_file)
        for unused in SHARD_UNUSED:
            (fresh / unused).unlink(missing_ok=True)
        drop_unused_wasm(fresh)
        target = shard_folder(site, name)
        if fresh.parent == target.parent:
            shutil.rmtree(target, ignore_errors=True)
            fresh.rename(target)
        else:
            update_bundle(fresh, target)
            shutil.rmtree(fresh, ignore_errors=True)


def update_bundle(fresh: Path, target: Path) -> None:
    """Make the shard's folder `target` hold the bundle `fresh`, writing only the files whose bytes differ
    and the entry file last, then deleting the files the new bundle lacks. Pagefind names most files by
    their content, so a page changed in a shard of 310 rewrites about 25 of its 340 files; deleting all
    of them and renaming the new bundle into place took 0.7-1.5 s of a rebuild on a busy disk, and the
    files the old entry file refers to stay until the new one is in place."""
    new = sorted(path.relative_to(fresh) for path in fresh.rglob("*") if path.is_file())
    old = {path.relative_to(target) for path in target.rglob("*") if path.is_file()}
    entry = Path(ENTRY_NAME)
    for name in [name for name in new if name != entry] + [entry]:
        source, destination = fresh / name, target / name
        if name != entry and name in old and filecmp.cmp(source, destination, shallow=False):
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.new")
        shutil.copyfile(source, temporary)
        os.replace(temporary, destination)
    for name in old.difference(new):
        (target / name).unlink()


def drop_unused_wasm(bundle: Path) -> None:
    """Keep only the WebAssembly of the shard's languages (Pagefind writes an "unknown" one besides)."""
    languages = json.loads((bundle / ENTRY_NAME).read_text(encoding="utf-8"))["languages"]
    used = {f"wasm.{language.get('wasm') or 'unknown'}.pagefind" for language in languages.values()}
    for wasm in bundle.glob("wasm.*.pagefind"):
        if wasm.name not in used:
            wasm.unlink()


def remove_shard(site: Path, name: str) -> None:
    shutil.rmtree(shard_folder(site, name), ignore_errors=True)


def write_list(site: Path) -> None:
    """List the shards on disk for the search page; rewritten only when the list changed."""
    bundles = [f"{SHARDS_DIR}/{name}/" for name in written_shards(site) if is_written(site, name)]
    path = site / BUNDLE_DIR / LIST_NAME
    text = json.dumps({"bundles": bundles}, indent=1) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def is_complete(site: Path) -> bool:
    """Whether the output still holds the shared parts of the bundle (not so after `invoke clean`)."""
    return all((site / BUNDLE_DIR / name).is_file() for name in (LIST_NAME, *UI_FILES))
