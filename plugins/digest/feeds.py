"""Feeds: Atom and RSS for the whole digest and for each summit, and JSON Feed 1.1.

A Pelican generator gives templates `digest_feeds` (which feeds exist, for
autodiscovery links) in its context step. The files need no writer:
`side_outputs` writes them (`write_feeds`) beside the pages, once every article
is read and linked. Pelican's built-in feeds stay off: they cannot carry the
outlet, the original URL or ids that survive a rebuild.

Entries hold the cleaned body only (reader comments live in the digest, never
in `article.content`), a syndicated story appears once (its copies are hidden
articles or carry `duplicate_of`), and every entry id is a tag: URI made from
the seed's file name, so it stays the same however often the site is built.
Each feed lists its newest FEED_MAX_ITEMS stories, and is rendered only when
what it shows changed (`outputs.OutputLedger`).
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from feedgenerator import Atom1Feed, Rss201rev2Feed
from markupsafe import escape
from pelican.generators import Generator

from .outputs import OutputLedger
from .settings import DEFAULTS
from .speedups import fingerprint

#: The date part of every tag: URI (RFC 4151). It names when the ids were minted; never change it.
TAG_DATE = "2026"
#: The tag: URI authority when no DIGEST_FEED_ID_AUTHORITY is set and SITEURL has no host.
LOCAL_AUTHORITY = "localhost"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

ATOM_TYPE = "application/atom+xml"
RSS_TYPE = "application/rss+xml"
JSON_FEED_TYPE = "application/feed+json"


@dataclass(frozen=True)
class FeedLink:
    """One feed as a page links to it: `<link rel="alternate" type=... title=... href=SITEURL/path>`."""

    title: str
    type: str
    path: str


@dataclass(frozen=True)
class FeedCatalogue:
    """The feeds of this build, for templates (`digest_feeds`) and for the writer."""

    sitename: str
    atom: str
    rss: str
    json: str
    summit_atom: str
    summit_rss: str

    @classmethod
    def from_settings(cls, settings) -> FeedCatalogue:
        def setting(key: str) -> str:
            return settings.get(key, DEFAULTS[key])

        return cls(
            sitename=settings["SITENAME"],
            atom=setting("DIGEST_FEED_ATOM"),
            rss=setting("DIGEST_FEED_RSS"),
            json=setting("DIGEST_FEED_JSON"),
            summit_atom=setting("DIGEST_SUMMIT_FEED_ATOM"),
            summit_rss=setting("DIGEST_SUMMIT_FEED_RSS"),
        )

    @property
    def site(self) -> list[FeedLink]:
        """The whole digest's feeds; a setting set to "" turns its feed off."""
        candidates = [
            FeedLink(f"{self.sitename} (Atom)", ATOM_TYPE, self.atom),
            FeedLink(f"{self.sitename} (RSS)", RSS_TYPE, self.rss),
            FeedLink(f"{self.sitename} (JSON Feed)", JSON_FEED_TYPE, self.json),
        ]
        return [feed for feed in candidates if feed.path]

    def for_summit(self, summit) -> list[FeedLink]:
        """One summit's feeds (`summit` has `.id`, `.title`, `.articles`); none while it has no coverage."""
        if not summit or not summit.articles:
            return []
        candidates = [
            FeedLink(f"{summit.title} (Atom)", ATOM_TYPE, self.summit_atom),
            FeedLink(f"{summit.title} (RSS)", RSS_TYPE, self.summit_rss),
        ]
        return [
            FeedLink(feed.title, feed.type, feed.path.format(id=summit.id))
            for feed in candidates
            if feed.path
        ]


