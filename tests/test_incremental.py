"""Incremental builds: an unchanged page is not rewritten; a changed seed re-renders its own page."""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from support import build_site

FIXTURES = Path(__file__).parent / "fixtures" / "incremental"
#: An mtime far in the past: a page that still has it after a build was not written by that build.
OLD = 1_000_000_000


@pytest.fixture
def site(tmp_path):
    """Two seeds built once into `out`, with the caches in `cache`."""
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURES, seeds)

    def build() -> Path:
        return build_site(seeds, tmp_path / "out", CACHE_PATH=str(tmp_path / "cache"), DIGEST_SEARCH=False)

    build()
    return seeds, build


def page_of(output: Path, seed_stem: str) -> Path:
    pages = [page for page in output.glob("articles/*/index.html") if page.parent.name.endswith(seed_stem)]
    assert len(pages) == 1, pages
    return pages[0]


def age(path: Path) -> os.stat_result:
    os.utime(path, (OLD, OLD))
    return path.stat()


@pytest.mark.slow
def test_an_unchanged_page_is_not_rewritten(site):
    seeds, build = site
    output = build()
    page = page_of(output, "first_seed")
    before = age(page)
    build()
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.slow
def test_an_unchanged_page_is_not_rendered_again(site, caplog):
    seeds, build = site  # built once, cold: seeds cleaned in this process, nothing cached yet
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="digest.speedups"):
        build()  # the same docs, now loaded from the cleaning cache
    assert "2 unchanged pages were not rendered again" in caplog.text


@pytest.mark.slow
def test_a_changed_seed_rerenders_its_own_page(site):
    seeds, build = site
    output = build()
    changed, untouched = page_of(output, "second_seed"), page_of(output, "first_seed")
    untouched_before, _ = age(untouched), age(changed)
    seed = seeds / "second_seed.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("a chair's summary", "a short chair's summary"),
                    encoding="utf-8")
    build()
    assert changed.stat().st_mtime_ns != OLD * 10**9
    assert "a short chair" in changed.read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == untouched_before.st_mtime_ns


@pytest.mark.slow
def test_a_page_deleted_from_the_output_is_written_again(site):
    seeds, build = site
    output = build()
    page = page_of(output, "first_seed")
    page.unlink()
    build()
    assert page.is_file()


@pytest.mark.slow
def test_a_removed_seed_leaves_the_site_and_nothing_else_does(site):
    seeds, build = site
    output = build()
    removed, kept = page_of(output, "second_seed"), page_of(output, "first_seed")
    kept_before = age(kept)
    (output / "CNAME").write_text("digest.example.org\n", encoding="utf-8")  # put there by the curator
    (seeds / "second_seed.txt").unlink()
    build()
    assert not removed.parent.exists()  # the page and the folder it leaves empty
    assert kept.stat().st_mtime_ns == kept_before.st_mtime_ns
    assert (output / "CNAME").is_file() and (output / "theme").is_dir()
    mentions = [path for path in output.rglob("*") if path.suffix in {".html", ".xml", ".json"}
                and removed.parent.name in path.read_text(encoding="utf-8")]
    assert mentions == []  # no page, feed or data file of the site: its event's page and feeds went too


@pytest.mark.slow
def test_a_removed_seed_leaves_the_site_after_a_build_that_was_thrown_away(site, tmp_path):
    """`invoke build --strict` with a problem: the build ran in the output folder, then the folder was put
    back as it was (here: restored from a copy); the next build must still remove the page."""
    seeds, build = site
    output = build()
    removed = page_of(output, "second_seed")
    published = tmp_path / "published"
    shutil.copytree(output, published)
    (seeds / "second_seed.txt").unlink()
    build()
    assert not removed.exists()
    shutil.rmtree(output)
    shutil.copytree(published, output)  # the build above was not published
    assert removed.is_file()
    build()
    assert not removed.parent.exists()


@pytest.mark.slow
def test_a_partial_edited_between_builds_in_one_process_reaches_the_pages(tmp_path):
    """Jinja checks a template's file once per build (`auto_reload` off): a partial edited after a build
    in the same process is read again by the next, and every page that includes it is rendered again."""
    seeds, theme = tmp_path / "seeds", tmp_path / "theme"
    shutil.copytree(FIXTURES, seeds)
    shutil.copytree(Path(__file__).resolve().parents[1] / "theme", theme)

    def build() -> Path:
        return build_site(seeds, tmp_path / "out", CACHE_PATH=str(tmp_path / "cache"), DIGEST_SEARCH=False,
                          THEME=str(theme))

    page = page_of(build(), "first_seed")
    assert "edited partial" not in page.read_text(encoding="utf-8")
    header = theme / "templates" / "partials" / "article_header.html"
    header.write_text("<!-- edited partial -->" + header.read_text(encoding="utf-8"), encoding="utf-8")
    build()
    assert "<!-- edited partial -->" in page.read_text(encoding="utf-8")
