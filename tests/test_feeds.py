"""Feeds of a real publish build: parsed by feedparser, JSON Feed checked against the 1.1 schema."""
from __future__ import annotations

import datetime as dt
import html
import json
import time
from dataclasses import dataclass
from pathlib import Path

import feedparser
import jsonschema
import pytest
from pelican import signals

from digest.cleaning.pipeline import clean
from digest.feeds import FeedCatalogue, tag_authority
from publishing import build_published

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "publish"
#: feedparser 6.0 reads Atom and RSS; the JSON Feed is checked against its schema instead.
XML_FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml"]
SITE_FEEDS = XML_FEEDS + ["feed.json"]
#: Removed or comment text shorter than this may also occur, by chance, in the kept body.
DISTINCTIVE_CHARS = 40


def parsed(site: Path, path: str):
    return feedparser.parse((site / path).read_bytes())


def json_items(site: Path) -> list[dict]:
    return json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]


def all_feed_paths(site: Path) -> list[str]:
    summit_feeds = sorted(str(p.relative_to(site)) for p in (site / "feeds" / "summits").glob("*.xml"))
    return XML_FEEDS + summit_feeds


def test_every_feed_parses_without_errors(published_site):
    for path in all_feed_paths(published_site.output):
        feed = parsed(published_site.output, path)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.entries, path
        assert feed.feed.title, path


def test_whole_digest_feeds_list_every_published_article(published_site):
    pages = {f"{published_site.base_url}/{p.parent.relative_to(published_site.output)}/"
             for p in published_site.output.glob("articles/*/index.html")}
    for path in XML_FEEDS:
        links = {entry.link for entry in parsed(published_site.output, path).entries}
        assert links <= pages, path
        assert len(links) == len(parsed(published_site.output, path).entries), f"{path}: a story listed twice"
    assert {item["url"] for item in json_items(published_site.output)} == {
        entry.link for entry in parsed(published_site.output, "feeds/all.atom.xml").entries
    }


def test_entries_carry_id_author_dates_outlet_and_original_url(published_site):
    site, base = published_site.output, published_site.base_url
    facts = {item["id"]: item for item in json_items(site)}
    for path in XML_FEEDS:
        for entry in parsed(site, path).entries:
            item = facts[entry.id]
            assert entry.id.startswith("tag:127.0.0.1,2026:articles/")
            assert entry.link == item["url"] and entry.link.startswith(base + "/articles/")
            assert entry.author
            assert entry.published_parsed
            original = item["_digest"]["original_url"]
            if path.endswith("atom.xml"):
                assert entry.content[0].value
                via = [link.href for link in entry.links if link.rel == "via"]
                assert via == ([original] if original else [])
                if item["_digest"]["outlet"]:
                    assert entry.source.title == item["_digest"]["outlet"]
            else:
                assert entry.description
                if original:
                    assert entry.source.href == original
    assert any(item["_digest"]["original_url"] for item in facts.values()), "no seed kept its original URL"


def test_entry_content_is_the_cleaned_body_with_absolute_links(published_site):
    """No reader comment and no removed block of the seed reaches a feed; links in content are absolute."""
    for item in json_items(published_site.output):
        seed = ROOT / "seeds" / (item["id"].rsplit("/", 1)[1] + ".txt")
        doc = clean(seed.read_bytes())
        body = " ".join(paragraph.text for paragraph in doc.body)
        unwanted = [comment.text for comment in flatten(doc.comments)]
        unwanted += [removed.text for removed in doc.removed]
        for text in unwanted:
            snippet = " ".join(text.split())[:DISTINCTIVE_CHARS]
            if len(snippet) == DISTINCTIVE_CHARS and snippet not in body:
                assert snippet not in item["content_html"], (seed.name, snippet)
        content = html.unescape(item["content_html"])
        assert doc.body[-1].text[:DISTINCTIVE_CHARS] in content, "the body's last paragraph is missing"
        for href in item["content_html"].split('href="')[1:]:
            assert href.startswith(("http://", "https://")), href


def flatten(comments):
    for comment in comments:
        yield comment
        yield from flatten(comment.replies)