class DigestAtomFeed(Atom1Feed):
    """Atom with the original article as `<link rel="via">` and its outlet as the entry's `<source>`."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("original_url"):
            handler.addQuickElement("link", "", {"rel": "via", "href": item["original_url"]})
        if item.get("outlet"):
            handler.startElement("source", {})
            handler.addQuickElement("title", item["outlet"])
            handler.endElement("source")


class DigestRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the outlet and original URL as the item's `<source url=...>`."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("original_url"):
            name = item.get("outlet") or item["original_url"]
            handler.addQuickElement("source", name, {"url": item["original_url"]})


class FeedsGenerator(Generator):
    """Publishes `digest_feeds` to templates; `write_feeds` writes the files."""

    def generate_context(self):
        self.context["digest_feeds"] = FeedCatalogue.from_settings(self.settings)


def write_feeds(settings: dict, context: dict, output_path: str) -> OutputLedger:
    """Every feed file whose entries changed; returns the ledger (which names the files as this build's)."""
    catalogue = context["digest_feeds"]
    base = site_base(settings)
    limit = settings.get("FEED_MAX_ITEMS") or None  # Pelican's convention: empty means no cap
    whole = FeedSource(
        title=settings["SITENAME"],
        description=settings.get("SITESUBTITLE", ""),
        home=f"{base}/",
        id=f"tag:{tag_authority(settings)},{TAG_DATE}:feed",
        articles=feed_articles(context.get("articles", []))[:limit],
    )
    feeds = {catalogue.atom: (DigestAtomFeed, whole), catalogue.rss: (DigestRssFeed, whole)}
    for summit in context.get("summits") or []:
        source = FeedSource(
            title=f"{summit.title} · {settings['SITENAME']}",
            description=f"Coverage of {summit.title}",
            home=f"{base}/{summit.url}",
            id=f"tag:{tag_authority(settings)},{TAG_DATE}:summit:{quote(str(summit.id), safe='')}",
            articles=feed_articles(summit.articles)[:limit],
        )
        for feed in catalogue.for_summit(summit):
            feeds[feed.path] = (DigestAtomFeed if feed.type == ATOM_TYPE else DigestRssFeed, source)
    ledger = OutputLedger(settings, output_path, "feeds")
    shown = {}  # FeedSource id -> fingerprint of what its entries show, taken once for its Atom and RSS

    def shown_by(source: FeedSource) -> str | None:
        if source.id not in shown:
            shown[source.id] = source.fingerprint()
        return shown[source.id]

    for path, (feed_class, source) in feeds.items():
        if path:
            key = ledger.key(path, feed_class.__name__, shown_by(source))
            if not ledger.is_current(path, key):
                ledger.write_text(path, xml_text(build_xml_feed(feed_class, source, path, settings)))
                ledger.written(path, key)
    if catalogue.json:
        key = ledger.key(catalogue.json, "json", shown_by(whole))
        if not ledger.is_current(catalogue.json, key):
            document = json_feed(whole, catalogue.json, settings)
            ledger.write_text(catalogue.json, json.dumps(document, indent=1) + "\n")
            ledger.written(catalogue.json, key)
    ledger.save()
    return ledger


def xml_text(feed) -> str:
    buffer = io.StringIO()
    feed.write(buffer, "utf-8")
    return buffer.getvalue()


@dataclass(frozen=True)
class FeedSource:
    """What one feed is about: its own metadata and the articles it lists, newest first."""

    title: str
    description: str
    home: str
    id: str
    articles: list

    def fingerprint(self) -> str | None:
        """What this feed shows: its own metadata and each entry's facts and body (before links are made
        absolute, which depends only on settings)."""
        return fingerprint((self.title, self.description, self.home, self.id,
                            [entry_facts(article) for article in self.articles]))


def entry_facts(article) -> tuple:
    """Everything `entry_fields` reads from an article, taken without rendering anything."""
    doc, summit = article.digest, getattr(article, "summit", None)
    return (
        getattr(article, "seed", None), article.slug, article.title, article.date,
        bool(getattr(article, "date_inferred", False)), doc.subtitle, tuple(doc.authors), doc.outlet,
        doc.original_publisher, doc.original_url, getattr(article, "_content", None),
        (str(summit.id), summit.title, summit.url) if summit else None,
    )


def feed_articles(articles) -> list:
    """Published articles that are not a copy of another, newest first (ties by seed name: stable output)."""
    kept = [
        article
        for article in articles
        if getattr(article, "status", "published") == "published"
        and not getattr(article, "duplicate_of", None)
    ]
    kept.sort(key=lambda article: getattr(article, "seed", article.slug))
    kept.sort(key=lambda article: article.date, reverse=True)
    return kept


def site_base(settings) -> str:
    """The absolute address articles are linked from: SITEURL as configured, not a page's relative one."""
    return settings["SITEURL"].rstrip("/")


def feed_base(settings) -> str:
    """The address feed files are served from: FEED_DOMAIN, as in Pelican, else SITEURL."""
    return (settings.get("FEED_DOMAIN") or settings["SITEURL"]).rstrip("/")


def tag_authority(settings) -> str:
    """DIGEST_FEED_ID_AUTHORITY, else the host of SITEURL; an id never depends on the build's clock."""
    pinned = settings.get("DIGEST_FEED_ID_AUTHORITY")
    return pinned or urlsplit(site_base(settings)).hostname or LOCAL_AUTHORITY


def entry_id(article, settings) -> str:
    """tag:AUTHORITY,DATE:articles/SEED-STEM, stable across builds and title edits."""
    seed = Path(getattr(article, "seed", "") or article.slug).stem
    return f"tag:{tag_authority(settings)},{TAG_DATE}:articles/{quote(seed, safe='-._~')}"


def entry_fields(article, settings) -> dict:
    """The feed-neutral facts of one entry."""
    doc = article.digest
    outlet = doc.original_publisher or doc.outlet
    return {
        "id": entry_id(article, settings),
        "title": article.title,  # plain text from the reader; each format escapes it
        "url": f"{site_base(settings)}/{article.url}",
        "authors": list(doc.authors),
        "author_line": ", ".join(doc.authors) or outlet or settings["SITENAME"],
        "outlet": outlet,
        "original_url": doc.original_url,
        "summary": doc.subtitle,
        "date": article.date,
        "summit": getattr(article, "summit", None),
        "content": entry_content(article, outlet, settings),
    }


def entry_content(article, outlet: str, settings) -> str:
    """The cleaned body, absolute links, and a provenance line a feed reader shows."""
    body = article.get_content(site_base(settings))
    doc = article.digest
    if doc.original_url:
        credit = escape(outlet or "the original outlet")
        link = escape(doc.original_url)
        body += f'\n<p class="provenance">First published by {credit}: <a href="{link}">{link}</a></p>'
    elif outlet:
        body += f'\n<p class="provenance">First published by {escape(outlet)}</p>'
    return body


def build_xml_feed(feed_class, source: FeedSource, path: str, settings):
    feed = feed_class(
        title=source.title,
        link=source.home,
        # RSS readers render a channel description as HTML; summit titles come from seed text.
        description=escape(source.description) if feed_class is DigestRssFeed else source.description,
        language=settings.get("DEFAULT_LANG"),
        author_name=settings["SITENAME"],
        feed_url=f"{feed_base(settings)}/{path}",
        feed_guid=source.id,
    )
    is_rss = feed_class is DigestRssFeed
    for article in source.articles:
        entry = entry_fields(article, settings)
        summit = entry["summit"]
        feed.add_item(
            title=entry["title"],
            link=entry["url"],
            # RSS has one element for the text, so it gets the full content; Atom gets both
            # (its summary is type="html", so the plain-text dek is escaped).
            description=entry["content"] if is_rss else (escape(entry["summary"]) or None),
            content=None if is_rss else entry["content"],
            author_name=entry["author_line"],
            pubdate=entry["date"],
            unique_id=entry["id"],
            unique_id_is_permalink=False,
            categories=[summit.title] if summit else (),
            outlet=entry["outlet"],
            original_url=entry["original_url"],
        )
    return feed


def json_feed(source: FeedSource, path: str, settings) -> dict:
    """A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1); digest facts go in `_digest`."""
    items = []
    for article in source.articles:
        entry = entry_fields(article, settings)
        summit = entry["summit"]
        item = {
            "id": entry["id"],
            "url": entry["url"],
            "title": entry["title"],
            "content_html": entry["content"],
            "date_published": entry["date"].isoformat(),
            "authors": [{"name": name} for name in entry["authors"]] or [{"name": entry["author_line"]}],
            "language": settings.get("DEFAULT_LANG"),
            "_digest": {
                "outlet": entry["outlet"],
                "original_url": entry["original_url"],
                "date_inferred": bool(getattr(article, "date_inferred", False)),
            },
        }
        if entry["original_url"]:
            item["external_url"] = entry["original_url"]
        if entry["summary"]:
            item["summary"] = entry["summary"]
        if summit:
            item["tags"] = [summit.title]
            item["_digest"]["summit"] = {
                "id": str(summit.id),
                "title": summit.title,
                "url": f"{site_base(settings)}/{summit.url}",
            }
        items.append(item)
    return {
        "version": JSON_FEED_VERSION,
        "title": source.title,
        "home_page_url": source.home,
        "feed_url": f"{feed_base(settings)}/{path}",
        "description": source.description,
        "language": settings.get("DEFAULT_LANG"),
        "authors": [{"name": settings["SITENAME"], "url": source.home}],
        "items": items,
    }


def get_generators(pelican):
    return FeedsGenerator
