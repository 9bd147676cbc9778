"""Seed text is inert in every output: HTML pages, feeds, JSON-LD, the search index and the report.

One hostile seed (`fixtures/security/hostile.txt`) carries script tags, event
handlers, `javascript:` links and Jinja syntax in its title, dek, byline, body,
provenance and a reader comment. The checks parse the output (tags and
attributes, not strings), so an escaped `&lt;script&gt;` shown as text passes
and a real `<script>` element fails.
"""
from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support import FIXTURES, build_site

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "background")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
EMBEDDING_TAGS = ("iframe", "object", "embed", "frame", "base")
DATA_SCRIPT = "application/ld+json"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return build_site(FIXTURES / "security", tmp_path_factory.mktemp("hostile"))


def unsafe_markup(html: str) -> list[str]:
    """Every element or attribute in `html` that could run code or pull in another document."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name in EMBEDDING_TAGS:
            found.append(f"<{tag.name}>")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}>")
            if name.lower() in URL_ATTRIBUTES and value.strip().lower().startswith(BAD_SCHEMES):
                found.append(f"<{tag.name} {name}={value}>")
        if tag.name == "script" and not tag.get("src") and tag.get("type") != DATA_SCRIPT:
            found.append("inline <script>")
        if tag.name == "script" and tag.get("type") == DATA_SCRIPT:
            text = tag.string or ""
            if "<" in text:
                found.append("'<' inside JSON-LD")
            json.loads(text)
    return found


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_has_script_handlers_or_javascript_urls(hostile_site):
    pages = html_files(hostile_site)
    assert any("articles" in page.parts for page in pages)
    for page in pages:
        assert unsafe_markup(page.read_text(encoding="utf-8")) == [], page


def test_hostile_text_is_shown_as_text(hostile_site):
    page = next(hostile_site.glob("articles/*/index.html"))
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert '<script>alert("body")</script>' in text
    assert "{{ 7*7 }}" in text and "{% raw %}" in text


def test_every_page_carries_a_content_security_policy(hostile_site):
    for page in html_files(hostile_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None, page
        assert "script-src 'self'" in policy["content"] and "unsafe-inline" not in policy["content"]


def test_xml_feeds_carry_no_active_html(hostile_site):
    feeds = sorted(hostile_site.rglob("*.xml"))
    html_parts = []
    for feed in feeds:
        root = ET.parse(feed).getroot()
        html_parts += [el.text or "" for el in root.iter() if el.get("type") in ("html", "xhtml")]
        html_parts += [el.text or "" for el in root.iter("description")]
    assert any("alert" in part for part in html_parts), "the hostile entry is in the feeds"
    for part in html_parts:
        assert unsafe_markup(part) == [], part


def test_json_feed_carries_no_active_html(hostile_site):
    for feed in hostile_site.rglob("*.json"):
        data = json.loads(feed.read_text(encoding="utf-8"))
        for item in data.get("items", []) if isinstance(data, dict) else []:
            assert unsafe_markup(item.get("content_html", "")) == []


def test_search_index_holds_text_that_the_ui_escapes(hostile_site):
    fragments = sorted(hostile_site.glob("pagefind/shards/*/fragment/*.pf_fragment"))
    if not fragments:
        pytest.skip("the search index is not built (DIGEST_SEARCH off or pagefind missing)")
    records = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd")) for f in fragments]
    assert any('<script>alert("body")</script>' in record["content"] for record in records)
    # The index stores page text; Pagefind's client escapes it before building excerpts.
    clients = sorted(hostile_site.glob("pagefind/shards/*/pagefind.js"))
    assert clients and all('replace(/</g,"&lt;")' in path.read_text(encoding="utf-8") for path in clients)
