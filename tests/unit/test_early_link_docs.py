"""The docs linked ahead: an unchanged seed's doc and slug are those stored under its cleaning key, path."""
from __future__ import annotations

import dataclasses
import os
import pickle
import random
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import order_content

from digest import early_link
from digest.corpus import doc_of, stem
from digest.early_link import DOCS, EPOCH, SORTED_BY, Ahead, docs_of, pelican_order
from digest.linking.model import Doc, content_key
from digest.linking_cache import LinkingCache
from digest.reader import SeedReader, read_seed

FIXTURES = Path(__file__).parents[1] / "fixtures"
SEEDS = [FIXTURES / "incremental" / "first_seed.txt", FIXTURES / "incremental" / "second_seed.txt",
         FIXTURES / "linking" / "syndicated" / "original.txt"]


@pytest.fixture
def seeds(tmp_path) -> list[str]:
    folder = tmp_path / "seeds"
    folder.mkdir()
    return [shutil.copy(seed, folder / seed.name) for seed in SEEDS]


def pre_pass(tmp_path, seeds: list[str]) -> tuple[SeedReader, list[tuple[str, str]]]:
    """A build's seed reader after the cleaning pre-pass, and each seed's (path, key) as it found them."""
    reader = SeedReader({**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache")})
    for seed in seeds:
        reader.cache.key_of(seed)
    known = reader.cache.known_keys()
    return reader, [(os.path.abspath(seed), known[os.path.abspath(seed)]) for seed in seeds]


def made_here(seeds: list[str], tmp_path) -> tuple[list, list[str]]:
    """Each seed's doc as the build process makes it from the article it reads, and the article's slug."""
    reader = SeedReader({**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache")})
    docs = [doc_of(read_seed(seed, reader.cache)[1].doc, stem(os.path.basename(seed))) for seed in seeds]
    return docs, [reader.read(seed)[1]["slug"] for seed in seeds]


def stored_files(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.glob(f"{DOCS}-*.pickle")}


def test_the_docs_and_slugs_are_those_the_build_makes_stored_or_not(tmp_path, seeds, monkeypatch):
    linking = LinkingCache(tmp_path / "linking")
    reader, found = pre_pass(tmp_path, seeds)
    ahead = docs_of(linking, reader, found)
    assert [(seed.path, seed.key) for seed in ahead] == found
    assert ([seed.doc for seed in ahead], [seed.slug for seed in ahead]) == made_here(seeds, tmp_path)
    assert [seed.content for seed in ahead] == [content_key(seed.doc) for seed in ahead]
    monkeypatch.setattr(early_link, "read_seed", lambda path, cache: pytest.fail(f"{path} read again"))
    assert docs_of(linking, *pre_pass(tmp_path, seeds)) == ahead


def test_a_stored_doc_is_taken_for_its_key_and_path_and_an_edited_seed_s_is_made_again(tmp_path, seeds):
    linking = LinkingCache(tmp_path / "linking")
    first = docs_of(linking, *pre_pass(tmp_path, seeds))[0].doc
    reader, found = pre_pass(tmp_path, seeds)
    shard = linking.folder / f"{DOCS}-{found[0][1][0]}.pickle"
    with open(shard, "rb") as file:
        key, entries = pickle.load(file), pickle.load(file)
    name = f"{found[0][1]} {found[0][0]}"
    entries[name] = (dataclasses.replace(first, title="marked"), *entries[name][1:])
    shard.write_bytes(pickle.dumps(key) + pickle.dumps(entries))
    assert docs_of(linking, reader, found)[0].doc.title == "marked"

    before = stored_files(linking.folder)
    edited_text = Path(seeds[0]).read_text(encoding="utf-8") + "\nOne more sentence.\n"
    Path(seeds[0]).write_text(edited_text, encoding="utf-8")
    reader, edited = pre_pass(tmp_path, seeds)
    ahead = docs_of(linking, reader, edited)
    assert [(seed.path, seed.key) for seed in ahead] == edited and edited[0][1] != found[0][1]
    assert ([seed.doc for seed in ahead], [seed.slug for seed in ahead]) == made_here(seeds, tmp_path)
    rewritten = {name for name, stamp in stored_files(linking.folder).items() if before.get(name) != stamp}
    assert rewritten == {f"{DOCS}-{found[0][1][0]}.pickle", f"{DOCS}-{edited[0][1][0]}.pickle"}


@pytest.mark.parametrize("other", ["code", "slug substitutions"])
def test_docs_stored_by_other_code_or_for_other_slugs_are_not_taken(tmp_path, seeds, monkeypatch, other):
    linking = LinkingCache(tmp_path / "linking")
    docs_of(linking, *pre_pass(tmp_path, seeds))
    reader, found = pre_pass(tmp_path, seeds)
    if other == "code":
        monkeypatch.setattr(early_link, "code_digest", lambda: "another corpus.py")
    else:
        reader = SeedReader({**reader.settings, "SLUG_REGEX_SUBSTITUTIONS": [("a", "b")]})
        reader.cache = pre_pass(tmp_path, seeds)[0].cache
    read = []
    monkeypatch.setattr(early_link, "read_seed",
                        lambda path, cache: read.append(path) or read_seed(path, cache))
    docs_of(linking, reader, found)
    assert read == [os.path.abspath(seed) for seed in seeds]


def code_digest_of(plugins: Path) -> str:
    """`code_digest()` of the plugin package under `plugins`, in a fresh process."""
    script = "from digest.early_link import code_digest; print(code_digest())"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(plugins)})
    return run.stdout.strip()


@pytest.mark.parametrize("module", ["corpus.py", "reader.py", "early_link.py", "problems.py"])
def test_an_edit_to_a_module_that_makes_the_stored_docs_leaves_them_unused(tmp_path, module):
    """`corpus.doc_of` makes a doc; the reader's `article_slug` and `early_link.slug_of` make a slug,
    `early_link` lays out an entry, and `problems.check_doc` decides which docs make an article (a stored
    doc is not checked again): docs stored before an edit to any of them are not taken."""
    copy = tmp_path / "plugins" / "digest"
    shutil.copytree(Path(early_link.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_digest_of(copy.parent)
    with open(copy / module, "a", encoding="utf-8") as file:
        file.write("\n# an edit\n")
    assert code_digest_of(copy.parent) != before


def test_a_seed_that_cannot_be_read_is_left_out_as_the_build_leaves_out_its_article(tmp_path, seeds):
    reader, found = pre_pass(tmp_path, seeds)
    os.remove(seeds[1])
    ahead = docs_of(LinkingCache(tmp_path / "linking"), reader, found)
    assert [(seed.path, seed.key) for seed in ahead] == [found[0], found[2]]
    assert [seed.doc.id for seed in ahead] == ["first_seed", "original"]


@pytest.mark.parametrize("order_by", [*SORTED_BY, *(f"reversed-{name}" for name in SORTED_BY)])
def test_the_order_foreseen_is_the_one_pelican_sorts_the_articles_in(order_by):
    """`speedups.order_as_pelican`: by slug, then Pelican's `order_content`; many equal dates and names."""
    rng = random.Random(7)
    seeds = [Ahead(f"/seeds/{rng.choice('abc')}/{rng.randrange(30)}.txt", "key",
                   Doc(str(n), "t", "x", rng.choice([None, date(2021, 6, rng.randrange(1, 4))])), "content",
                   f"slug-{slug:03}")
             for n, slug in enumerate(rng.sample(range(300), 300))]
    articles = [SimpleNamespace(slug=seed.slug, date=seed.doc.date or EPOCH, source_path=seed.path, seed=seed)
                for seed in seeds]
    expected = order_content(sorted(articles, key=lambda article: article.slug), order_by)
    assert pelican_order(seeds, order_by) == [article.seed for article in expected]
