"""One instrumented Pelican build, run in its own process so its peak memory is its own.

    python -m devtools.bench.build {digest,plain} CONTENT OUTPUT CACHE REPORT.json

`digest` builds raw seeds with the project's settings and plugin; `plain`
builds the same articles as clean Markdown with plain Pelican (no plugins,
the built-in `simple` theme, the markdown-it-py reader) and otherwise the
project's settings. Stage times come from timing wrappers installed here,
around Pelican's methods and signals, so the hot paths carry no timers.
"""
from __future__ import annotations

import json
import logging
import os
import resource
import sys
import time
from pathlib import Path

import jinja2
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator, StaticGenerator
from pelican.readers import Readers
from pelican.settings import read_settings
from pelican.writers import Writer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))  # the digest plugin and its Markdown reader

#: Stage -> the (owner, attribute) pairs whose time counts for it; times are exclusive.
STAGES = {
    "decode+clean": [(Readers, "read_file"), (signals.article_generator_init, "send")],
    "link": [(signals.article_generator_pretaxonomy, "send"), (signals.article_generator_finalized, "send"),
             (signals.all_generators_finalized, "send")],
    "context": [(ArticlesGenerator, "generate_context"), (PagesGenerator, "generate_context"),
                (StaticGenerator, "generate_context")],
    "taxonomy": [(ArticlesGenerator, f"generate_{name}") for name in ("tags", "categories", "authors")],
    "render": [(jinja2.Template, "render")],
    "write": [(Writer, "write_file")],
    "feeds": [(Writer, "write_feed")],
    "report": [(signals.article_writer_finalized, "send"), (signals.page_writer_finalized, "send")],
    "search index": [(signals.finalized, "send")],
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class StageClock:
    """Exclusive wall time per stage (time in a nested stage is not counted for the outer one),
    and how much each stage raised the process's peak memory."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.peak_growth_mb: dict[str, float] = {}
        self._stack = ["other"]
        self.writer = None
        self._since = time.perf_counter()

    def _switch(self, push: str | None) -> None:
        now = time.perf_counter()
        top = self._stack[-1]
        self.seconds[top] = self.seconds.get(top, 0.0) + now - self._since
        self._since = now
        if push is None:
            self._stack.pop()
        else:
            self._stack.append(push)

    def wrap(self, function, stage: str):
        def timed(*args, **kwargs):
            self.calls[stage] = self.calls.get(stage, 0) + 1
            self._switch(stage)
            peak = peak_mb()
            try:
                return function(*args, **kwargs)
            finally:
                self._switch(None)
                growth = peak_mb() - peak
                if growth > 0:
                    self.peak_growth_mb[stage] = self.peak_growth_mb.get(stage, 0.0) + growth

        timed.timed = True
        return timed

    def stop(self) -> None:
        self._switch(None)

    def install(self) -> None:
        for stage, targets in STAGES.items():
            for owner, name in targets:
                setattr(owner, name, self.wrap(getattr(owner, name), stage))
        classes = Pelican._get_generator_classes
        Pelican._get_generator_classes = lambda app: list(map(self.time_plugin_generator, classes(app)))
        get_writer = Pelican._get_writer
        Pelican._get_writer = lambda app: self.time_plugin_writer(get_writer(app))

    def time_plugin_generator(self, cls):
        """A plugin's generator counts as "feeds" when it writes feeds, else as "plugin generators"."""
        if cls.__module__.startswith("pelican."):
            return cls
        stage = "feeds" if "feed" in cls.__name__.lower() else "plugin generators"
        for name in ("generate_context", "generate_output"):
            if name in vars(cls):
                setattr(cls, name, self.wrap(getattr(cls, name), stage))
        return cls

    def time_plugin_writer(self, writer):
        """A plugin's writer (from `get_writer`) counts as "write" also in the work its own `write_file`
        does before Pelican's (the incremental writer's page fingerprints)."""
        cls = type(writer)
        if "write_file" in vars(cls) and not getattr(cls.write_file, "timed", False):
            cls.write_file = self.wrap(cls.write_file, "write")
        self.writer = writer
        return writer

    def renders(self) -> int:
        """Templates rendered in this process, and the pages forked processes rendered for its writer."""
        return self.calls.get("render", 0) + getattr(self.writer, "forked_pages", 0)


def settings_for(kind: str, content: Path, output: Path, cache: Path) -> dict:
    override = {
        "PATH": str(ROOT),
        "ARTICLE_PATHS": [str(content)],
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(cache),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "THEME": str(ROOT / "theme"),
    }
    if kind == "plain":
        from digest.markdown_reader import MarkdownItReader

        override.update(PLUGINS=[], THEME="simple", READERS={"md": MarkdownItReader},
                        DIRECT_TEMPLATES=["index"])
    return read_settings(str(ROOT / "pelicanconf.py"), override=override)


def snapshot(output: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every HTML file: a rewritten file changes one of them."""
    found = {}
    for folder, _, files in os.walk(output):
        for name in files:
            if name.endswith(".html"):
                stat = os.stat(os.path.join(folder, name))
                found[os.path.join(folder, name)] = (stat.st_ino, stat.st_mtime_ns)
    return found


def build(kind: str, content: Path, output: Path, cache: Path) -> dict:
    logging.basicConfig(level=logging.ERROR)
    settings = settings_for(kind, content, output, cache)
    before = snapshot(output)
    clock = StageClock()
    clock.install()
    start = time.perf_counter()
    Pelican(settings).run()
    wall = time.perf_counter() - start
    clock.stop()
    after = snapshot(output)
    return {
        "kind": kind,
        "wall": wall,
        "stages": clock.seconds,
        "renders": clock.renders(),
        "pages": len(after),
        "rewritten": sum(1 for path, stamp in after.items() if before.get(path) != stamp),
        "peak_mb": peak_mb(),
        "peak_growth_mb": clock.peak_growth_mb,
        "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    kind, content, output, cache, report = sys.argv[1:6]
    result = build(kind, Path(content), Path(output), Path(cache))
    Path(report).write_text(json.dumps(result), encoding="utf-8")
