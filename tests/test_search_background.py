"""Indexing in the background: it starts once the pages are written and the build waits for it."""
from __future__ import annotations

import logging
import os
import shutil
import threading
from types import SimpleNamespace

import pytest
from pelican import signals
from pelican.generators import Generator

from digest import search
from digest.search import bundles, runs
from digest.search.bundles import PagefindError
from digest.search.shards import save_page_list, shard_names, shard_of
from support import ROOT, build_site


def test_finish_waits_for_the_run_and_raises_its_error(tmp_path):
    go, done = threading.Event(), []

    def index():
        go.wait(5)
        done.append("indexed")
        raise PagefindError("shard 0: failed")

    runs.start(tmp_path, lambda: index)
    go.set()
    with pytest.raises(PagefindError):
        runs.finish(tmp_path)
    assert done == ["indexed"]
    assert runs.finish(tmp_path) is False  # nothing left to wait for


def test_a_run_left_by_a_failed_build_ends_before_the_next_begins(tmp_path):
    """The next build plans and starts its shards only once the leftover run has ended: both would write
    the same shard folders and manifest."""
    order = []

    def begin():
        order.append("next begins")
        return lambda: order.append("next indexes")

    runs.start(tmp_path, lambda: lambda: (threading.Event().wait(0.2), order.append("left over ends")))
    runs.start(tmp_path, begin)
    runs.finish(tmp_path)
    assert order == ["left over ends", "next begins", "next indexes"]


def test_a_build_plans_its_search_update_only_after_the_leftover_run(tmp_path, monkeypatch):
    """`start_index` hands the planning to `runs.start`: planned earlier, it read the manifest and staged
    shards while the leftover run was still writing them."""
    order = []
    monkeypatch.setattr(search, "begin_update", lambda *_: order.append("next plans") or (lambda: None))
    runs.start(tmp_path, lambda: lambda: (threading.Event().wait(0.2), order.append("left over ends")))
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "DIGEST_SEARCH_SHARDS": 4}
    search.start_index(SimpleNamespace(settings=settings, output_path=str(tmp_path)), writer=None)
    runs.finish(tmp_path)
    assert order == ["left over ends", "next plans"]


@pytest.mark.slow
def test_a_run_left_by_a_failed_build_ends_before_the_next_build_writes_a_page(tmp_path):
    """The leftover run reads the pages: waited for only when the next build's pages were written, it could
    read one in the instant it was being rewritten."""
    order = []

    def writing(generator, content):
        order.append("page written")

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    site = tmp_path / "out"
    runs.start(site, lambda: lambda: (threading.Event().wait(0.5), order.append("left over ends")))
    signals.article_generator_write_article.connect(writing)
    try:
        build_site(tmp_path / "seeds", site)
    finally:
        signals.article_generator_write_article.disconnect(writing)
    assert order[0] == "left over ends" and "page written" in order


@pytest.mark.slow
def test_the_index_runs_while_later_generators_write(tmp_path):
    """A plugin's generator writes after the pages: by then the run has started, and after the build the
    index is complete and nothing is left running."""
    seen = []

    class Later(Generator):
        def generate_output(self, writer):
            seen.append(runs.running(self.output_path))

    def add_later(pelican):
        return Later

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    signals.get_generators.connect(add_later)
    try:
        site = build_site(tmp_path / "seeds", tmp_path / "out")
    finally:
        signals.get_generators.disconnect(add_later)
    assert seen == [True]
    assert not runs.running(site)
    assert (site / "pagefind" / "shards.json").is_file()


@pytest.mark.slow
def test_pagefind_starts_in_the_builds_thread_before_later_generators_write(tmp_path, monkeypatch):
    """The first shards' runs start on `page_writer_finalized` itself, not when the background thread gets
    its share of the interpreter."""
    events = []
    start_shard = bundles.start_shard

    def noted(*args):
        events.append(("started", threading.current_thread() is threading.main_thread()))
        return start_shard(*args)

    class Later(Generator):
        def generate_output(self, writer):
            events.append("later")

    def add_later(pelican):
        return Later

    monkeypatch.setattr(bundles, "start_shard", noted)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    signals.get_generators.connect(add_later)
    try:
        site = build_site(tmp_path / "seeds", tmp_path / "out", DIGEST_SEARCH_SHARDS=8)
    finally:
        signals.get_generators.disconnect(add_later)
    cores = min(len(list((site / "pagefind" / "shards").iterdir())), os.cpu_count() or 1)
    assert events[:cores] == [("started", True)] * cores and events[cores] == "later"


@pytest.mark.slow
def test_a_failure_before_pagefind_starts_is_logged_once_and_the_pages_stay(tmp_path, monkeypatch, caplog):
    def missing():
        raise PagefindError("the pagefind binary is not installed (test)")

    monkeypatch.setattr(bundles, "executable", missing)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    with caplog.at_level(logging.ERROR):
        site = build_site(tmp_path / "seeds", tmp_path / "out")
    failures = [record.getMessage() for record in caplog.records if "Search index not built" in record.getMessage()]
    assert failures == ["Search index not built: the pagefind binary is not installed (test)"]
    assert list(site.glob("articles/*/index.html")) and not runs.running(site)


def test_the_largest_shards_are_indexed_first(tmp_path):
    """Pagefind's time is about linear in a shard's pages: the largest first leave short runs for last."""
    site, cache = tmp_path / "out", tmp_path / "cache"
    names = shard_names(4)
    groups = {}  # a group key for each shard; the shard in place n of `names` gets n + 1 pages
    for number in range(1000):
        shard = shard_of(f"summit:{number}", names)
        groups.setdefault(shard, f"summit:{number}")
    pages = {}
    for count, (shard, key) in enumerate(sorted(groups.items()), start=1):
        for page in range(count):
            path = f"{shard}-{page}/index.html"
            (site / path).parent.mkdir(parents=True)
            (site / path).write_text(f'<html lang="en"><article data-pagefind-body><h1>{path}</h1></article></html>')
            pages[path] = key
    save_page_list(cache, site, pages)
    update = search.Update.plan(site, cache, 4)
    assert update.stale == sorted(names, reverse=True)
