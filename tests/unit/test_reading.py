"""What the seed reader hands Pelican is what Pelican's own metadata processing would make of it."""
from __future__ import annotations

import os
from datetime import datetime

import pytest
from pelican.readers import BaseReader
from pelican.settings import DEFAULT_CONFIG

from digest.problems import display_path
from digest.reader import SeedReader


@pytest.mark.parametrize("text", ["Ana Lima", "Ana Lima, Bo Chen", "Lima, Ana; Chen, Bo", " , Ana Lima,, ",
                                  "Émile Zola"])
def test_authors_are_the_ones_pelican_makes(tmp_path, text):
    reader = SeedReader({**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path)})
    expected = BaseReader(DEFAULT_CONFIG).process_metadata("authors", text)
    authors = reader.authors(text)
    assert [(a.name, a.slug) for a in authors] == [(a.name, a.slug) for a in expected]


def test_an_author_s_name_is_one_author_per_reader(tmp_path):
    """Shared by the articles of one build, so Pelican slugifies it once; a name is never another's."""
    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path)}
    reader = SeedReader(settings)
    first, = reader.authors("Ana Lima")
    again, other = reader.authors("Ana Lima, Ana Lima Jr")
    assert again is first and other.name == "Ana Lima Jr"
    assert SeedReader(settings).authors("Ana Lima")[0] is not first


def test_each_article_gets_its_own_list_of_the_shared_authors(tmp_path):
    """A text is split once per reader; linking may replace an article's list, never another's."""
    reader = SeedReader({**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path)})
    first, second = reader.authors("Ana Lima, Bo Chen"), reader.authors("Ana Lima, Bo Chen")
    assert first == second and first is not second and all(a is b for a, b in zip(first, second))
    first.append(reader.author("Cy Diaz"))
    assert [a.name for a in reader.authors("Ana Lima, Bo Chen")] == ["Ana Lima", "Bo Chen"]


def test_a_seed_is_shown_relative_to_the_root_through_links(tmp_path):
    root, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (root / "seeds").mkdir(parents=True)
    elsewhere.mkdir()
    (root / "seeds" / "a.txt").write_text("a")
    (elsewhere / "b.txt").write_text("b")
    os.symlink(elsewhere / "b.txt", root / "seeds" / "b.txt")
    os.symlink(root / "seeds", tmp_path / "linked")
    assert display_path(root / "seeds" / "a.txt", root) == "seeds/a.txt"
    assert display_path(tmp_path / "linked" / "a.txt", root) == "seeds/a.txt"
    assert display_path(root / "seeds" / "b.txt", root) == "b.txt"  # a link to a file outside the root
    assert display_path(str(root / "seeds" / "missing.txt"), str(root)) == "seeds/missing.txt"


@pytest.mark.parametrize("zone", ["UTC", "Europe/Oslo", "America/St_Johns"])
def test_a_settled_date_is_the_one_pelican_sets(zone):
    from types import SimpleNamespace

    from pelican.contents import Article
    from pelican.utils import SafeDatetime

    from digest.reader import settle_date

    settings = {**DEFAULT_CONFIG, "TIMEZONE": zone, "DEFAULT_DATE_FORMAT": "%-d %B %Y, %a %H:%M %Z"}

    def article(day: int, settle: bool) -> Article:
        metadata = {"title": "Talks", "date": SafeDatetime(2021, 3, day, 9, 30)}
        if settle:
            settle_date(SimpleNamespace(settings=settings), metadata)
        return Article("<p>Body.</p>", metadata=metadata, settings=settings, source_path="seeds/talks.txt")

    for day in (27, 28, 29, 28):  # Oslo moves its clocks on the 28th; the 28th again comes from the memo
        settled, pelican = article(day, True), article(day, False)
        assert (settled.date, settled.date.tzinfo, settled.date.utcoffset()) == \
               (pelican.date, pelican.date.tzinfo, pelican.date.utcoffset())
        assert settled.locale_date == pelican.locale_date == pelican.date.strftime(settings["DEFAULT_DATE_FORMAT"])
        assert settled.date.strftime("%Y-%m-%d %z") == pelican.date.strftime("%Y-%m-%d %z")
    assert article(28, True).date is article(28, True).date


def test_a_date_in_its_own_time_zone_is_left_to_pelican():
    from types import SimpleNamespace

    from pelican.utils import SafeDatetime

    from digest.reader import settle_date

    metadata = {"date": SafeDatetime(2021, 3, 28), "timezone": "Asia/Tokyo"}
    settle_date(SimpleNamespace(settings=DEFAULT_CONFIG), metadata)
    assert type(metadata["date"]) is SafeDatetime and metadata["date"].tzinfo is None


def test_a_calendar_date_formats_anew_in_another_locale():
    import locale

    from digest.reader import settled_date

    date = settled_date(datetime(2021, 6, 16), "UTC")
    before = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("C", "C.UTF-8", "C"):
            locale.setlocale(locale.LC_TIME, name)
            assert date.strftime("%-d %B %Y") == "16 June 2021"
    finally:
        locale.setlocale(locale.LC_TIME, before)
    assert {made_in for _, made_in in date.made} >= {"C", "C.UTF-8"}
