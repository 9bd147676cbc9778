"""Real Pelican builds: summit pages, the summit index, syndicated copies and digest.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import FIXTURES, ROOT, build_site

SITEURL = "https://digest.example.org"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def data(site: Path) -> dict:
    return json.loads((site / "digest.json").read_text(encoding="utf-8"))


def articles_by_seed(site: Path) -> dict[str, dict]:
    return {a["id"][:3]: a for a in data(site)["articles"]}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(ROOT / "seeds", tmp_path_factory.mktemp("summits"), SITEURL=SITEURL, RELATIVE_URLS=False)


def test_each_article_is_assigned_its_summit(site):
    events = {seed: a["event"] for seed, a in articles_by_seed(site).items()}
    assert events == {"000": "geneva-2021", "001": "geneva-2021", "002": "geneva-2021",
                      "003": "video-call-2021-12", "004": "video-call-2021-12"}


def test_the_copy_inherits_author_and_date_and_points_to_its_original(site):
    articles = articles_by_seed(site)
    copy, original = articles["001"], articles["000"]
    assert copy["duplicate_of"] == original["id"] and original["duplicate_of"] is None
    assert copy["authors"] == original["authors"] and copy["date"] == original["date"]
    assert {"authors", "date"} <= set(copy["inherited"])
    assert "outlet" not in copy["inherited"], "a copy was published elsewhere: its outlet is its own"
    assert copy["comments"], "the copy keeps its reader comments"
    page = BeautifulSoup((site / copy["url"] / "index.html").read_text(encoding="utf-8"), "html.parser")
    byline = page.select_one(".article-header .authors").get_text(" ", strip=True)
    assert original["authors"][0] in byline and "from the same article elsewhere" in byline


def test_undated_articles_get_approximate_dates_before_their_summit(site):
    articles = articles_by_seed(site)
    assert (articles["002"]["date"], articles["002"]["date_inferred"]) == ("2021-06-14", True)
    assert articles["002"]["date_label"] == "c. 14 June 2021, before the summit"
    assert (articles["003"]["date"], articles["003"]["date_inferred"]) == ("2021-12-06", True)


def test_digest_json_has_the_documented_shape(site):
    document = data(site)
    article_keys = {"id", "url", "source", "title", "subtitle", "authors", "date", "date_inferred", "outlet",
                    "original_publisher", "original_url", "event", "duplicate_of", "related", "body",
                    "comments", "removed"}
    assert all(article_keys <= set(a) for a in document["articles"])
    assert all({"id", "title", "date", "place", "discovered", "articles"} <= set(e) for e in document["events"])
    geneva = next(e for e in document["events"] if e["id"] == "geneva-2021")
    assert sorted(i[:3] for i in geneva["articles"]) == ["000", "001", "002"]
    assert articles_by_seed(site)["000"]["related"] == [articles_by_seed(site)["002"]["id"]]


def test_lists_show_a_syndicated_story_once_and_the_copy_keeps_its_page(site):
    copy_url = articles_by_seed(site)["001"]["url"]
    index_links = {a["href"] for a in page(site, "index.html").select("a[href]")}
    assert not any(copy_url in href for href in index_links)
    copy_page = page(site, copy_url + "index.html")
    original_url = articles_by_seed(site)["000"]["url"]
    assert copy_page.find("link", rel="canonical")["href"] == f"{SITEURL}/{original_url}"
    assert "Same article elsewhere" in copy_page.get_text()
    assert "Also published by" in page(site, original_url + "index.html").get_text()


def test_summit_page_has_coverage_timeline_and_event_data(site):
    geneva = page(site, "summits/geneva-2021/index.html")
    links = {a["href"] for a in geneva.select(".timeline a[href]")}
    seeds = articles_by_seed(site)
    assert any(seeds["000"]["url"] in h for h in links) and any(seeds["002"]["url"] in h for h in links)
    assert not any(seeds["003"]["url"] in h for h in links)
    event = json.loads(geneva.find("script", type="application/ld+json", string=lambda s: '"Event"' in s).string)
    assert (event["@type"], event["startDate"], event["location"]["name"]) == ("Event", "2021-06-16", "Geneva, Switzerland")
    assert geneva.find("a", rel="next")["href"].endswith("summits/video-call-2021-12/")


def test_summit_index_lists_every_summit_in_time_order(site):
    rows = page(site, "summits/index.html").select("tbody tr")
    titles = [row.select_one("a").get_text() for row in rows]
    assert titles == ["Trump–Putin summit in Helsinki", "Biden–Putin summit in Geneva", "Biden–Putin video call on Ukraine"]
    assert [row.select("td")[-1].get_text() for row in rows] == ["0", "2", "2"]


def test_article_crosslinks_name_the_other_coverage(site):
    seeds = articles_by_seed(site)
    article = page(site, seeds["003"]["url"] + "index.html")
    coverage = article.select_one(".summit-coverage")
    assert seeds["004"]["title"] in coverage.get_text()
    assert coverage.find("a", rel="next") is not None


def test_the_same_seeds_build_the_same_digest_json(site, tmp_path):
    again = build_site(ROOT / "seeds", tmp_path / "again", SITEURL=SITEURL, RELATIVE_URLS=False)
    assert (again / "digest.json").read_bytes() == (site / "digest.json").read_bytes()


def test_with_no_catalogue_every_event_is_discovered_and_marked(tmp_path):
    site = build_site(ROOT / "seeds", tmp_path / "site", DIGEST_CATALOGUE="")
    events = data(site)["events"]
    assert events and all(e["discovered"] for e in events)
    copy, original = articles_by_seed(site)["001"], articles_by_seed(site)["000"]
    assert copy["event"] == original["event"]
    assert "discovered" in page(site, "summits/index.html").select_one("tbody").get_text()


def test_a_syndicated_fixture_pair_is_linked_and_the_copy_inherits(seed_folder, tmp_path):
    site = build_site(seed_folder("linking/syndicated/original.txt", "linking/syndicated/copy.txt"),
                      tmp_path / "site", DIGEST_CATALOGUE="")
    articles = {a["source"]: a for a in data(site)["articles"]}
    copy = articles["copy.txt"]
    assert copy["duplicate_of"] == "original"
    assert copy["authors"] == ["Jane Okafor"] and copy["date"] == "2022-03-03"
    assert copy["comments"]


def test_summit_url_settings_place_the_pages(tmp_path):
    site = build_site(ROOT / "seeds", tmp_path / "site", SUMMIT_URL="events/{slug}.html",
                      SUMMIT_SAVE_AS="events/{slug}.html")
    assert (site / "events" / "geneva-2021.html").exists()
    assert next(e for e in data(site)["events"] if e["id"] == "geneva-2021")["url"] == "events/geneva-2021.html"
