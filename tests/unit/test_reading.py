"""What the seed reader hands Pelican is what Pelican's own metadata processing would make of it."""
from __future__ import annotations

import os

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
