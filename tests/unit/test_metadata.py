"""The metadata stage: one fixture per behaviour, cleaned by the real pipeline, plus its pure helpers."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from digest.cleaning import datelines, metadata
from digest.cleaning.model import Block
from digest.cleaning.pipeline import clean

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "metadata"


def cleaned(name: str):
    return clean((FIXTURES / name).read_bytes())


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.body)


def test_markdown_head():
    doc = cleaned("markdown_head.txt")
    assert doc.title == "Harbour Talks End Without a Deal"
    assert doc.subtitle.startswith("Negotiators left the port city")
    assert doc.authors == ["Anna Keller", "Tomas Berg"]
    assert doc.date == "2021-06-15"
    assert "Anna Keller" not in body_text(doc) and "BST" not in body_text(doc)


def test_page_title_line_gives_headline_and_site_name():
    doc = cleaned("page_title_repeated.txt")
    assert doc.title == "Harbour Talks End Without a Deal"
    assert doc.outlet == "Coastline Daily"
    assert doc.authors == ["Jane Roe"]
    assert doc.date == "2021-06-15"


def test_banner_date_is_never_the_article_date():
    doc = cleaned("banner_date.txt")
    assert doc.title == "Harbour Talks End Without a Deal"
    assert doc.date is None


def test_impossible_date_rejected():
    assert cleaned("impossible_date.txt").date is None


def test_published_wins_over_updated():
    assert cleaned("updated_and_published.txt").date == "2021-06-15"


def test_republished_with_permission():
    doc = cleaned("republished_with_permission.txt")
    assert doc.original_publisher == "Northern Policy Review"
    assert "Republished" not in body_text(doc)


def test_originally_appeared_in_keeps_a_capitalised_the():
    assert cleaned("originally_appeared.txt").original_publisher == "The Northern Policy Review"


def test_agency_from_dateline_not_from_quote():
    assert cleaned("agency_dateline.txt").agency == "Reuters"
    assert cleaned("agency_quote_only.txt").agency == ""


def test_outlet_name_spelled_by_the_domain():
    doc = cleaned("outlet_spelled_in_text.txt")
    assert doc.original_url == "https://www.thecoastalgazette.co.uk/news/2021/06/15/harbour-talks-end"
    assert doc.outlet == "The Coastal Gazette"
    assert doc.date == "2021-06-15"  # no dateline: the URL's date


def test_lone_url_line_is_the_original_url_and_a_tidy_domain_the_outlet():
    doc = cleaned("lone_url.txt")
    assert doc.original_url == "https://news.example.org/world/harbour-talks-end"
    assert doc.outlet == "example.org"
    assert "https://" not in body_text(doc)


def test_plain_dek_before_byline():
    doc = cleaned("plain_dek.txt")
    assert doc.subtitle == "Negotiators left the port city with nothing signed, but both sides promised to meet again."
    assert doc.authors == ["Jane Roe"]
    assert doc.date == "2021-06-15"


def test_no_dek_when_the_next_block_is_article_text():
    assert cleaned("banner_date.txt").subtitle == ""


def test_blog_posted_line_dates_the_post():
    doc = cleaned("posted_footer.txt")
    assert doc.date == "2012-10-05"
    assert doc.authors == ["Jane Roe"]


def test_author_label_with_date():
    doc = cleaned("author_label.txt")
    assert doc.authors == ["Jane Roe"]
    assert doc.date == "2021-06-15"


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Dmitry Example", ["Dmitry Example"]),
        ("By John Smith and Jane Doe, Reuters", ["John Smith", "Jane Doe"]),
        ("By A. N. Other, B. Walker", ["A. N. Other", "B. Walker"]),
        ("Published by Staff Writer: Amanda Hart", ["Amanda Hart"]),
        ("By Eliane Fiolet on 11/12/2012 15:23 PST", ["Eliane Fiolet"]),
        ("Written by Maria de la Cruz", ["Maria de la Cruz"]),
        ("Posted on October 5, 2012 by Jane Roe", ["Jane Roe"]),
        ("By Jane Roe, Senior Correspondent", ["Jane Roe"]),
        ("By the time he came, nobody was there", []),
        ("By 2030 the port will double in size", []),
        ("Byzantine walls still stand", []),
    ],
)
def test_parse_byline(line, names):
    assert metadata.parse_byline(line) == names


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("June 15, 2021", "2021-06-15"),
        ("15 June 2021", "2021-06-15"),
        ("2021-06-15", "2021-06-15"),
        ("2021-06-15T10:00:00Z", "2021-06-15"),
        ("Last modified on Tue 15 Jun 2021 12.15 BST", "2021-06-15"),
        ("Tue 15 Jun 2021 10:00 BST", "2021-06-15"),
        ("Published: Sept. 3, 2020", "2020-09-03"),
        ("Updated 3rd of March, 2019", "2019-03-03"),
        ("11/12/2012 15:23 PST", "2012-11-12"),
        ("15.06.2021", "2021-06-15"),
        ("February 30, 2021", None),
        ("June 15, 1850", None),
        ("Chapter 12, 2021 edition", None),
    ],
)
def test_find_date(text, iso):
    found = datelines.find_date(text)
    assert (found.iso if found else None) == iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June 15, 2021", True),
        ("Friday, October 5, 2012", True),
        ("Published on Tue 15 Jun 2021 at 10:00 BST", True),
        ("Since July 1, 2024, we have disabled all ads to improve your reading experience.", False),
        ("They met again on June 16, 2021 in Geneva to deal with the issue.", False),
    ],
)
def test_is_dateline(text, expected):
    assert datelines.is_dateline(text) is expected


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("MOSCOW (AP) — Officials said", "AP"),
        ("Copyright 2021 AP communication. all rights reserved.", "AP"),
        ("© 2012 The Associated Press. All rights reserved.", "AP"),
        ("PARIS (AFP) - The minister said", "AFP"),
        ("she told AFP on Sunday", ""),
        ("Copyright 2020 Pacific Media", ""),
    ],
)
def test_agency_in(text, agency):
    assert metadata.agency_in(text) == agency


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("This article was first published by the Example Center.", "Example Center"),
        ("Source: Example Center", "Example Center"),
        ("This story originally appeared in The Example Review, a quarterly.", "The Example Review"),
        ("Reprinted with permission of Example Press", "Example Press"),
        ("The study, first published in 2019, found little.", ""),
        ('This article was originally published on Example News under the headline "X".', "Example News"),
    ],
)
def test_publisher_in(text, publisher):
    assert metadata.publisher_in(text) == publisher


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.example.com/a", "example.com"),
        ("https://news.example.co.uk/a", "example.co.uk"),
        ("http://m.example.org", "example.org"),
        ("http://jane.blogspot.com/2012/10/post.html", "jane.blogspot.com"),
    ],
)
def test_registered_domain(url, domain):
    assert metadata.registered_domain(url) == domain


def test_curated_outlet_name_wins_over_the_domain():
    assert metadata.find_outlet("https://www.nytimes.com/2021/06/15/world/x.html", []) == "The New York Times"


def test_page_header_date_loses_to_the_published_line():
    assert cleaned("header_date_and_published.txt").date == "2012-11-05"


def test_date_closing_the_headline_line():
    doc = cleaned("title_with_date.txt")
    assert doc.title == "Harbour Festival Draws Record Crowds"
    assert doc.date == "2011-12-09"


def test_wordpress_entry_was_posted_line():
    assert cleaned("entry_was_posted.txt").date == "2012-10-23"


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Monday, November 12, 2012, by Matthew Example", ["Matthew Example"]),
        ("By Cory Example Discuss", []),
        ("By Example Staff", []),
        ("Posted by Rudy Example, Product Manager", ["Rudy Example"]),
    ],
)
def test_parse_byline_furniture(line, names):
    assert metadata.parse_byline(line) == names


def test_source_line_mid_article_is_a_credit_not_the_publisher():
    assert metadata.publisher_in("Source: Example Images", after_text=False) == ""
    assert metadata.publisher_in("This article was first published by Example Center.", after_text=False)


@pytest.mark.parametrize(
    "name",
    ["plain_dek.txt", "markdown_head.txt"],
)
def test_deks_read_as_prose(name):
    assert cleaned(name).subtitle.endswith(".")


def test_tag_row_is_not_a_dek():
    doc = cleaned("tags_before_byline.txt")
    assert doc.subtitle == ""
    assert doc.authors == ["Jane Roe"]


HEAD_WITH_CREDIT = """Subscribe to our newsletter

