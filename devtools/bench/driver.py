"""The benchmark: for each size N, build synthetic seeds four ways and print the figures.

Per N, in one run: the digest's full build (empty output and cache), a rebuild
with nothing changed, a rebuild after one seed changed, and plain Pelican with
the markdown-it-py reader on the same articles already clean. Every build runs
in a fresh process (`devtools.bench.build`), so peak memory is per build.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from devtools.bench.corpus import write_corpus

STAGE_ORDER = ("decode+clean", "link", "context", "taxonomy", "render", "write", "feeds", "plugin generators",
               "search index", "other")
#: What `changed_seed` adds to one paragraph of one seed.
EDIT = " The delegations agreed late at night to meet again within a month."


@dataclass
class Figures:
    n: int
    full: dict
    unchanged: dict
    one_changed: dict
    cached_full: dict
    plain: dict

    @property
    def ratio(self) -> float:
        return self.full["wall"] / self.plain["wall"]

    @property
    def cached_ratio(self) -> float:
        return self.cached_full["wall"] / self.plain["wall"]


def run_build(kind: str, content: Path, output: Path, cache: Path) -> dict:
    report = output.parent / f"report-{kind}.json"
    subprocess.run(
        [sys.executable, "-m", "devtools.bench.build", kind, *map(str, (content, output, cache, report))],
        check=True, stdout=subprocess.DEVNULL, cwd=Path(__file__).resolve().parents[2],
    )
    return json.loads(report.read_text(encoding="utf-8"))


def changed_seed(seeds: Path) -> Path:
    """Lengthen the longest paragraph of the middle seed: a real content change, same title."""
    files = sorted(seeds.glob("*.txt"))
    seed = files[len(files) // 2]
    text = seed.read_text(encoding="utf-8")
    paragraph = max(text.split("\n\n"), key=len)
    seed.write_text(text.replace(paragraph, paragraph + EDIT, 1), encoding="utf-8")
    return seed


def measure(n: int, work: Path, seed: int = 0) -> Figures:
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(folder, n, seed)
    output, cache = folder / "output", folder / "cache"
    full = run_build("digest", folder / "seeds", output, cache)
    unchanged = run_build("digest", folder / "seeds", output, cache)
    changed_seed(folder / "seeds")
    one_changed = run_build("digest", folder / "seeds", output, cache)
    shutil.rmtree(output)
    cached_full = run_build("digest", folder / "seeds", output, cache)
    plain = run_build("plain", folder / "markdown", folder / "plain-output", folder / "plain-cache")
    return Figures(n, full, unchanged, one_changed, cached_full, plain)


def report(figures: Figures) -> str:
    n, full, plain = figures.n, figures.full, figures.plain

    def per_article(build: dict) -> str:
        return f"{build['wall']:8.2f} s {1000 * build['wall'] / n:7.2f} ms/article"

    def pages(build: dict) -> str:
        return f"pages rendered {build['renders']:,}, rewritten {build['rewritten']:,}"

    lines = [
        f"N = {n:,} seeds ({time.strftime('%H:%M UTC', time.gmtime())})",
        f"  full build               {per_article(full)}   pages {full['pages']:,}",
        f"  rebuild, no change       {figures.unchanged['wall']:8.2f} s   {pages(figures.unchanged)}",
        f"  rebuild, one changed     {figures.one_changed['wall']:8.2f} s   {pages(figures.one_changed)}",
        f"  full, cleaning cached    {per_article(figures.cached_full)}   (empty output folder)",
        f"  plain Pelican + markdown-it-py {plain['wall']:8.2f} s {1000 * plain['wall'] / n:7.2f} ms/article",
        f"  ratio digest / plain     {figures.ratio:8.2f}x full, {figures.cached_ratio:.2f}x cleaning cached",
        f"  peak memory              {full['peak_mb']:8.0f} MB build process,"
        f" {full['children_peak_mb']:.0f} MB largest child (plain {plain['peak_mb']:.0f} MB)",
        "  stage (s)            full  no-change  one-changed  cached  plain",
    ]
    builds = (full, figures.unchanged, figures.one_changed, figures.cached_full, plain)
    for stage in STAGE_ORDER:
        row = [build["stages"].get(stage, 0.0) for build in builds]
        lines.append(f"    {stage:<17}{row[0]:7.2f}{row[1]:10.2f}{row[2]:12.2f}{row[3]:8.2f}{row[4]:7.2f}")
    return "\n".join(lines)


def main(sizes: list[int], work: Path, keep: bool = False) -> list[Figures]:
    results = []
    for n in sizes:
        figures = measure(n, work)
        print(report(figures), flush=True)
        results.append(figures)
        if not keep:
            shutil.rmtree(work / f"n{n}", ignore_errors=True)
    return results