def test_json_feed_matches_the_json_feed_1_1_schema(published_site):
    schema = json.loads((FIXTURES / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    feed = json.loads((published_site.output / "feed.json").read_text(encoding="utf-8"))
    errors = [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(feed)]
    assert errors == []
    assert feed["feed_url"] == f"{published_site.base_url}/feed.json"


def test_feed_update_time_is_the_newest_entry_not_the_build_time(published_site):
    feed = parsed(published_site.output, "feeds/all.atom.xml")
    assert feed.feed.updated_parsed == max(entry.published_parsed for entry in feed.entries)


def test_every_summit_feed_belongs_to_a_summit_page_and_lists_its_coverage(published_site):
    site = published_site.output
    summit_feeds = sorted((site / "feeds" / "summits").glob("*.atom.xml"))
    if not (site / "summits").is_dir():
        pytest.skip("this build has no summit pages yet (corpus linking not in the build)")
    assert summit_feeds
    for path in summit_feeds:
        assert (site / "summits" / path.name.removesuffix(".atom.xml") / "index.html").is_file(), path
        feed = parsed(site, str(path.relative_to(site)))
        assert feed.entries and all(entry.id.startswith("tag:") for entry in feed.entries)
        rss = parsed(site, str(path.relative_to(site)).replace(".atom.xml", ".rss.xml"))
        assert [entry.id for entry in rss.entries] == [entry.id for entry in feed.entries]


@pytest.fixture(scope="module")
def syndicated_builds(tmp_path_factory):
    """Two builds, a second apart, of one story and its syndicated copy; and the articles Pelican read."""
    articles = []

    def keep(generator):
        articles.extend(generator.articles + generator.hidden_articles)

    signals.article_generator_finalized.connect(keep)
    try:
        first = build_published(FIXTURES / "syndicated", tmp_path_factory.mktemp("first"),
                                "https://digest.example.org", DIGEST_SEARCH=False)
    finally:
        signals.article_generator_finalized.disconnect(keep)
    time.sleep(1.1)
    second = build_published(FIXTURES / "syndicated", tmp_path_factory.mktemp("second"),
                             "https://digest.example.org", DIGEST_SEARCH=False)
    return first, second, articles


def test_feeds_are_identical_from_one_build_to_the_next(syndicated_builds):
    first, second, _ = syndicated_builds
    for path in SITE_FEEDS:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


def test_entry_ids_come_from_seed_names(syndicated_builds):
    first, _, _ = syndicated_builds
    ids = {item["id"] for item in json_items(first)}
    prefix = "tag:digest.example.org,2026:articles/"
    assert ids and ids <= {f"{prefix}original", f"{prefix}copy"}


def test_a_syndicated_story_appears_once(syndicated_builds):
    first, _, articles = syndicated_builds
    if not any(hasattr(article, "duplicate_of") for article in articles):
        pytest.skip("corpus linking (duplicate_of) is not in the build yet")
    for path in XML_FEEDS:
        assert len(parsed(first, path).entries) == 1, path
    assert len(json_items(first)) == 1


@dataclass
class ContractSummit:
    """A summit as corpus linking hands it to templates (`summits` in the context)."""

    id: str
    title: str
    date: dt.date
    place: str
    url: str
    articles: list


def test_summit_feeds_follow_the_summits_contract(tmp_path):
    """Per-summit feeds and links appear as soon as `summits` is in the context; until corpus linking
    provides it, this build puts one summit there itself."""

    def add_summit(generators):
        context = generators[0].context
        if not context.get("summits"):
            summit = ContractSummit("geneva-2021", "Geneva summit", dt.date(2021, 6, 16), "Geneva",
                                    "summits/geneva-2021/", list(context["articles"]))
            for article in summit.articles:
                article.summit = summit
            context["summits"] = [summit]

    signals.all_generators_finalized.connect(add_summit)
    try:
        site = build_published(FIXTURES / "syndicated", tmp_path / "site", "https://digest.example.org",
                               DIGEST_SEARCH=False)
    finally:
        signals.all_generators_finalized.disconnect(add_summit)
    summit_atom = sorted((site / "feeds" / "summits").glob("*.atom.xml"))
    assert summit_atom
    for path in summit_atom:
        atom = parsed(site, str(path.relative_to(site)))
        rss = parsed(site, str(path.relative_to(site)).replace(".atom.xml", ".rss.xml"))
        assert not atom.bozo and not rss.bozo
        assert atom.entries and [e.id for e in rss.entries] == [e.id for e in atom.entries]
        assert all(entry.tags[0].term == atom.feed.title.split(" · ")[0] for entry in atom.entries)
        page = site / atom.entries[0].link.removeprefix("https://digest.example.org/") / "index.html"
        feed_link = f'href="https://digest.example.org/{path.relative_to(site)}"'
        assert feed_link in page.read_text(encoding="utf-8")


def test_what_a_feed_shows_is_fingerprinted_once_for_its_atom_rss_and_json_files(tmp_path, monkeypatch):
    """A feed's key reads every entry's body: it is taken once per source, not once per file."""
    from digest.feeds import FeedSource

    taken: dict[str, int] = {}
    fingerprint = FeedSource.fingerprint

    def counted(source):
        taken[source.id] = taken.get(source.id, 0) + 1
        return fingerprint(source)

    monkeypatch.setattr(FeedSource, "fingerprint", counted)
    build_published(FIXTURES / "syndicated", tmp_path / "site", "https://digest.example.org",
                    DIGEST_SEARCH=False)
    assert taken and set(taken.values()) == {1}


def test_entry_id_authority_is_pinned_by_setting_else_the_site_host():
    assert tag_authority({"SITEURL": "https://user.github.io/repo"}) == "user.github.io"
    assert tag_authority({"SITEURL": ""}) == "localhost"
    pinned = {"SITEURL": "https://new.example.org", "DIGEST_FEED_ID_AUTHORITY": "user.github.io"}
    assert tag_authority(pinned) == "user.github.io"


def test_a_feed_path_set_to_nothing_turns_that_feed_off():
    catalogue = FeedCatalogue("Digest", atom="feeds/all.atom.xml", rss="", json="feed.json",
                              summit_atom="feeds/summits/{id}.atom.xml", summit_rss="")
    assert [feed.path for feed in catalogue.site] == ["feeds/all.atom.xml", "feed.json"]
    summit = ContractSummit("g-7", "G7", dt.date(2021, 6, 11), "Carbis Bay", "summits/g-7/", ["an article"])
    assert [feed.path for feed in catalogue.for_summit(summit)] == ["feeds/summits/g-7.atom.xml"]
    assert catalogue.for_summit(None) == []
    summit.articles = []
    assert catalogue.for_summit(summit) == [], "a summit with no coverage has no feed"
