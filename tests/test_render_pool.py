"""Article pages rendered in forked processes: the same files as one process, errors brought back."""
from __future__ import annotations

import filecmp
import json
import logging
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment
from pelican import signals
from pelican.writers import FileOverwriteFailedError

from digest import render_pool
from digest.render_pool import DeferredArticles, RenderFailed
from digest.speedups import LEDGER_NAME
from support import ROOT, build_site

PAGES = 300  # more than MIN_PAGES_TO_FORK
PAGE = Environment().from_string("<h1>{{ article.title }}</h1>{% if article.broken %}{{ 1 // 0 }}{% endif %}")


@pytest.fixture
def elsewhere(request) -> bool:
    """True when the test already passed in a fresh pytest process. The writer forks only when this
    process has no other thread; in the whole suite a session fixture's server thread is alive."""
    if threading.active_count() == 1:
        return False
    command = [sys.executable, "-m", "pytest", request.node.nodeid, "-q", "-p", "no:cacheprovider"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return True


def write_pages(writer: DeferredArticles, count: int = PAGES, broken: int | None = None) -> None:
    for index in range(count):
        article = SimpleNamespace(title=f"Article {index}", broken=index == broken)
        writer.write_file(f"articles/{index}/index.html", PAGE, {"localsiteurl": None}, article=article)
    writer.render_deferred()


def test_pages_rendered_by_forked_processes_are_all_written(tmp_path, elsewhere):
    if elsewhere:
        return
    writer = DeferredArticles(str(tmp_path), settings={"DIGEST_WORKERS": 2})
    write_pages(writer)
    assert writer.forked_pages == PAGES // 2
    for index in range(PAGES):
        assert (tmp_path / f"articles/{index}/index.html").read_text() == f"<h1>Article {index}</h1>"
    assert len(writer._written_files) == PAGES  # Pelican's guard against writing a file twice still holds
    with pytest.raises(FileOverwriteFailedError):
        write_pages(writer, count=1)


def test_a_failure_in_a_forked_process_fails_the_build_with_its_traceback(tmp_path, elsewhere):
    if elsewhere:
        return
    writer = DeferredArticles(str(tmp_path), settings={"DIGEST_WORKERS": 2})
    with pytest.raises(RenderFailed, match="ZeroDivisionError"):
        write_pages(writer, broken=PAGES - 2)  # the forked process's share: every other page from the last


def test_pages_are_rendered_in_this_process_when_someone_listens_to_content_written(tmp_path, elsewhere):
    if elsewhere:
        return
    written = []

    def note(path, context):
        written.append(path)

    signals.content_written.connect(note)
    try:
        writer = DeferredArticles(str(tmp_path), settings={"DIGEST_WORKERS": 2})
        write_pages(writer)
    finally:
        signals.content_written.disconnect(note)
    assert writer.forked_pages == 0
    assert len(written) == PAGES


def tree(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


@pytest.mark.slow
def test_a_forked_build_writes_the_same_site_and_stays_incremental(tmp_path, monkeypatch, caplog, elsewhere):
    if elsewhere:
        return
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")

    def build(name: str, workers: int) -> Path:
        return build_site(tmp_path / "seeds", tmp_path / name, CACHE_PATH=str(tmp_path / f"{name}.cache"),
                          DIGEST_SEARCH=False, DIGEST_WORKERS=workers)

    one = build("one", 1)
    monkeypatch.setattr(render_pool, "MIN_PAGES_TO_FORK", 1)
    with caplog.at_level(logging.INFO, logger="digest.render_pool"):
        forked = build("forked", 2)
    assert "article pages rendered in 2 processes" in caplog.text
    assert tree(one) == tree(forked)
    assert [name for name in tree(one) if not filecmp.cmp(one / name, forked / name, shallow=False)] == []
    ledgers = [json.loads(next(Path(f"{site}.cache").glob(LEDGER_NAME.format("*"))).read_text())
               for site in (one, forked)]
    assert len(ledgers[1]) == len(ledgers[0]) > 0
    pages = [name for name in tree(forked) if name.endswith(".html")]
    stamps = {name: (forked / name).stat().st_mtime_ns for name in pages}
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="digest.render_pool"):
        build("forked", 2)
    assert "rendered in" not in caplog.text  # every article page unchanged: none rendered
    assert {name: (forked / name).stat().st_mtime_ns for name in pages} == stamps


def test_pages_are_rendered_in_this_process_while_another_thread_runs(tmp_path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        writer = DeferredArticles(str(tmp_path), settings={"DIGEST_WORKERS": 2})
        write_pages(writer)
    finally:
        stop.set()
        other.join()
    assert writer.forked_pages == 0
    assert (tmp_path / f"articles/{PAGES - 1}/index.html").read_text() == f"<h1>Article {PAGES - 1}</h1>"


def test_pages_are_not_held_back_when_someone_prepares_each_article_before_its_page(tmp_path):
    def prepare(generator, content):
        pass

    signals.article_generator_write_article.connect(prepare)
    try:
        writer = DeferredArticles(str(tmp_path), settings={"DIGEST_WORKERS": 2})
        writer.write_file("articles/0/index.html", PAGE, {"localsiteurl": None},
                          article=SimpleNamespace(title="Article 0", broken=False))
        assert (tmp_path / "articles/0/index.html").is_file()  # written at once, not at the end of the run
    finally:
        signals.article_generator_write_article.disconnect(prepare)
    assert writer.deferred == []
