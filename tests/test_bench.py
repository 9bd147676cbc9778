"""`invoke bench` works end to end on a small corpus. A proof that it runs, not a timed test."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.bench.corpus import articles, clean_markdown, raw_seed

ROOT = Path(__file__).resolve().parents[1]
INVOKE = Path(sys.executable).with_name("invoke")


def test_the_corpus_is_deterministic_and_has_the_noise_of_real_seeds():
    first, again = articles(60, seed=3), articles(60, seed=3)
    assert [raw_seed(a) for a in first] == [raw_seed(a) for a in again]
    assert articles(30, seed=3) == first[:30]
    raws = "\n".join(raw_seed(a) for a in first)
    for noise in ("Related article", " says\n", "Photo: ", "# ", "By [", "Original url: <"):
        assert noise in raws, noise
    assert {a.style for a in first} == {"A", "B"}
    assert any(a.date is None for a in first)
    titles = {}
    for article in first:
        titles.setdefault(article.paragraphs, set()).add(article.title)
    assert any(len(group) > 1 for group in titles.values()), "no syndicated copy under another title"
    assert clean_markdown(first[0]).startswith(f"Title: {first[0].title}\n")


@pytest.mark.slow
def test_invoke_bench_prints_the_figures(tmp_path):
    result = subprocess.run(
        [str(INVOKE), "bench", "--sizes", "200", "--work", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=True,
    )
    out = result.stdout
    assert "N = 200 seeds" in out
    for line in ("full build", "rebuild, no change", "rebuild, one changed", "plain Pelican + markdown-it-py",
                 "ratio digest / plain", "peak memory"):
        assert line in out, line
    for stage in ("decode+clean", "link", "render", "write", "feeds", "search index"):
        assert re.search(rf"^\s+{re.escape(stage)}\s+\d+\.\d\d", out, re.M), stage
    assert int(re.search(r"pages (\d[\d,]*)", out).group(1).replace(",", "")) >= 200
    assert re.search(r"rebuild, no change .* rewritten 0$", out, re.M)
    assert re.search(r"rebuild, one changed .* rewritten [1-9]", out, re.M)


def test_a_plugin_writer_s_own_work_counts_as_write():
    """The incremental writer fingerprints pages in its own `write_file`, before Pelican's."""
    import time

    from pelican.writers import Writer

    from devtools.bench.build import StageClock

    class Fingerprinting(Writer):
        def write_file(self, *args, **kwargs):
            time.sleep(0.05)

    clock = StageClock()
    writer = clock.time_plugin_writer(Fingerprinting.__new__(Fingerprinting))
    writer.write_file("page.html")
    clock.stop()
    assert clock.seconds["write"] >= 0.05 > clock.seconds["other"]


def test_pages_rendered_in_forked_processes_count_as_renders():
    from pelican.writers import Writer

    from devtools.bench.build import StageClock

    class Forking(Writer):
        forked_pages = 7

    clock = StageClock()
    clock.time_plugin_writer(Forking.__new__(Forking))
    clock.calls["render"] = 3
    assert clock.renders() == 10
