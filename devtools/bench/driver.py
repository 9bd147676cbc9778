"""The benchmark: for each size N, build synthetic seeds five ways and print the figures.

Per N, in one run: plain Pelican with the markdown-it-py reader on the same
articles already clean, then the digest's full build (empty output and cache),
a rebuild after one seed changed, a rebuild with nothing changed, and a full
build with the cleaning cache kept. Every build runs in a fresh process
(`devtools.bench.build`), so peak memory is per build. A build that fails, runs
out of its memory limit or its time limit is reported as such, and the run goes on.
"""
from __future__ import annotations

import json
import math
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from devtools.bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[2]
STAGE_ORDER = ("decode+clean", "link", "context", "taxonomy", "render", "write", "feeds", "plugin generators",
               "report", "search index", "other")
ERROR_LINE = re.compile(r"^[\w.]+(Error|Exception|Interrupt|Exit)\b")
#: What `changed_seed` adds to one paragraph of one seed.
EDIT = " The delegations agreed late at night to meet again within a month."


@dataclass(frozen=True)
class Limits:
    """Per build: seconds before it is stopped, and address space in GB (0: no limit)."""

    seconds: float | None = None
    memory_gb: float = 0

    def apply(self) -> None:
        """Runs in the build's process before it starts (a limit there cannot hurt other processes)."""
        if self.memory_gb:
            limit = int(self.memory_gb * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@dataclass
class Figures:
    n: int
    plain: dict
    full: dict
    one_changed: dict
    unchanged: dict
    cached_full: dict

    @property
    def ratio(self) -> float:
        return self.full["wall"] / self.plain["wall"]

    @property
    def cached_ratio(self) -> float:
        return self.cached_full["wall"] / self.plain["wall"]


def failed(reason: str) -> dict:
    nan = math.nan
    return {"wall": nan, "failed": reason, "stages": {}, "renders": 0, "rewritten": 0, "pages": 0,
            "peak_mb": nan, "children_peak_mb": nan, "peak_growth_mb": {}}


def run_build(label: str, kind: str, content: Path, output: Path, cache: Path, limits: Limits) -> dict:
    report = output.parent / f"report-{kind}.json"
    report.unlink(missing_ok=True)
    paths = map(str, (content, output, cache, report))
    command = [sys.executable, "-m", "devtools.bench.build", kind, *paths]
    try:
        run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             cwd=ROOT, timeout=limits.seconds, preexec_fn=limits.apply)
        if run.returncode == 0:
            result = json.loads(report.read_text(encoding="utf-8"))
        else:
            result = failed(first_error(run.stderr) or f"exit status {run.returncode}")
    except subprocess.TimeoutExpired:
        result = failed(f"stopped after {limits.seconds:.0f} s")
    # Progress on stderr: a long run at large N still shows what it measured if stopped.
    outcome = result.get("failed") or f"{result['wall']:.2f} s"
    print(f"  [{time.strftime('%H:%M:%S')}] {label}: {outcome}", file=sys.stderr, flush=True)
    return result


def first_error(stderr: str) -> str:
    """The first exception line of a traceback (later ones are often consequences, e.g. of a dead pool)."""
    return next((line for line in stderr.splitlines() if ERROR_LINE.match(line)), "")


def changed_seed(seeds: Path) -> Path:
    """Lengthen the longest paragraph of the middle seed: a real content change, same title."""
    files = sorted(seeds.glob("*.txt"))
    seed = files[len(files) // 2]
    text = seed.read_text(encoding="utf-8")
    paragraph = max(text.split("\n\n"), key=len)
    seed.write_text(text.replace(paragraph, paragraph + EDIT, 1), encoding="utf-8")
    return seed


def measure(n: int, work: Path, limits: Limits, seed: int = 0) -> Figures:
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(folder, n, seed)
    seeds, output, cache = folder / "seeds", folder / "output", folder / "cache"

    def digest(label: str) -> dict:
        return run_build(f"N={n} {label}", "digest", seeds, output, cache, limits)

    plain = run_build(f"N={n} plain", "plain", folder / "markdown", folder / "plain-output",
                      folder / "plain-cache", limits)
    full = digest("full build")
    changed_seed(seeds)
    one_changed = digest("rebuild, one changed")
    unchanged = digest("rebuild, no change")
    shutil.rmtree(output, ignore_errors=True)
    cached_full = digest("full, cleaning cached")
    return Figures(n, plain, full, one_changed, unchanged, cached_full)


def by_size(item: tuple[str, float]) -> float:
    return -item[1]


def report(figures: Figures) -> str:
    n, full, plain = figures.n, figures.full, figures.plain

    def per_article(build: dict) -> str:
        return f"{build['wall']:8.2f} s {1000 * build['wall'] / n:7.2f} ms/article"

    def pages(build: dict) -> str:
        return f"pages rendered {build['renders']:,}, rewritten {build['rewritten']:,}"

    lines = [
        f"N = {n:,} seeds ({time.strftime('%H:%M UTC', time.gmtime())})",
        f"  full build               {per_article(full)}   pages {full['pages']:,}",
        f"  rebuild, one changed     {figures.one_changed['wall']:8.2f} s   {pages(figures.one_changed)}",
        f"  rebuild, no change       {figures.unchanged['wall']:8.2f} s   {pages(figures.unchanged)}",
        f"  full, cleaning cached    {per_article(figures.cached_full)}   (empty output folder)",
        f"  plain Pelican + markdown-it-py {plain['wall']:8.2f} s {1000 * plain['wall'] / n:7.2f} ms/article",
        f"  ratio digest / plain     {figures.ratio:8.2f}x full, {figures.cached_ratio:.2f}x cleaning cached",
        f"  peak memory              {full['peak_mb']:8.0f} MB build process,"
        f" {full['children_peak_mb']:.0f} MB largest child (plain {plain['peak_mb']:.0f} MB)",
        "  peak memory growth by stage, nested stages included (full build): " + ", ".join(
            f"{stage} {mb:.0f} MB" for stage, mb in sorted(full["peak_growth_mb"].items(), key=by_size)
        ),
    ]
    builds = {"full": full, "one-changed": figures.one_changed, "no-change": figures.unchanged,
              "cached": figures.cached_full, "plain": plain}
    lines += [f"  {name} build FAILED: {build['failed']}" for name, build in builds.items()
              if "failed" in build]
    lines.append("  stage (s)            full  one-changed  no-change  cached  plain")
    for stage in STAGE_ORDER:
        row = [build["stages"].get(stage, 0.0) for build in builds.values()]
        lines.append(f"    {stage:<17}{row[0]:7.2f}{row[1]:13.2f}{row[2]:11.2f}{row[3]:8.2f}{row[4]:7.2f}")
    return "\n".join(lines)


def main(sizes: list[int], work: Path, keep: bool = False, limits: Limits = Limits()) -> list[Figures]:
    results = []
    for n in sizes:
        figures = measure(n, work, limits)
        print(report(figures), flush=True)
        results.append(figures)
        if not keep:
            shutil.rmtree(work / f"n{n}", ignore_errors=True)
    return results
