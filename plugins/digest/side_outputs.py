"""The report, digest.json and the feeds, written in a forked process while Pelican writes the pages.

None of them needs Pelican's writer or any page: they read the final context
(every article read and linked) and write their own files through their
ledgers (`outputs.OutputLedger`). In a rebuild they pass over the whole corpus
(keys, the report's index, unchanged records copied) while the second core
sits idle, so once the context is final (`get_writer`, which Pelican sends
after refreshing the links between contents) the build forks a process that
writes them, and this one goes on to fingerprint, render and write the pages. On
`finalized` it waits for that process, logs what it logged, prints the
report's summary and counts its files as this build's (`stale.py`). They are
written in this process, at once, when a fork is not sound
(`forks.forkable`). A fork shares the built context without pickling
it; what the child changes in memory goes with it.

Pelican hands no object from one signal to the other, so a run is kept here
by output folder until that build's `finalized` takes it. A build that fails in
between leaves its run, which writes on into an output folder the caller may
then delete: it is waited for before another build starts and before the
process exits.
"""
from __future__ import annotations

import atexit
import logging
import os
import pickle
from dataclasses import dataclass, field

from pelican.generators import ArticlesGenerator

from .feeds import write_feeds
from .forks import Forked, forkable, start
from .generators import write_data
from .report import ignored_files, print_summary, write_report
from .stale import made_beside

log = logging.getLogger(__name__)


class SideOutputsFailed(RuntimeError):
    """The forked process could not write the report, digest.json or a feed; the message holds its traceback."""


@dataclass
class Written:
    """What the run hands back to the build: the report's summary, the files it wrote or kept, and what it
    logged (level, logger, message), to be logged by the build."""

    summary: str
    made: list[str] = field(default_factory=list)
    logged: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass
class Run:
    """A run for one output folder: done in this process (`written`), or a forked process to wait for."""

    output_path: str
    written: Written | None = None
    child: Forked | None = None

    def wait(self) -> Written:
        if self.written is None:
            succeeded, message = self.child.wait()
            if not succeeded:
                raise SideOutputsFailed(f"writing the report, digest.json and feeds in process "
                                        f"{self.child.pid} failed: {message.decode(errors='replace')}")
            self.written = pickle.loads(message)
        return self.written


#: Runs started and not yet awaited, by output folder.
_running: dict[str, Run] = {}


#: The articles generator of the build in progress, by output folder, from `all_generators_finalized`.
_corpus: dict[str, ArticlesGenerator] = {}


def note_corpus(generators) -> None:
    """`all_generators_finalized` receiver: keep the articles generator for `start_side_outputs`."""
    articles = next((generator for generator in generators if isinstance(generator, ArticlesGenerator)), None)
    if articles is not None:
        _corpus[os.path.abspath(articles.output_path)] = articles


def start_side_outputs(pelican) -> None:
    """`get_writer` receiver (returns no writer): write the report, digest.json and the feeds, in a
    forked process when that is sound."""
    output_path = os.path.abspath(pelican.output_path)
    articles = _corpus.pop(output_path, None)
    if articles is None:
        return
    wait_for_leftovers()
    ignored = ignored_files(articles)  # logs a warning per file, here
    if not forkable():
        _running[output_path] = Run(output_path, written=write_all(articles, output_path, ignored))
        return

    def in_child() -> bytes:  # what the build logs again and prints (`finish_side_outputs`)
        kept = KeptLog.install()
        written = write_all(articles, output_path, ignored)
        written.logged = kept.logged
        return pickle.dumps(written)

    _running[output_path] = Run(output_path, child=start(in_child))


@atexit.register
def wait_for_leftovers() -> None:
    """Wait for the runs that failed builds left (in a forked process, `os._exit` skips this)."""
    while _running:
        _, run = _running.popitem()
        try:
            run.wait()
        except SideOutputsFailed:
            pass  # it belonged to the build that failed


def write_all(articles, output_path: str, ignored: list) -> Written:
    summary, report = write_report(articles, output_path, ignored)
    data = write_data(articles.settings, articles.context, output_path)
    feeds = write_feeds(articles.settings, articles.context, output_path)
    return Written(summary, (report.made if report else []) + data.made + feeds.made)


def finish_side_outputs(pelican) -> None:
    """First step on `finalized` (plugin.build_finished): wait for the run, log what it logged, print the
    summary, and count its files as this build's before the stale ones are removed."""
    run = _running.pop(os.path.abspath(pelican.output_path), None)
    if run is None:
        return
    written = run.wait()
    for level, name, message in written.logged:
        logging.getLogger(name).log(level, "%s", message)
    for name in written.made:
        made_beside(run.output_path, name)
    print_summary(written.summary)


class KeptLog(logging.Handler):
    """In the forked process: keeps what is logged, to be logged again by the build, which has the
    handlers the user sees (tests capture them)."""

    def __init__(self) -> None:
        super().__init__()
        self.logged: list[tuple[int, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.logged.append((record.levelno, record.name, record.getMessage()))

    @classmethod
    def install(cls) -> KeptLog:
        kept = cls()
        logging.root.handlers = [kept]
        for logger in logging.root.manager.loggerDict.values():
            if isinstance(logger, logging.Logger):
                logger.handlers, logger.propagate = [], True
        return kept
