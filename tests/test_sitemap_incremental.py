"""sitemap.xml is rendered again only when what it shows changed, and is then what a fresh build writes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pelican import signals

from support import build_site

FIXTURES = Path(__file__).parent / "fixtures" / "incremental"


@pytest.fixture
def site(tmp_path):
    """Two seeds built twice into `out` (the second build is warm), caches in `cache`."""
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURES, seeds)

    def build(output: str = "out", cache: str = "cache") -> Path:
        return build_site(seeds, tmp_path / output, CACHE_PATH=str(tmp_path / cache), DIGEST_SEARCH=False)

    build()
    build()
    return seeds, build


def rendered_sitemap(build) -> bool:
    """Whether a build rendered sitemap.xml: Pelican's writer sends `content_written` after each render (its
    log line would not do: Pelican's log filter drops a message it already showed)."""
    written = []

    def note(path, context=None) -> None:
        written.append(path)

    signals.content_written.connect(note)
    try:
        output = build()
    finally:
        signals.content_written.disconnect(note)
    assert written  # the index at least
    return str(output / "sitemap.xml") in written


def edit(seed: Path, old: str, new: str) -> None:
    text = seed.read_text(encoding="utf-8")
    assert old in text
    seed.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_the_sitemap_is_not_rendered_when_nothing_it_shows_changed(site):
    seeds, build = site
    assert not rendered_sitemap(build)
    edit(seeds / "second_seed.txt", "a chair's summary", "a short chair's summary")  # the body only
    assert not rendered_sitemap(build)


@pytest.mark.slow
def test_a_changed_address_renders_the_sitemap_as_a_fresh_build_does(site):
    seeds, build = site
    edit(seeds / "second_seed.txt", "Summit in Lisbon Ends", "Summit in Lisbon Closes")  # title, so slug
    assert rendered_sitemap(build)
    output, fresh = build(), build("fresh", "fresh-cache")
    assert "closes" in (output / "sitemap.xml").read_text(encoding="utf-8")
    assert (output / "sitemap.xml").read_bytes() == (fresh / "sitemap.xml").read_bytes()


@pytest.mark.slow
def test_a_sitemap_changed_or_removed_on_disk_is_written_again(site):
    seeds, build = site
    output = build()
    written = (output / "sitemap.xml").read_bytes()
    (output / "sitemap.xml").write_bytes(written.replace(b"<urlset", b"<urlset "))
    assert rendered_sitemap(build)
    assert (output / "sitemap.xml").read_bytes() == written
    (output / "sitemap.xml").unlink()
    assert rendered_sitemap(build)
    assert (output / "sitemap.xml").read_bytes() == written
