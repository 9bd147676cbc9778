"""Indexing in the background: started once the pages are written, awaited when the build ends.

Pagefind reads only the article and page files, and Pelican has written them
all when it sends `page_writer_finalized`. What follows (feeds, summit pages,
the data export, static files) runs in Pelican's one thread while the other
cores sit idle; Pagefind runs as child processes, so indexing starts then, in
a thread, and the `finalized` receiver waits for it. Pelican hands no object
from one signal to the other, so a run is kept here by output folder until
that build's `finalized` takes it; a run left by a build that failed in
between is waited for when the next build on the same folder starts, before
it rewrites the pages that run reads.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

#: Runs started and not yet awaited, by output folder.
_running: dict[str, Future] = {}


def start(site: Path, begin: Callable[[], Callable[[], None]]) -> None:
    """Once a run a failed build left on the output folder `site` has ended, call `begin` here and run
    what it returns in a thread of its own."""
    settle(site)
    index = begin()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="digest-search")
    _running[key_of(site)] = pool.submit(index)
    pool.shutdown(wait=False)


def settle(site: Path) -> None:
    """Wait for a run a failed build left on `site`; its error belonged to that build."""
    leftover = _running.pop(key_of(site), None)
    if leftover is not None:
        leftover.exception()


def finish(site: Path) -> bool:
    """Wait for the run started for `site`, raising its error; False when none was started."""
    run = _running.pop(key_of(site), None)
    if run is None:
        return False
    run.result()
    return True


def running(site: Path | str) -> bool:
    return key_of(site) in _running


def key_of(site: Path | str) -> str:
    return str(Path(site).resolve())
