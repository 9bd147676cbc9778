"""Slugs remembered between builds: the same as Pelican's, and never from a memo made under other settings."""
from __future__ import annotations

import hashlib
import json

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from digest import slugs
from digest.slugs import FILE_NAME, Slugs

TITLES = ["Talks in Oslo", "Gipfel in Genf: Überraschung", "<b>Bold</b> & plain", ""]


def settings(tmp_path, subs=None) -> dict:
    subs = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"] if subs is None else subs
    return {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path), "SLUG_REGEX_SUBSTITUTIONS": subs}


def test_slugs_are_pelican_s_and_a_later_build_reads_them_from_the_memo(tmp_path):
    first = Slugs(settings(tmp_path))
    expected = [slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]) for title in TITLES]
    assert [first(title) for title in TITLES] == expected
    first.save()
    second = Slugs(settings(tmp_path))
    assert second.known == dict(zip(TITLES, expected))
    assert [second(title) for title in TITLES] == expected


def test_the_memo_keeps_only_what_the_last_build_used(tmp_path):
    first = Slugs(settings(tmp_path))
    first("Talks in Oslo"), first("Removed seed")
    first.save()
    second = Slugs(settings(tmp_path))
    second("Talks in Oslo")
    second.save()
    assert set(Slugs(settings(tmp_path)).known) == {"Talks in Oslo"}


def test_a_memo_made_under_other_substitutions_is_not_used(tmp_path):
    first = Slugs(settings(tmp_path))
    first("C++ summit")
    first.save()
    subs = [(r"\+", "plus"), *DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]]
    second = Slugs(settings(tmp_path, subs))
    assert second.known == {}
    assert second("C++ summit") == slugify("C++ summit", regex_subs=subs) == "cplusplus-summit"


def test_a_reader_that_slugs_nothing_reads_and_writes_no_memo(tmp_path):
    (tmp_path / FILE_NAME).write_text("{not json", encoding="utf-8")
    unused = Slugs(settings(tmp_path))
    unused.save()
    assert "known" not in vars(unused)
    assert (tmp_path / FILE_NAME).read_text(encoding="utf-8") == "{not json"


def test_an_unreadable_memo_is_ignored(tmp_path):
    (tmp_path / FILE_NAME).write_text("{not json", encoding="utf-8")
    assert Slugs(settings(tmp_path))("Talks in Oslo") == "talks-in-oslo"
    (tmp_path / FILE_NAME).write_text(json.dumps(["a list"]), encoding="utf-8")
    assert Slugs(settings(tmp_path)).known == {}


def test_a_memo_made_by_other_code_of_this_module_is_not_used(tmp_path):
    """How the module calls `slugify` makes every slug: its code is part of the memo's basis."""
    code = hashlib.sha256(open(slugs.__file__, "rb").read()).hexdigest()
    assert code in Slugs(settings(tmp_path)).basis
