"""Site-wide outputs on rebuilds: only what changed is rendered, a deleted file comes back, feeds are capped."""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest

from digest import report, side_outputs
from digest.outputs import OutputLedger, items_note, write_json_lines
from support import ROOT, build_site

#: The Biden–Putin video call's second article; the word's length changes, its reading time does not.
EDITED_SEED, BEFORE, AFTER = "003_eb0493873d130530.txt", "a daunting list of", "a daunting set of"
CALL_FEEDS = ["feeds/summits/video-call-2021-12.atom.xml", "feeds/summits/video-call-2021-12.rss.xml"]
GENEVA_FEED = "feeds/summits/geneva-2021.atom.xml"
SITE_FEEDS = ["feeds/all.atom.xml", "feeds/all.rss.xml", "feed.json"]
REPORT_PAGE = "report/files/1/index.html"
LEDGER = re.compile(r"digest-outputs-(\w+)-\w+\.json")


@pytest.fixture
def site(tmp_path):
    """The project's seeds copied and built once; `build()` builds again and returns what each kind of
    output rendered and kept, from the ledgers: {"feeds": (rendered, unchanged), ...}."""
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    output, cache = tmp_path / "out", tmp_path / "cache"

    def build(**settings) -> dict[str, tuple[int, int]]:
        build_site(seeds, output, CACHE_PATH=str(cache), DIGEST_SEARCH=False, **settings)
        counts = {}
        for path in cache.glob("digest-outputs-*.json"):
            ledger = json.loads(path.read_text(encoding="utf-8"))
            rendered = len(ledger["rendered"])
            counts[LEDGER.fullmatch(path.name)[1]] = (rendered, len(ledger["files"]) - rendered)
        return counts

    first = build()
    assert first["feeds"][1] == 0 and first["summits"][1] == 0, "a first build renders everything"
    return seeds, output, build


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_renders_no_site_wide_output(site):
    _, _, build = site
    counts = build()
    assert {kind: rendered for kind, (rendered, _) in counts.items()} == {"feeds": 0, "summits": 0, "report": 0,
                                                                          "data": 0}
    assert counts["feeds"][1] == 7 and counts["summits"][1] == 4 and counts["data"][1] == 1  # 3 summits, the index


@pytest.mark.slow
def test_a_changed_seed_rerenders_only_the_feeds_and_data_that_show_it(site):
    seeds, output, build = site
    geneva = (output / GENEVA_FEED).stat()
    seed = seeds / EDITED_SEED
    text = seed.read_text(encoding="utf-8")
    assert BEFORE in text
    seed.write_text(text.replace(BEFORE, AFTER), encoding="utf-8")
    counts = build()
    # The whole digest's three feeds and the call's two; the summit pages show no body text: only digest.json.
    # The report: its index, the one page of sections and report.json.
    assert counts["feeds"] == (5, 2) and counts["summits"] == (0, 4) and counts["data"] == (1, 0)
    assert counts["report"] == (3, 0)
    assert (output / GENEVA_FEED).stat().st_mtime_ns == geneva.st_mtime_ns
    for path in CALL_FEEDS + SITE_FEEDS + ["digest.json", "report/report.json", REPORT_PAGE]:
        assert AFTER in (output / path).read_text(encoding="utf-8"), path


@pytest.mark.slow
def test_a_deleted_output_is_written_again(site):
    _, output, build = site
    deleted = [GENEVA_FEED, "feed.json", "summits/geneva-2021/index.html", "summits/index.html", "digest.json",
               "report/index.html", REPORT_PAGE, "report/report.json"]
    before = {path: (output / path).read_bytes() for path in deleted}
    for path in deleted:
        (output / path).unlink()
    counts = build()
    assert counts["feeds"][0] == 2 and counts["summits"][0] == 2 and counts["data"][0] == 1
    assert counts["report"][0] == 3
    assert {path: (output / path).read_bytes() for path in deleted} == before


@pytest.mark.slow
def test_records_copied_from_the_last_build_equal_a_fresh_build(site, tmp_path):
    seeds, output, build = site
    seed = seeds / EDITED_SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace(BEFORE, AFTER), encoding="utf-8")
    build()
    fresh = build_site(seeds, tmp_path / "fresh", DIGEST_SEARCH=False)
    for path in ["digest.json", "report/index.html", REPORT_PAGE, "report/report.json"]:
        assert (output / path).read_bytes() == (fresh / path).read_bytes(), path


@pytest.mark.slow
def test_a_changed_seed_rewrites_only_its_page_of_the_report(site, monkeypatch):
    """Two files a page: the edited seed's page is written again, the others keep their mtime; pages of a
    longer list are removed when the list gets shorter."""
    seeds, output, build = site
    monkeypatch.setattr(report, "FILES_PER_PAGE", 2)
    build()
    pages = {path: path.stat().st_mtime_ns for path in (output / "report" / "files").glob("*/index.html")}
    assert len(pages) == 3
    seed = seeds / EDITED_SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace(BEFORE, AFTER), encoding="utf-8")
    build()
    changed = [path for path, mtime in pages.items() if path.stat().st_mtime_ns != mtime]
    assert len(changed) == 1 and AFTER in changed[0].read_text(encoding="utf-8")
    monkeypatch.setattr(report, "FILES_PER_PAGE", 100)
    build()
    assert [path.parent.name for path in (output / "report" / "files").glob("*/index.html")] == ["1"]


