"""Article pages rendered on every core: the writer holds them back, then renders them in forked processes.

Rendering and writing the article pages is most of a cold build's output
stage (at 10,000 seeds about 7 s of Jinja and file writes in one thread, the
other core idle). No article page depends on another's rendering: each render
reads the shared context and its article and writes its own file. So the writer
collects the article pages that must be rendered, after the incremental writer
has decided in this process which ones and noted their fingerprints. When the
run of article pages ends (at the next other write or feed, or on
`article_writer_finalized`) it forks one process per further worker
(`DIGEST_WORKERS`); each renders its share of the list and writes it, while
this process renders its own share, which holds the last page so that
Pelican's shared `localsiteurl` ends as it would. A fork shares the built
context without pickling it; what a child changes in memory (Jinja's and
Pelican's caches) goes with it and reaches no page's bytes.

Pages are rendered here, in Pelican's order, when that would not be sound or
not pay: some receiver listens to Pelican's `article_generator_write_article`
(it may prepare each article just before its page is written) or
`content_written` (it would not see the pages written by the children),
another thread is alive (a fork copies its locks, not the thread), the
system is not Linux (macOS allows too little after a fork), one worker, or
fewer than MIN_PAGES_TO_FORK pages (a rebuild after a small change).
"""
from __future__ import annotations

import logging

from pelican import signals
from pelican.writers import Writer

from .forks import Forked, forkable, start
from .parallel import worker_count
from .speedups import IncrementalWriter, OutputPaths

log = logging.getLogger(__name__)

#: Fewer pages than this are rendered in this process: a fork of a large build costs tens of milliseconds.
MIN_PAGES_TO_FORK = 200


class RenderFailed(RuntimeError):
    """A forked process could not render its pages; the message holds its traceback."""


class DeferredArticles(OutputPaths):
    """Holds back plain article pages (one file each, no pagination) until `render_deferred`; a file
    already written goes straight to Pelican, which refuses to write it twice."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.deferred: list[tuple[tuple, dict]] = []
        self.pending: set[str] = set()
        self.workers = worker_count(self.settings)
        self.forked_pages = 0

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        args = (name, template, context, relative_urls, paginated, template_name, override_output, url)
        path = self.output_file(name) if name else None
        plain_article = kwargs.get("article") is not None and paginated is None  # pinned save_as: override
        prepared = signals.article_generator_write_article.receivers  # they expect each page written next
        if self.workers > 1 and plain_article and path and path not in self._written_files and not prepared:
            self.deferred.append((args, kwargs))
            self.pending.add(path)
            return
        Writer.write_file(self, *args, **kwargs)

    def render_deferred(self) -> None:
        """Render and write every page held back, across processes when it is sound and pays."""
        calls, self.deferred, self.pending = self.deferred, [], set()
        if len(calls) < MIN_PAGES_TO_FORK or not can_fork():
            for args, kwargs in calls:
                Writer.write_file(self, *args, **kwargs)
            return
        last = len(calls) - 1
        shares = [[call for index, call in enumerate(calls) if (last - index) % self.workers == worker]
                  for worker in range(self.workers)]
        own, *others = shares
        Writer.write_file(self, *own[0][0], **own[0][1])  # loads every included template before the fork
        children = [self.fork(share) for share in others]
        try:
            for args, kwargs in own[1:]:
                Writer.write_file(self, *args, **kwargs)
        finally:
            for child, share in children:
                self.join(child, share)
        self.forked_pages += sum(map(len, others))
        log.info("%d article pages rendered in %d processes", len(calls), len(shares))

    def fork(self, share: list) -> tuple[Forked, list]:
        """Start a process that renders `share`; its traceback, if it fails, comes back through the pipe."""
        def render() -> bytes:
            for args, kwargs in share:
                Writer.write_file(self, *args, **kwargs)
            return b""

        return start(render), share

    def join(self, child: Forked, share: list) -> None:
        succeeded, message = child.wait()
        if not succeeded:
            raise RenderFailed(f"rendering {len(share)} article pages in process {child.pid} failed: "
                               f"{message.decode(errors='replace')}")
        for args, _ in share:  # what the child's Writer noted of each file, as Pelican's `_open_w` does
            path = self.output_file(args[0])
            self._written_files.add(path)
            if args[6]:  # override_output: a later plain write to the file is skipped, not refused
                self._overridden_files.add(path)


def can_fork() -> bool:
    return forkable() and not signals.content_written.receivers


class ForkingWriter(IncrementalWriter, DeferredArticles):
    """The incremental writer (which pages to render) over `DeferredArticles` (where to render them)."""

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        path = self.output_file(name) if name else None
        if kwargs.get("article") is None or path in self.pending:  # the run of article pages ends
            self.render_deferred()
        super().write_file(name, template, context, relative_urls, paginated, template_name, override_output,
                           url, **kwargs)

    def write_feed(self, *args, **kwargs):
        self.render_deferred()
        return super().write_feed(*args, **kwargs)


def forking_writer(pelican) -> type[Writer]:
    """`get_writer` receiver."""
    return ForkingWriter


def render_deferred(generator, writer) -> None:
    """First step on `article_writer_finalized` (plugin.articles_written): no article page is left unwritten."""
    if isinstance(writer, DeferredArticles):
        writer.render_deferred()
