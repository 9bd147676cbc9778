"""The report, digest.json and feeds written by a forked process: the same files, its log and summary, its errors."""
from __future__ import annotations

import filecmp
import logging
import os
import shutil
import threading

import pytest
from pelican import signals
from pelican.generators import ArticlesGenerator

from digest import side_outputs
from digest.side_outputs import SideOutputsFailed
from support import ROOT, build_site
from test_render_pool import elsewhere, tree  # noqa: F401 (a fixture)

SIDE_FILES = ("digest.json", "report/", "feed.json", "feeds/")


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """The processes `side_outputs` forks in this test."""
    started, fork = [], os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(side_outputs.os, "fork", counted)
    return started


def build(tmp_path, name: str):
    return build_site(tmp_path / "seeds", tmp_path / name, CACHE_PATH=str(tmp_path / f"{name}.cache"),
                      DIGEST_SEARCH=False)


@pytest.mark.slow
def test_a_forked_process_writes_the_same_side_outputs_and_hands_back_its_log(
        tmp_path, monkeypatch, caplog, capsys, forks, elsewhere):  # noqa: F811
    if elsewhere:
        return
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    with monkeypatch.context() as patched:
        patched.setattr(side_outputs, "forkable", lambda: False)
        here = build(tmp_path, "here")
    assert forks == []
    capsys.readouterr()
    with caplog.at_level(logging.INFO, logger="digest.outputs"):
        forked = build(tmp_path, "forked")
    assert len(forks) == 1
    assert "data: 1 rendered" in caplog.text and "feeds: 7 rendered" in caplog.text  # logged by the child, here
    assert "Seeds: 5 read" in capsys.readouterr().out
    side = [name for name in tree(here) if name.startswith(SIDE_FILES)]
    assert side and side == [name for name in tree(forked) if name.startswith(SIDE_FILES)]
    assert [name for name in side if not filecmp.cmp(here / name, forked / name, shallow=False)] == []
    stamps = {name: (forked / name).stat().st_mtime_ns for name in side}
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="digest.outputs"):
        build(tmp_path, "forked")
    assert "data: 0 rendered, 1 unchanged" in caplog.text
    assert {name: (forked / name).stat().st_mtime_ns for name in side} == stamps  # kept, not removed as stale


@pytest.mark.slow
def test_a_failure_in_the_forked_process_fails_the_build_with_its_traceback(tmp_path, monkeypatch, forks,
                                                                             elsewhere):  # noqa: F811
    if elsewhere:
        return
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")

    def broken(*args):
        return 1 // 0

    monkeypatch.setattr(side_outputs, "write_data", broken)
    with pytest.raises(SideOutputsFailed, match="ZeroDivisionError"):
        build(tmp_path, "site")
    assert len(forks) == 1
    assert not (tmp_path / "site" / "digest.json").exists()


@pytest.mark.slow
def test_side_outputs_are_written_in_this_process_while_another_thread_runs(tmp_path, forks):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        site = build(tmp_path, "site")
    finally:
        stop.set()
        other.join()
    assert forks == []
    assert all((site / name).is_file() for name in ("digest.json", "report/index.html", "feed.json"))


@pytest.mark.slow
def test_a_build_that_fails_after_the_fork_leaves_a_run_that_is_waited_for(tmp_path, forks,
                                                                            elsewhere):  # noqa: F811
    """Its process writes on into the output folder: it must be done before another build or the exit."""
    if elsewhere:
        return
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")

    def failed(*args, **kwargs):
        raise RuntimeError("a page could not be written")

    signals.page_writer_finalized.connect(failed)  # after the fork, before `finalized`
    try:
        with pytest.raises(RuntimeError, match="could not be written"):
            build(tmp_path, "site")
    finally:
        signals.page_writer_finalized.disconnect(failed)
    assert len(forks) == 1 and list(side_outputs._running)
    side_outputs.wait_for_leftovers()
    assert side_outputs._running == {}
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)  # reaped
    assert (tmp_path / "site" / "digest.json").is_file()


@pytest.mark.slow
def test_the_side_outputs_see_the_final_context(tmp_path, monkeypatch, elsewhere):  # noqa: F811
    """They are started after Pelican refreshed the links between contents (`{filename}` in a summary)."""
    if elsewhere:
        return
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    events, refresh = [], ArticlesGenerator.refresh_metadata_intersite_links

    def refreshed(generator):
        events.append("refresh")
        refresh(generator)

    started = side_outputs.write_all

    def writing(*args):
        events.append("write")  # in this process when it cannot fork; in the child, invisible here
        return started(*args)

    monkeypatch.setattr(ArticlesGenerator, "refresh_metadata_intersite_links", refreshed)
    monkeypatch.setattr(side_outputs, "forkable", lambda: False)
    monkeypatch.setattr(side_outputs, "write_all", writing)
    build(tmp_path, "site")
    assert events == ["refresh", "write"]