@pytest.mark.slow
def test_a_rewritten_page_of_the_report_renders_only_its_changed_sections(site, monkeypatch, tmp_path):
    """The other sections of the page are copied from the page as last written, byte for byte."""
    seeds, output, build = site
    monkeypatch.setattr(side_outputs, "forkable", lambda: False)  # count the sections rendered here
    rendered = []
    entry = report.Row.entry
    monkeypatch.setattr(report.Row, "entry", lambda row: rendered.append(row.path) or entry(row))
    seed = seeds / EDITED_SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace(BEFORE, AFTER), encoding="utf-8")
    build()
    assert set(rendered) == {EDITED_SEED}  # its section and its line of report.json
    fresh = build_site(seeds, tmp_path / "fresh", DIGEST_SEARCH=False)
    assert (output / REPORT_PAGE).read_bytes() == (fresh / REPORT_PAGE).read_bytes()


@pytest.mark.slow
def test_feeds_list_the_newest_feed_max_items_stories(site):
    _, output, build = site
    build(FEED_MAX_ITEMS=2)
    published = sorted(((a["date"] or "", a["id"]) for a in json.loads((output / "digest.json").read_text())["articles"]
                        if not a["duplicate_of"]), reverse=True)
    for path in ["feeds/all.atom.xml", "feeds/all.rss.xml"]:
        assert len(feedparser.parse((output / path).read_bytes()).entries) == 2, path
    items = json.loads((output / "feed.json").read_text(encoding="utf-8"))["items"]
    assert [item["id"].rsplit("/", 1)[1] for item in items] == [seed_id for _, seed_id in published[:2]]
    for path in (output / "feeds" / "summits").glob("*.xml"):
        assert len(feedparser.parse(path.read_bytes()).entries) <= 2, path
    build(FEED_MAX_ITEMS=None)
    assert len(feedparser.parse((output / "feeds/all.atom.xml").read_bytes()).entries) == len(published)


def test_json_lines_is_the_same_document_one_item_a_line():
    document = {"b": [{"y": 1, "x": "é"}, [2, 3]], "a": {"k": None}, "c": [], "d": iter([b'"as written"', 4])}
    out = io.BytesIO()
    write_json_lines(out, document)
    text = out.getvalue().decode("utf-8")
    assert json.loads(text) == {**document, "d": ["as written", 4]}
    assert text.splitlines()[1] == ' "a": {"k": null},'
    assert text.splitlines()[3] == '  {"x": "é", "y": 1},'


def lines_written(tmp_path, name: str, items: list) -> Path:
    path = tmp_path / name
    with open(path, "wb") as out:
        write_json_lines(out, {"items": items, "n": len(items)})
    return path


@pytest.mark.parametrize("kind", ["file", "buffer"])  # copied by the kernel; read and written where it cannot
def test_runs_of_items_copied_from_the_last_file_equal_the_items_written(tmp_path, kind):
    """Items found by the note of the last file, and that follow each other there, are copied in one go; a
    changed or moved item ends the run."""
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "THEME": str(ROOT / "theme")}
    old = [{"id": str(number), "text": "é" * number} for number in range(8)]
    ledger = OutputLedger(settings, str(tmp_path), "test")
    with ledger.stream("items.json") as out:
        places = write_json_lines(out, {"items": old, "n": len(old)})
    ledger.written("items.json", ledger.key(old), note=items_note([item["id"] for item in old], places["items"]))
    ledger.save()
    last = OutputLedger(settings, str(tmp_path), "test").previous_items("items.json")
    changed = {"id": "3", "text": "changed"}
    new = [old[0], old[1], old[2], changed, old[4], old[7], old[5], old[6]]
    given = [item if item is changed else last.span(item["id"]) for item in new]
    out = open(tmp_path / "new.json", "wb") if kind == "file" else io.BytesIO()
    write_json_lines(out, {"items": given, "n": len(new)})
    last.close()
    if kind == "file":
        out.close()
    written = (tmp_path / "new.json").read_bytes() if kind == "file" else out.getvalue()
    assert written == lines_written(tmp_path, "fresh.json", new).read_bytes()
    assert b'"changed"' in written


def test_a_last_file_changed_since_it_was_written_gives_no_items(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "THEME": str(ROOT / "theme")}
    ledger = OutputLedger(settings, str(tmp_path), "test")
    with ledger.stream("items.json") as out:
        places = write_json_lines(out, {"items": [{"id": "a"}, {"id": "b"}]})
    ledger.written("items.json", ledger.key("v"), note=items_note(["a", "b"], places["items"]))
    ledger.save()
    (tmp_path / "items.json").write_text('{\n "items": [\n  {"id": "B"},\n  {"id": "a"}\n ]\n}\n')
    assert OutputLedger(settings, str(tmp_path), "test").previous_items("items.json").span("a") is None
