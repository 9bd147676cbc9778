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

Indexing starts once the articles and pages are written (`page_writer_finalized`)
and runs in the background while Pelican writes feeds, summit pages and static
files; `finalized` waits for it (`runs.py`).

Only the published articles and pages of this build are candidates (noted on
`all_generators_finalized`); drafts are never indexed.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
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


def start_index(generator, writer) -> None:
    """`page_writer_finalized`: every page to index is written; index while Pelican writes the rest."""
    settings = generator.settings
    if settings.get("DIGEST_SEARCH", True):
        site, cache, count = Path(generator.output_path), Path(settings["CACHE_PATH"]), shard_count(settings)
        runs.start(site, lambda: update_index(site, cache, count))


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
    manifest = Manifest.load(Manifest.path_for(cache, site), identity(count))
    if not manifest.shards or not bundles.is_complete(site):
        manifest.shards = {}
        shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)  # an older layout, or a half-written one
    known = manifest.files
    pages = load_page_list(cache, site)
    manifest.files = scan(site, sorted(pages), known)
    shards = group(manifest.files, pages, count)
    digests = {name: shard_digest(pages) for name, pages in shards.items()}
    stale = sorted(name for name, digest in digests.items()  # the stamp: a bundle another build left is stale
                   if manifest.shards.get(name) != [digest, bundles.written_stamp(site, name)])
    gone = [name for name in sorted(set(bundles.written_shards(site)) | set(manifest.shards)) if name not in shards]
    if not stale and not gone:
        if manifest.files != known:
            manifest.save()
        log.info("Search index unchanged: %d pages in %d shards", sum(map(len, shards.values())), len(shards))
        return
    failures = index_shards(site, cache, {name: sorted(shards[name]) for name in stale}) if stale else {}
    if failures:
        log.error("Search index not built for %d of %d shards: %s", len(failures), len(stale),
                  "; ".join(map(str, failures.values())))
    for name in stale:
        if name in failures:
            manifest.shards.pop(name, None)  # indexed again next build
        else:
            manifest.shards[name] = [digests[name], bundles.written_stamp(site, name)]
    for name in gone:
        bundles.remove_shard(site, name)
        manifest.shards.pop(name, None)
    bundles.write_list(site)
    manifest.save()
    log.info("Search index: %d of %d shards indexed again (%d pages), %d removed, %d failed",
             len(stale), len(shards), sum(len(shards[name]) for name in stale), len(gone), len(failures))


def index_shards(site: Path, cache: Path, work: dict[str, list[str]]) -> dict[str, PagefindError]:
    """Run Pagefind on each shard, as many at once as there are cores; return the failures by shard."""
    binary = bundles.executable()
    cache.mkdir(parents=True, exist_ok=True)
    failures = {}
    with tempfile.TemporaryDirectory(dir=bundles.staging_root(cache), prefix="digest-search-stage-") as staging:
        with ThreadPoolExecutor(max_workers=min(len(work), os.cpu_count() or 1)) as pool:
            runs = {name: pool.submit(bundles.index_shard, site, name, pages, Path(staging), binary)
                    for name, pages in work.items()}
        for name, run in runs.items():
            if isinstance(run.exception(), PagefindError):
                failures[name] = run.exception()
            elif run.exception():
                raise run.exception()
    return failures
