"""The Pelican side of linking: the ids that articles are linked by."""
from pathlib import PurePath
from types import SimpleNamespace

from digest.corpus import article_id, stem


def test_a_stem_is_the_one_of_pathlib_for_every_kind_of_file_name():
    for name in ["geneva-2021.txt", "a.b.txt", "noext", ".hidden", ".hidden.txt", "trail.", "..", "a..txt", "x.y.",
                 "Ünïcode seed.TXT", ""]:
        assert stem(name) == PurePath(name).stem, name


def test_an_article_is_linked_by_its_seed_file_name_else_its_source_file_name():
    assert article_id(SimpleNamespace(seed="2021-06-16 ferry.vote.txt", source_path="/x/other.txt")) == "2021-06-16 ferry.vote"
    assert article_id(SimpleNamespace(source_path="/site/seeds/storm.txt")) == "storm"
