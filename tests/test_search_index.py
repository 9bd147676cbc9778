"""The sharded search index: every article indexed, only changed shards indexed again, real Pagefind."""
from __future__ import annotations

import gzip
import json
import logging
import random
import re
import shutil
import subprocess
import tempfile
from itertools import accumulate
from pathlib import Path

import pytest

from plugins.digest.search import bundles
from plugins.digest.search.pages import body_tag, indexed_page, indexed_parts, page_digest
from plugins.digest.search.shards import load_page_list, shard_names, shard_of
from support import ROOT, build_site

SHARDS = 8  # the seeds' two summits fall into different shards
CHANGED_SEED = "002_b8038788f3ef300b"
NEW_WORD = "zanzibarquxian"


@pytest.fixture
def project(tmp_path):
    """The project's seeds in a folder of their own, and a build that reuses one output and cache."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)

    def build(**settings) -> Path:
        settings.setdefault("DIGEST_SEARCH_SHARDS", SHARDS)
        return build_site(seeds, tmp_path / "out", CACHE_PATH=str(tmp_path / "cache"), **settings)

    return seeds, build


def article_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.glob("articles/*/index.html"))


def shard_folders(site: Path) -> dict[str, Path]:
    return {path.name: path for path in sorted((site / "pagefind" / "shards").iterdir())}


def indexed(site: Path) -> dict[str, list[dict]]:
    """Pagefind's page records (url, content, filters) in each shard, read from its fragment files."""
    return {
        name: [json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
               for fragment in sorted(folder.glob("fragment/*.pf_fragment"))]
        for name, folder in shard_folders(site).items()
    }


def indexed_urls(site: Path) -> set[str]:
    return {record["url"] for records in indexed(site).values() for record in records}


def url_of(page: str) -> str:
    return "/" + page.removesuffix("index.html")


def shard_of_page(site: Path, page: str, count: int = SHARDS) -> str:
    """The shard this build assigned to `page`, from the page list it noted (group keys by page)."""
    keys = load_page_list(site.parent / "cache", site)
    return shard_of(keys[page], shard_names(count))


