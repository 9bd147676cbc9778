"""Search: a Pagefind index of the written site, in shards re-indexed only when their pages change.

Pagefind reads the finished HTML, so this runs on Pelican's `finalized`
signal. Only elements marked `data-pagefind-body` (the article pages) are
indexed; `data-pagefind-filter` attributes give the outlet and summit filters.

Indexing the whole site on every build took 20-45 s and 2.7 GB at 10,000
articles, even when nothing changed. So the pages are split into
`DIGEST_SEARCH_SHARDS` shards by a hash of their summit (other pages: of
their path; `shards.py`), each with its own Pagefind bundle (`bundles.py`),
so the pages one edit changes together share a shard; a build indexes again only the
shards whose pages were added, removed or changed (`pages.py` digests what
Pagefind reads of each page), removes shards that became empty, and runs no
Pagefind at all when nothing changed. The search page merges the shards in
the browser (Pagefind's `mergeIndex`), filters included.

Indexing starts once the articles and pages are written (`page_writer_finalized`):
the shards to index again are found and Pagefind started on the first of them
at once, and the rest runs in the background while Pelican writes summit pages
and static files; `finalized` waits for it (`runs.py`).

Only the published articles and pages of this build are candidates (noted on
`all_generators_finalized`); drafts are never indexed.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import bundles, runs
from .bundles import BUNDLE_DIR, PagefindError
from .pages import scan
from .shards import Manifest, group, identity, load_page_list, save_page_list, shard_digest

log = logging.getLogger(__name__)


#: Pelican generators' lists of published content, listed or not (drafts are left out).
PUBLISHED = ("articles", "translations", "hidden_articles", "hidden_translations", "pages", "hidden_pages")


def note_pages(generators) -> None:
    """`all_generators_finalized`: store the output paths of this build's articles and pages."""
    if not generators or not generators[0].settings.get("DIGEST_SEARCH", True):
        return
    pages = {}
    for content in (content for generator in generators for name in PUBLISHED
                    for content in getattr(generator, name, ())):
        path = content.save_as  # formatted from the settings on every access: read once
        if path:
            pages[path] = group_key(content, path)
    settings, site = generators[0].settings, Path(generators[0].output_path)
    save_page_list(Path(settings["CACHE_PATH"]), site, pages)


def group_key(content, path: str) -> str:
    """An article's summit (pages that change together share a shard), else the page's own path."""
    summit = getattr(content, "summit", None)
    return f"summit:{summit.slug}" if summit is not None else path


def settle_leftover_index(generator) -> None:
    """`article_generator_init`: a run a failed build left may still read the pages this build rewrites."""
    runs.settle(Path(generator.output_path))


def start_index(generator, writer) -> None:
    """`page_writer_finalized`: every page to index is written; index while Pelican writes the rest."""
    settings = generator.settings
    if settings.get("DIGEST_SEARCH", True):
        site, cache, count = Path(generator.output_path), Path(settings["CACHE_PATH"]), shard_count(settings)
        runs.start(site, partial(begin_update, site, cache, count))


def build_index(pelican) -> None:
    """`finalized`: wait for the index started when the pages were written (or build it now, when no
    run was started); a failure is logged as an error and the built pages stay."""
    settings = pelican.settings
    if not settings.get("DIGEST_SEARCH", True):
        return
    site = Path(pelican.output_path)
    try:
        if not runs.finish(site):
            update_index(site, Path(settings["CACHE_PATH"]), shard_count(settings))
    except (PagefindError, OSError) as error:
        log.error("Search index not built: %s", error)


def shard_count(settings) -> int:
    return max(1, int(settings["DIGEST_SEARCH_SHARDS"]))


def update_index(site: Path, cache: Path, count: int) -> None:
    """Index again the shards whose pages changed; a shard Pagefind fails on is logged and left as it was."""
    begin_update(site, cache, count)()


def begin_update(site: Path, cache: Path, count: int) -> Callable[[], None]:
    """Find the shards to index again and start Pagefind on the first of them here, so that it runs while
    this thread writes the rest of the site instead of waiting for a share of this interpreter; return the
    rest of the update (the runs awaited, the other shards, the manifest), which raises what failed here."""
    try:
        update = Update.plan(site, cache, count)
        if update is None:
            return lambda: None
        update.start()
    except (PagefindError, OSError) as error:
        return partial(raise_error, error)
    return update.finish


