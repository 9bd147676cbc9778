"""Curator overrides: the header's fields and Keep:/Remove: decisions win over what the cleaner infers."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from support import FIXTURES, build_site
from digest.cleaning.overrides import split_header, valid_date
from digest.cleaning.pipeline import clean

CASES = FIXTURES / "overrides"


def cleaned(name: str):
    return clean((CASES / name).read_bytes())


def test_header_fields_replace_inferred_metadata():
    doc = cleaned("header_fields.txt")
    assert doc.title == "The curator's title"
    assert doc.subtitle == "The curator's dek"
    assert doc.date == "2021-06-16"
    assert doc.authors == ["Jane Roe", "John Doe"]
    assert doc.summit == "geneva-2021"
    assert (doc.outlet, doc.original_publisher) == ("Example Weekly", "Example Wire")
    assert doc.agency == "Wire Service"
    assert doc.original_url == "https://example.org/story"
    assert set(doc.overridden) == {"title", "subtitle", "date", "authors", "summit", "outlet",
                                   "original_publisher", "original_url", "agency"}


def test_header_lines_never_reach_the_article():
    doc = cleaned("header_fields.txt")
    texts = [paragraph.text for paragraph in doc.body] + [removed.text for removed in doc.removed]
    assert not any(text.startswith(("Title:", "Summit:", "Original-URL:")) for text in texts)
    assert doc.body[0].text.startswith("The two presidents met")


def test_keep_and_remove_name_blocks_by_line_and_by_text():
    doc = cleaned("keep_remove.txt")
    body = [paragraph.text for paragraph in doc.body]
    assert "Read more" in body  # line 10, kept although it looks like furniture
    assert not any(text.startswith("The leaders met") for text in body)
    assert any(r.reason == "removed by the curator" and r.line == 6 for r in doc.removed)


def test_values_that_cannot_be_right_are_warnings_and_ignored():
    doc = cleaned("bad_values.txt")
    assert doc.date is None and doc.original_url == ""
    assert len(doc.warnings) == 3
    assert any("2021-02-30" in warning for warning in doc.warnings)
    assert any("javascript:" in warning for warning in doc.warnings)
    assert any("names no block" in warning for warning in doc.warnings)


def test_a_block_that_is_not_all_key_lines_is_not_a_header():
    doc = cleaned("not_a_header.txt")
    assert doc.overridden == []
    assert any("Geneva ended" in paragraph.text for paragraph in doc.body)


def test_the_header_keeps_every_other_line_number():
    text = (CASES / "keep_remove.txt").read_text(encoding="utf-8")
    header, rest = split_header(text)
    assert (header.first_line, header.last_line) == (1, 2)
    assert rest.split("\n")[5] == text.split("\n")[5]
    assert rest.count("\n") == text.count("\n")


@pytest.mark.parametrize("value, expected", [
    ("2021-06-16", "2021-06-16"), ("2021-02-30", None), ("16 June 2021", None), ("2021-13-01", None),
])
def test_a_date_override_is_a_real_iso_date(value, expected):
    assert valid_date(value) == expected


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(CASES, tmp_path_factory.mktemp("overrides"), DIGEST_SEARCH=False)


def test_overrides_reach_the_page_and_the_report(site):
    report = json.loads((site / "report" / "report.json").read_text(encoding="utf-8"))
    entry = next(e for e in report["seeds"] if e["path"].endswith("header_fields.txt"))
    sources = {item["field"]: item["source"] for item in entry["metadata"]}
    assert sources["title"] == sources["summit"] == "curator"
    page = BeautifulSoup((site / entry["url"] / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text(strip=True) == "The curator's title"
    assert report["inferred"]["curator"] == 3  # header_fields.txt, keep_remove.txt, summit_choice.txt


def test_the_curators_summit_wins_over_what_the_text_says(site):
    """summit_choice.txt reports the December video call, but its header files it under Geneva."""
    report = json.loads((site / "report" / "report.json").read_text(encoding="utf-8"))
    entry = next(e for e in report["seeds"] if e["path"].endswith("summit_choice.txt"))
    summit_page = BeautifulSoup((site / "summits" / "geneva-2021" / "index.html").read_text(encoding="utf-8"),
                                "html.parser")
    linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in summit_page.select("a[href]")}
    assert entry["url"].rstrip("/").rsplit("/", 1)[-1] in linked
