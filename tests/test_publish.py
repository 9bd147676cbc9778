"""What a publish build gives other sites: feed autodiscovery, Open Graph, NewsArticle JSON-LD,
404 page, sitemap.xml, robots.txt; and the gh-pages branch that `invoke gh-pages` makes."""
from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from tasks import ghp_import_command

ROOT = Path(__file__).resolve().parents[1]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_url(site, page: Path) -> str:
    folder = page.parent.relative_to(site.output)
    return f"{site.base_url}/" if str(folder) == "." else f"{site.base_url}/{folder}/"


def meta(document: BeautifulSoup, prop: str) -> str | None:
    tag = document.find("meta", attrs={"property": prop})
    return tag["content"] if tag else None


def feed_facts(site) -> dict[str, dict]:
    """The JSON Feed's items by page address: what the article page's metadata must agree with."""
    items = json.loads((site.output / "feed.json").read_text(encoding="utf-8"))["items"]
    return {item["url"]: item for item in items}


def test_publish_settings_use_absolute_urls():
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["RELATIVE_URLS"] is False
    assert settings["SITEURL"].startswith(("http://", "https://")) and not settings["SITEURL"].endswith("/")


def test_every_page_names_the_whole_digest_feeds(published_site):
    paths = ["feeds/all.atom.xml", "feeds/all.rss.xml", "feed.json"]
    wanted = {f"{published_site.base_url}/{path}" for path in paths}
    for page in published_site.output.rglob("*.html"):
        alternates = {link["href"] for link in soup(page).find_all("link", rel="alternate")}
        assert wanted <= alternates, page


def test_article_pages_carry_open_graph_and_news_article_json_ld(published_site):
    facts = feed_facts(published_site)
    pages = sorted(published_site.output.glob("articles/*/index.html"))
    assert pages
    for page in pages:
        document, url = soup(page), page_url(published_site, page)
        assert meta(document, "og:type") == "article"
        assert meta(document, "og:url") == url
        (script,) = document.find_all("script", type="application/ld+json")
        data = json.loads(script.string)
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == meta(document, "og:title") == document.h1.get_text(strip=True)
        assert data["url"] == url
        if url not in facts:
            continue  # a syndicated copy: its story is in the feed once, under the original
        item = facts[url]
        assert data.get("isBasedOn") == item.get("external_url")
        assert data.get("publisher", {}).get("name") == (item["_digest"]["outlet"] or None)
        names = [author["name"] for author in data.get("author", [])]
        assert names in ([], [author["name"] for author in item["authors"]])
        if "datePublished" in data:
            assert item["date_published"].startswith(data["datePublished"])
        summit = item["_digest"].get("summit")
        assert data.get("about", {}).get("name") == (summit["title"] if summit else None)


def test_articles_of_a_summit_name_its_feeds(published_site):
    facts = [item for item in feed_facts(published_site).values() if item["_digest"].get("summit")]
    if not facts:
        pytest.skip("no article is linked to a summit in this build yet")
    for item in facts:
        page = published_site.output / item["url"].removeprefix(published_site.base_url + "/") / "index.html"
        alternates = {link["href"] for link in soup(page).find_all("link", rel="alternate")}
        summit_id = item["_digest"]["summit"]["id"]
        assert f"{published_site.base_url}/feeds/summits/{summit_id}.atom.xml" in alternates


def test_404_page_links_home_with_an_absolute_address(published_site):
    document = soup(published_site.output / "404.html")
    assert f"{published_site.base_url}/" in {a["href"] for a in document.find_all("a", href=True)}
    stylesheets = {link["href"] for link in document.find_all("link", rel="stylesheet")}
    assert f"{published_site.base_url}/theme/css/digest.css" in stylesheets


def test_sitemap_lists_every_public_page_once_with_absolute_addresses(published_site):
    tree = ET.parse(published_site.output / "sitemap.xml")
    locations = [loc.text for loc in tree.iter(f"{SITEMAP_NS}loc")]
    assert len(locations) == len(set(locations))
    assert all(loc.startswith(published_site.base_url + "/") for loc in locations)
    assert f"{published_site.base_url}/" in locations
    assert set(feed_facts(published_site)) <= set(locations)


def test_robots_txt_names_the_sitemap(published_site):
    lines = (published_site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {published_site.base_url}/sitemap.xml" in lines
    assert "User-agent: *" in lines


def test_gh_pages_branch_holds_the_site_and_nojekyll(published_site, tmp_path):
    """The command `invoke gh-pages` runs, on a scratch repository, without pushing."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("config", "user.name", "Test")
    git("config", "user.email", "test@example.invalid")
    subprocess.run(ghp_import_command(str(published_site.output), "gh-pages", push=False),
                   shell=True, cwd=tmp_path, check=True)
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "index.html", "404.html", "sitemap.xml", "feed.json"} <= files