def raise_error(error: Exception) -> None:
    raise error


@dataclass
class Update:
    """The shards of one build to index again (`stale`) or remove (`gone`), and their runs."""

    site: Path
    cache: Path
    manifest: Manifest
    shards: dict[str, dict[str, str]]
    stale: list[str]
    gone: list[str]
    started: dict[str, bundles.ShardRun] = field(default_factory=dict)
    failures: dict[str, PagefindError] = field(default_factory=dict)
    staging: Path | None = None
    binary: str = ""

    @classmethod
    def plan(cls, site: Path, cache: Path, count: int) -> Update | None:
        """What this build's pages need; None (the manifest saved) when every shard is as indexed."""
        manifest = Manifest.load(Manifest.path_for(cache, site), identity(count))
        if not manifest.shards or not bundles.is_complete(site):
            manifest.shards = {}
            shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)  # an older layout, or a half-written one
        known = manifest.files
        pages = load_page_list(cache, site)
        manifest.files = scan(site, sorted(pages), known)
        shards = group(manifest.files, pages, count)
        # The stamp: a bundle another build left is stale. Largest first: Pagefind's time is about linear
        # in a shard's pages, so the last runs are short and leave no core idle for long.
        stale = sorted((name for name, pages in shards.items()
                        if manifest.shards.get(name) != [shard_digest(pages), bundles.written_stamp(site, name)]),
                       key=lambda name: (-len(shards[name]), name))
        gone = [name for name in sorted(set(bundles.written_shards(site)) | set(manifest.shards))
                if name not in shards]
        if stale or gone:
            return cls(site, cache, manifest, shards, stale, gone)
        if manifest.files != known:
            manifest.save_files()
        log.info("Search index unchanged: %d pages in %d shards", sum(map(len, shards.values())), len(shards))
        return None

    def workers(self) -> int:
        return min(len(self.stale), os.cpu_count() or 1) or 1

    def start(self) -> None:
        """Start Pagefind on as many stale shards as there are cores."""
        if not self.stale:
            return
        self.binary = bundles.executable()
        self.cache.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(dir=bundles.staging_root(self.cache), prefix="digest-search-stage-"))
        for name in self.stale[:self.workers()]:
            try:
                self.started[name] = bundles.start_shard(self.site, name, sorted(self.shards[name]), self.staging,
                                                         self.binary)
            except PagefindError as error:
                self.failures[name] = error

    def finish(self) -> None:
        """Wait for the started runs and index the other stale shards, as many at once as there are cores;
        then remove the shards that became empty and save the manifest."""
        site, manifest, stale = self.site, self.manifest, self.stale
        manifest.save_files()  # while Pagefind runs; a stale shard's old entry still says it is stale
        if stale:
            self.index_rest()
        if self.failures:
            log.error("Search index not built for %d of %d shards: %s", len(self.failures), len(stale),
                      "; ".join(map(str, self.failures.values())))
        for name in stale:
            if name in self.failures:
                manifest.shards.pop(name, None)  # indexed again next build
            else:
                manifest.shards[name] = [shard_digest(self.shards[name]), bundles.written_stamp(site, name)]
        for name in self.gone:
            bundles.remove_shard(site, name)
            manifest.shards.pop(name, None)
        bundles.write_list(site)
        manifest.save_shards()
        log.info("Search index: %d of %d shards indexed again (%d pages), %d removed, %d failed",
                 len(stale), len(self.shards), sum(len(self.shards[name]) for name in stale), len(self.gone),
                 len(self.failures))

    def index_rest(self) -> None:
        waiting = [name for name in self.stale if name not in self.started and name not in self.failures]
        try:
            with ThreadPoolExecutor(max_workers=self.workers()) as pool:  # the started runs are taken first
                done = {name: pool.submit(run.finish) for name, run in self.started.items()}
                done.update({name: pool.submit(bundles.index_shard, self.site, name, sorted(self.shards[name]),
                                               self.staging, self.binary) for name in waiting})
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)
        for name, run in done.items():
            if isinstance(run.exception(), PagefindError):
                self.failures[name] = run.exception()
            elif run.exception():
                raise run.exception()
