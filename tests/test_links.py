"""Every internal link and asset of a real build resolves when served, under a project path and at a root.

A local `http.server` on 127.0.0.1 serves the build; the crawler follows pages, stylesheets, feeds and
the sitemap from the home page and fetches everything on that server.
"""
from __future__ import annotations

from pathlib import Path

from publishing import build_published, crawl, http_server

ROOT = Path(__file__).resolve().parents[1]


def article_urls(site: Path, base: str) -> set[str]:
    return {f"{base}/{page.parent.relative_to(site)}/" for page in site.glob("articles/*/index.html")}


def assert_site_resolves(site: Path, base: str) -> None:
    report = crawl(f"{base}/", base)
    assert report.broken == {}
    assert report.outside == set(), "links that leave the site's base path"
    reached = set(report.fetched)
    assert article_urls(site, base) <= reached, "articles the home page does not lead to"
    assert {f"{base}/feeds/all.atom.xml", f"{base}/feeds/all.rss.xml", f"{base}/feed.json"} <= reached
    for extra in ["sitemap.xml", "robots.txt", "404.html"]:
        assert crawl(f"{base}/{extra}", base).broken == {}, extra


def test_published_site_resolves_under_a_project_path(published_site):
    assert_site_resolves(published_site.output, published_site.base_url)


def test_published_site_resolves_at_a_domain_root(tmp_path):
    with http_server(tmp_path / "www") as origin:
        build_published(ROOT / "seeds", tmp_path / "www", origin)
        assert_site_resolves(tmp_path / "www", origin)


def test_local_build_resolves_at_the_root(seeds_site):
    """The local settings (relative URLs) serve the same site from `invoke serve`."""
    with http_server(seeds_site) as origin:
        report = crawl(f"{origin}/", origin)
        assert report.broken == {}
        assert article_urls(seeds_site, origin) <= set(report.fetched)


def test_the_crawler_reports_a_broken_link_and_a_link_outside_the_base(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text('<a href="missing/">x</a> <a href="/elsewhere/">y</a>')
    with http_server(tmp_path) as origin:
        report = crawl(f"{origin}/site/", f"{origin}/site")
    assert set(report.broken) == {f"{origin}/site/missing/"}
    assert report.outside == {f"{origin}/elsewhere/"}
