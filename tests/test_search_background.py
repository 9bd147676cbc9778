"""Indexing in the background: it starts once the pages are written and the build waits for it."""
from __future__ import annotations

import shutil
import threading

import pytest
from pelican import signals
from pelican.generators import Generator

from digest.search import runs
from digest.search.bundles import PagefindError
from support import ROOT, build_site


def test_finish_waits_for_the_run_and_raises_its_error(tmp_path):
    go, done = threading.Event(), []

    def index():
        go.wait(5)
        done.append("indexed")
        raise PagefindError("shard 0: failed")

    runs.start(tmp_path, index)
    go.set()
    with pytest.raises(PagefindError):
        runs.finish(tmp_path)
    assert done == ["indexed"]
    assert runs.finish(tmp_path) is False  # nothing left to wait for


def test_a_run_left_by_a_failed_build_ends_before_the_next_starts(tmp_path):
    order = []
    runs.start(tmp_path, lambda: (threading.Event().wait(0.2), order.append("left over")))
    runs.start(tmp_path, lambda: order.append("next"))
    runs.finish(tmp_path)
    assert order == ["left over", "next"]


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