Sign up

Leaders agree to restart arms control talks in Vienna

The two delegations will meet again before the end of the year.

By Jane Roe

November 24, 2021

Photo: Dorn / AFP

The talks in Vienna ended on Wednesday with a short statement that both sides described as a first step
towards a new framework, after months in which neither had agreed even on an agenda for the meeting.

Officials said the next round would cover verification, an area where the two sides have long disagreed
and where experts expect the hardest bargaining of the whole process to take place in the coming months.
"""


def test_a_photo_credit_under_the_byline_is_not_the_headline():
    doc = clean(HEAD_WITH_CREDIT.encode())
    assert doc.title == "Leaders agree to restart arms control talks in Vienna"
    assert doc.subtitle == "The two delegations will meet again before the end of the year."
    assert doc.authors == ["Jane Roe"] and doc.date == "2021-11-24"
    assert any(item.text == "Photo: Dorn / AFP" and "caption" in item.reason for item in doc.removed)


@pytest.mark.parametrize("text", [
    "WASHINGTON (AP) — The talks", "(Reuters) - Talks", "Copyright 2021 The Associated Press", "© 2020 AFP",
    "(c) 2019 Reuters", "COPYRİGHT 2018 AP", "she told AFP (in Geneva)", "no agency here",
    "Copyright 2020 Pa",
])
def test_agency_in_searches_each_form_only_where_its_cue_is(text):
    """Each form searched only when the text holds its cue gives what searching both did."""
    names = metadata.vocab.agency_alternation()
    found = ""
    for form in (metadata._DATELINE_AGENCY, metadata._COPYRIGHT_AGENCY):
        for match in re.finditer(form.format(names=names), text, re.I):
            short = metadata.vocab.agencies()[match.group("agency").lower()]
            if match.group("agency") == short or match.group("agency").lower() != short.lower():
                found = found or short
        if found:
            break
    assert metadata.agency_in(text) == found


def test_letters_and_digits_is_the_substitution():
    rng = random.Random(5)
    pieces = ["a", "Z", "9", "_", " ", "-", ".", "'", "\t", "\n", "\x00", "\x7f", "é", "٣", "—", "ß", "ǅ"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        assert metadata.letters_and_digits(text) == re.sub(r"[\W_]", "", text), repr(text)
    every_ascii = "".join(map(chr, range(128)))
    assert metadata.letters_and_digits(every_ascii) == re.sub(r"[\W_]", "", every_ascii)


@pytest.mark.parametrize("label, text, expected", [
    ("theexampletimes", "Read The Example Times today", "The Example Times"),
    ("example-times", "From the Example Times.", "Example Times"),
    ("nyt", "N.Y.T. reports", "N.Y.T"),
    ("worldwire", "Copyright 2015 World Wire. All rights reserved.", "World Wire"),
    ("worldwire", "the world wire", ""),
    ("abc", "—— ABC", "ABC"),
])
def test_name_spelling(label, text, expected):
    block = Block(index=0, first_line=1, lines=[text], text=text)
    assert metadata.name_spelling(label, [block]) == expected