def holding_shard(site: Path, page: str) -> str:
    """The shard whose index holds `page`, read from the index itself."""
    [shard] = [name for name, records in indexed(site).items() if any(r["url"] == url_of(page) for r in records)]
    return shard


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file of the search bundle: a file Pagefind rewrote gets new ones."""
    return {path.relative_to(site).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in sorted((site / "pagefind").rglob("*")) if path.is_file()}


def rewritten_shards(before: dict, after: dict) -> set[str]:
    names = {re.match(r"pagefind/shards/([^/]+)/", path) for path in before.keys() | after.keys()}
    return {match.group(1) for match in names if match and
            any(before.get(path) != after.get(path) for path in before.keys() | after.keys()
                if path.startswith(match.group(0)))}


@pytest.mark.slow
def test_a_build_indexes_every_article_page(project):
    _, build = project
    site = build()
    pages = article_pages(site)
    assert len(pages) >= 5
    assert indexed_urls(site) == {url_of(page) for page in pages}
    assert set(shard_folders(site)) == {shard_of_page(site, page) for page in pages}
    assert all(holding_shard(site, page) == shard_of_page(site, page) for page in pages)
    # Pages that change together (one summit's coverage) are indexed together.
    by_summit: dict[str, set[str]] = {}
    for page in pages:
        summit = re.search(r'class="summit-label" href="([^"]+)"', (site / page).read_text(encoding="utf-8"))
        by_summit.setdefault(summit.group(1) if summit else page, set()).add(holding_shard(site, page))
    assert len(by_summit) > 1 and all(len(shards) == 1 for shards in by_summit.values())
    listed = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["bundles"]
    assert listed == [f"shards/{name}/" for name in shard_folders(site)]
    counts = [json.loads((folder / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
              for folder in shard_folders(site).values()]
    assert sum(counts) == len(pages)
    # One UI for the search page; the shards carry only their index and Pagefind's client.
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert not list((site / "pagefind" / "shards").glob("*/pagefind-ui.js"))
    records = [record for shard in indexed(site).values() for record in shard]
    assert any("outlet" in record["filters"] for record in records)


@pytest.mark.slow
def test_a_changed_seed_reindexes_only_its_shard(project):
    seeds, build = project
    site = build()
    before = stamps(site)
    add_new_word(seeds)
    build()
    page = next(page for page in article_pages(site) if CHANGED_SEED in page)
    shard = holding_shard(site, page)
    assert len(shard_folders(site)) > 1
    assert rewritten_shards(before, stamps(site)) == {shard}
    holding = [name for name, records in indexed(site).items() if any(NEW_WORD in r["content"] for r in records)]
    assert holding == [shard]
    # Updated in place: the files of pages that did not change stay, the old page's fragment is gone.
    folder = shard_folders(site)[shard]
    pages = json.loads((folder / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]
    assert len(list((folder / "fragment").iterdir())) == pages
    assert any(before.get(path) == stamp for path, stamp in stamps(site).items() if f"shards/{shard}/" in path)


@pytest.mark.slow
def test_a_build_stopped_before_it_saved_the_shards_indexes_the_changed_shard_next_time(project):
    """The page states are saved while Pagefind runs, the shards' digests after it: a build stopped in
    between (here: the last shards' file put back) leaves the changed shard stale, not current."""
    seeds, build = project
    site = build()
    shards_file = shards_file_of(site)
    last_shards = shards_file.read_bytes()
    add_new_word(seeds)
    build()
    shards_file.write_bytes(last_shards)
    before = stamps(site)
    build()
    page = next(page for page in article_pages(site) if CHANGED_SEED in page)
    assert rewritten_shards(before, stamps(site)) == {holding_shard(site, page)}


@pytest.mark.slow
def test_an_edit_undone_after_a_build_stopped_between_the_manifest_files_leaves_the_word_unindexed(project):
    """Undone, the page has the digest the last shards' file recorded again: its shard is indexed again
    only because its bundle is not the one that file recorded (the stamp)."""
    seeds, build = project
    site = build()
    shards_file = shards_file_of(site)
    last_shards = shards_file.read_bytes()
    seed, text = add_new_word(seeds)
    build()
    assert any(NEW_WORD in record["content"] for records in indexed(site).values() for record in records)
    shards_file.write_bytes(last_shards)  # stopped after saving the page states, before the shards' digests
    seed.write_text(text, encoding="utf-8")
    build()
    assert not any(NEW_WORD in record["content"] for records in indexed(site).values() for record in records)


@pytest.mark.slow
@pytest.mark.parametrize("loss", ["deleted", "damaged"])
def test_lost_page_states_are_read_again_and_index_nothing_again(project, loss):
    _, build = project
    site = build()
    [files_file] = (site.parent / "cache").glob("digest-search-*-files.json")
    if loss == "deleted":
        files_file.unlink()
    else:  # the right identity, the wrong shape
        states = json.loads(files_file.read_text(encoding="utf-8"))
        files_file.write_text(json.dumps({"identity": states["identity"], "files": ["not", "states"]}))
    before = stamps(site)
    build()
    assert stamps(site) == before
    assert files_file.is_file()


def test_a_bundle_is_updated_file_by_file_with_the_entry_file_last(tmp_path, monkeypatch):
    fresh, target = tmp_path / "fresh", tmp_path / "target"
    for folder, files in ((fresh, {"a": "same", "sub/b": "new", "pagefind-entry.json": "entry 2"}),
                          (target, {"a": "same", "sub/b": "old", "c": "gone", "pagefind-entry.json": "entry 1"})):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    kept = (target / "a").stat().st_ino
    written = []
    replace = bundles.os.replace
    monkeypatch.setattr(bundles.os, "replace", lambda source, destination: (written.append(Path(destination).name),
                                                                         replace(source, destination)))
    bundles.update_bundle(fresh, target)
    assert {path.relative_to(target).as_posix(): path.read_text() for path in target.rglob("*") if path.is_file()} == {
        "a": "same", "sub/b": "new", "pagefind-entry.json": "entry 2"}
    assert (target / "a").stat().st_ino == kept
    assert written == ["b", "pagefind-entry.json"]


@pytest.mark.slow
def test_nothing_changed_runs_no_pagefind(project):
    _, build = project
    site = build()
    before = stamps(site)
    build()
    assert stamps(site) == before


@pytest.mark.slow
def test_a_removed_seed_leaves_the_index(project):
    seeds, build = project
    site = build(DIGEST_SEARCH_SHARDS=64)
    page = next(page for page in article_pages(site) if CHANGED_SEED in page)
    shard = holding_shard(site, page)
    sharing = [p for p in article_pages(site) if shard_of_page(site, p, 64) == shard]
    assert page in sharing and len(sharing) < len(article_pages(site))
    for other in sharing:  # empty the shard: remove every seed whose page it holds
        (seeds / (other.split("/")[1].rsplit("-", 1)[-1] + ".txt")).unlink()
    before = len(article_pages(site))
    build(DIGEST_SEARCH_SHARDS=64)
    assert url_of(page) not in indexed_urls(site)
    assert not (site / page).exists()  # the page went with its seed (stale.py)
    assert len(indexed_urls(site)) == len(article_pages(site)) == before - len(sharing)
    assert shard not in shard_folders(site)  # it held only those pages
    assert f"shards/{shard}/" not in (site / "pagefind" / "shards.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_new_shard_count_reindexes_everything(project):
    _, build = project
    site = build()
    build(DIGEST_SEARCH_SHARDS=2)
    assert set(shard_folders(site)) <= {"0", "1"}
    assert indexed_urls(site) == {url_of(page) for page in article_pages(site)}


@pytest.mark.slow
def test_search_off_writes_no_index(project):
    _, build = project
    site = build(DIGEST_SEARCH=False)
    assert not (site / "pagefind").exists()


@pytest.mark.slow
def test_an_indexing_failure_is_logged_and_the_pages_stay(project, caplog):
    seeds, build = project
    (seeds.parent / "out").mkdir()
    (seeds.parent / "out" / "pagefind").write_text("not a folder", encoding="utf-8")  # Pagefind cannot write
    with caplog.at_level(logging.ERROR):
        site = build()
    assert any(record.getMessage().startswith("Search index not built") and "pagefind exited" in record.getMessage()
               for record in caplog.records)
    assert len(article_pages(site)) >= 5


@pytest.mark.slow
def test_the_theme_keeps_what_pagefind_reads_inside_the_digested_part(project):
    """The digest covers the head parts and the body element: no Pagefind attribute may sit elsewhere."""
    _, build = project
    site = build(DIGEST_SEARCH=False)
    for page in article_pages(site):
        html = (site / page).read_bytes()
        outside = html
        for part in indexed_parts(html):
            outside = outside.replace(part, b"")
        assert re.findall(rb"data-pagefind-(?:filter|meta|sort|weight|body)", outside) == [], page


def test_the_digest_ignores_changes_outside_the_indexed_element():
    page = ('<html lang="en"><head><title>T</title></head><body><nav>menu</nav>'
            '<article data-pagefind-body><h1>T</h1><article>quoted</article><p>text</p></article>'
            '<aside>{}</aside></body></html>')
    assert page_digest(page.format("one link").encode()) == page_digest(page.format("two links").encode())
    assert page_digest(page.replace("text", "more text").encode()) != page_digest(page.encode())
    assert page_digest(page.replace("quoted", "nested").encode()) != page_digest(page.encode())
    assert page_digest(page.replace('lang="en"', 'lang="fr"').encode()) != page_digest(page.encode())
    assert page_digest(b"<html><body><p>a page about data-pagefind-body</p></body></html>") == ""


def test_a_staged_page_holds_what_pagefind_reads_and_has_the_digest_of_the_page():
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T · Site</title>'
            '<link rel="stylesheet" href="x.css"></head><body><nav>menu</nav>'
            '<article data-pagefind-body><h1>T</h1><article>quoted</article><p>text</p></article>'
            '<aside>comments</aside></body></html>').encode()
    staged = indexed_page(page)
    assert staged == (b'<!DOCTYPE html>\n<html lang="en"><head><title>T \xc2\xb7 Site</title></head><body>'
                      b'<article data-pagefind-body><h1>T</h1><article>quoted</article><p>text</p></article>'
                      b'</body></html>\n')
    assert page_digest(staged) == page_digest(page)
    unindexed = b"<html><body><p>a page about data-pagefind-body</p></body></html>"
    assert indexed_page(unindexed) == unindexed


def test_the_marked_tag_is_found_where_the_regular_expression_it_replaced_finds_it():
    expression = re.compile(rb"<[A-Za-z][\w-]*\s[^<>]*?\bdata-pagefind-body\b")
    pieces = [b"<", b">", b" ", b"\n", b"a", b"x-", b"_", b"9", b"=", b'"', b"data-pagefind-body",
              b"data-pagefind-bodyx", b"<div ", b"<p>", b"</div>", b"\xc3\xa9", b"<a\t"]
    pages = [b"<p>about data-pagefind-body</p><div class=x data-pagefind-body>", b"<data-pagefind-body x>",
             b"<div data-pagefind-body=''>", b"<div xdata-pagefind-body><p data-pagefind-body>", b""]
    chosen = random.Random(7)
    pages += [b"".join(chosen.choice(pieces) for _ in range(4 + chosen.randrange(8))) for _ in range(4000)]
    for page in pages:
        for start in range(len(page) + 1):
            found = expression.search(page, start)
            assert body_tag(page, start) == (found.start() if found else -1), (page, start)


def cbor(data: bytes, at: int = 0):
    """(value, next offset) of the CBOR item at `at`, for the definite-length items Pagefind writes."""
    head, at = data[at], at + 1
    major, size = head >> 5, head & 31
    if size >= 24:
        width = 1 << (size - 24)
        size, at = int.from_bytes(data[at:at + width], "big"), at + width
    if major in (0, 1):
        return (size if major == 0 else -1 - size), at
    if major in (2, 3):
        raw = data[at:at + size]
        return (raw.decode() if major == 3 else raw), at + size
    items = []
    for _ in range(size * (2 if major == 5 else 1)):
        item, at = cbor(data, at)
        items.append(item)
    return (dict(zip(items[::2], items[1::2])) if major == 5 else items), at


def pagefind_file(path: Path):
    value, _ = cbor(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
    return value


def searchable(index: Path) -> dict:
    """What a search can find in a Pagefind bundle, by page URL rather than by Pagefind's page number
    (the order it found the files in): each page's record, every word's places, every filter value."""
    [meta] = index.glob("pagefind.*.pf_meta")
    _, pages, chunks, filters, *_ = pagefind_file(meta)
    records = [json.loads(gzip.decompress((index / "fragment" / f"{page}.pf_fragment").read_bytes())
                          .removeprefix(b"pagefind_dcd")) for page, _ in pages]
    urls = [record["url"] for record in records]

    def by_url(places: list) -> dict:
        numbers = accumulate(place[0] for place in places)  # a word's pages are written as steps
        return {urls[page]: rest for page, (_, *rest) in zip(numbers, places)}

    words = {}
    for *_, chunk in chunks:
        for word, places, variants in pagefind_file(index / "index" / f"{chunk}.pf_index")[0]:
            words[word] = by_url(places), {variant: by_url(found) for variant, found in variants}
    values = {}
    for _, name in filters:
        key, found = pagefind_file(index / "filter" / f"{name}.pf_filter")
        values.update({(key, value): sorted(urls[page] for page in numbers) for value, numbers in found})
    return {"pages": {url: [record, count] for url, record, (_, count) in zip(urls, records, pages)},
            "words": words, "filters": values}


@pytest.mark.slow
def test_pagefind_indexes_the_staged_pages_as_it_indexes_the_whole_pages(project, tmp_path):
    """Staging only what Pagefind reads, where the build stages it, gives an index in which every search
    finds what it found in the index of the whole pages: the same page records and word counts, the
    same words at the same places and the same filter values."""
    _, build = project
    site = build(DIGEST_SEARCH=False)
    pages = article_pages(site)
    assert all(page_digest(indexed_page((site / page).read_bytes())) == page_digest((site / page).read_bytes())
               for page in pages)
    whole = tmp_path / "whole"
    for page in pages:
        (whole / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(site / page, whole / page)
    found = []
    with tempfile.TemporaryDirectory(dir=bundles.staging_root(tmp_path)) as staging:
        bundles.stage(site, pages, Path(staging))
        for folder in (whole, Path(staging)):
            subprocess.run([bundles.executable(), "--site", str(folder), "--output-path", str(tmp_path / "index"),
                            "--quiet"], check=True, capture_output=True)
            found.append(searchable(tmp_path / "index"))
            shutil.rmtree(tmp_path / "index")
    assert len(found[0]["pages"]) == len(pages) and len(found[0]["words"]) > 100 and found[0]["filters"]
    assert found[0] == found[1]


def test_pages_are_staged_in_memory_when_the_system_has_room_else_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(bundles, "MEMORY_FOLDER", tmp_path / "memory")
    assert bundles.staging_root(tmp_path / "cache") == tmp_path / "cache"  # no such folder
    (tmp_path / "memory").mkdir()
    monkeypatch.setattr(bundles, "MEMORY_MIN_FREE", 0)
    assert bundles.staging_root(tmp_path / "cache") == tmp_path / "memory"
    monkeypatch.setattr(bundles, "MEMORY_MIN_FREE", 2**62)
    assert bundles.staging_root(tmp_path / "cache") == tmp_path / "cache"  # too little room


def add_new_word(seeds: Path) -> tuple[Path, str]:
    """Put NEW_WORD into the changed seed; returns the seed and its text before."""
    seed = seeds / f"{CHANGED_SEED}.txt"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("than his predecessor.", f"than his predecessor, {NEW_WORD}."), encoding="utf-8")
    return seed, text


def shards_file_of(site: Path) -> Path:
    """The manifest's file of shard digests (its page states are in a `-files.json` beside it)."""
    [shards_file] = (site.parent / "cache").glob("digest-search-????????????????.json")
    return shards_file
