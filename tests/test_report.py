"""The cleaning report (console summary, page, report.json); `invoke build`'s exit status and safety."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from invoke import Context, Exit

import tasks
from support import build_site
from test_search_index import indexed

GOOD = "robustness/crlf.txt"
EMPTY = "robustness/empty.txt"
NOT_A_SEED = "robustness/README.md"


@pytest.fixture
def mixed_seeds(seed_folder) -> Path:
    return seed_folder(GOOD, EMPTY, NOT_A_SEED)


def test_the_console_summary_counts_what_happened(mixed_seeds, tmp_path, capsys):
    build_site(mixed_seeds, tmp_path / "site", DIGEST_SEARCH=False)
    out = capsys.readouterr().out
    assert "Seeds: 2 read, 1 articles written, 1 skipped, 0 warnings, 1 other files ignored" in out
    assert "Metadata inferred: 1 titles, 1 dates, 1 author lists" in out
    assert "Report: report/index.html" in out


def test_the_report_lists_every_file_with_what_became_of_it(mixed_seeds, tmp_path):
    """The index has a line per file linking to its section; the section shows the outcome, the metadata
    with who set it, the paragraphs kept and the blocks removed."""
    site = build_site(mixed_seeds, tmp_path / "site", DIGEST_SEARCH=False)
    index = site / "report" / "index.html"
    lines = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser").select("table.report-summary a")
    sections = {}
    for link in lines:
        address, anchor = link["href"].split("#")
        page = (index.parent / address / "index.html").resolve()
        section = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(id=anchor)
        assert section.h2.get_text(strip=True) == link.get_text(strip=True)
        sections[link.get_text(strip=True)] = (page, section)
    assert set(sections) == {"crlf.txt", "empty.txt", "README.md"}
    assert "empty file" in sections["empty.txt"][1].get_text()
    assert "not a seed" in sections["README.md"][1].get_text()
    page, published = sections["crlf.txt"]
    link = published.find("a")["href"]
    assert (page.parent / link / "index.html").resolve().is_file()
    fields = {row.th.get_text(strip=True): row.find_all("td")[-1].get_text(strip=True)
              for row in published.select("table.report-metadata tbody tr")}
    assert fields["date"] == "cleaner" and "title" in fields
    assert published.select("ol.report-kept li")


def test_report_json_is_written_beside_the_page(mixed_seeds, tmp_path):
    site = build_site(mixed_seeds, tmp_path / "site", DIGEST_SEARCH=False)
    data = json.loads((site / "report" / "report.json").read_text(encoding="utf-8"))
    assert data["counts"]["skipped"] == 1 and data["counts"]["articles_written"] == 1
    assert [entry["status"] for entry in data["seeds"]] == ["ignored", "published", "skipped"]


def test_no_report_when_it_is_turned_off(mixed_seeds, tmp_path):
    site = build_site(mixed_seeds, tmp_path / "site", DIGEST_SEARCH=False, DIGEST_REPORT_SAVE_AS="")
    assert not (site / "report").exists()


def run_build(seeds: Path, output: Path, **options) -> int:
    """`invoke build` as the curator runs it; returns its exit status."""
    try:
        tasks.build(Context(), seeds=str(seeds), output=str(output), cache=str(output.parent / "cache"), **options)
    except Exit as exit:
        return exit.code
    return 0


@pytest.fixture
def published(tmp_path) -> Path:
    """An output folder holding a site that a failed build must leave alone."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "published.txt").write_text("the site readers see", encoding="utf-8")
    return output


@pytest.mark.slow
def test_a_clean_build_exits_0_and_replaces_the_output(seed_folder, published):
    assert run_build(seed_folder(GOOD), published) == 0
    assert (published / "index.html").is_file()
    assert not published.with_name(".output.building").exists()


@pytest.mark.slow
def test_skipped_seeds_exit_2_and_the_rest_is_published(mixed_seeds, published):
    assert run_build(mixed_seeds, published) == tasks.EXIT_SKIPPED
    assert len(list(published.glob("articles/*/index.html"))) == 1


@pytest.mark.slow
def test_a_strict_build_with_a_problem_exits_1_and_keeps_the_output(mixed_seeds, published):
    assert run_build(mixed_seeds, published, strict=True) == 1
    assert (published / "published.txt").read_text(encoding="utf-8") == "the site readers see"
    assert not (published / "index.html").exists()


@pytest.mark.slow
def test_the_build_after_one_that_was_not_published_publishes_the_seeds_as_they_are(mixed_seeds, published):
    """A strict build that fails has rendered pages and indexed them in a folder nobody sees; the next
    build must not mistake the output for what that build wrote."""
    assert run_build(mixed_seeds, published) == tasks.EXIT_SKIPPED
    seed = mixed_seeds / Path(GOOD).name
    seed.write_bytes(seed.read_bytes().replace(b"officials said", b"zanzibarquxian officials said"))
    assert run_build(mixed_seeds, published, strict=True) == 1
    assert run_build(mixed_seeds, published) == tasks.EXIT_SKIPPED
    [page] = published.glob("articles/*/index.html")
    assert "zanzibarquxian" in page.read_text(encoding="utf-8")
    assert any("zanzibarquxian" in record["content"] for records in indexed(published).values() for record in records)


@pytest.mark.slow
def test_a_failed_build_exits_1_and_keeps_the_output(seed_folder, published, tmp_path, monkeypatch):
    broken = tmp_path / "broken.py"
    broken.write_text("raise RuntimeError('a broken settings file')\n", encoding="utf-8")
    monkeypatch.setitem(tasks.CONFIG, "settings_base", str(broken))
    assert run_build(seed_folder(GOOD), published) == 1
    assert (published / "published.txt").is_file() and not (published / "index.html").exists()


def test_the_report_shows_what_linking_inferred(seeds_site):
    data = json.loads((seeds_site / "report" / "report.json").read_text(encoding="utf-8"))
    linked = [item for entry in data["seeds"] for item in entry["metadata"] if item["source"] == "linking"]
    assert {item["field"] for item in linked} >= {"event", "copy of"}
    assert data["inferred"]["copies"] == sum(item["field"] == "copy of" for item in linked)


def test_a_row_makes_its_entry_once_for_its_section_and_its_json_line():
    from types import SimpleNamespace

    from digest.cleaning.model import CleanedDoc, Paragraph
    from digest.report import Row

    article = SimpleNamespace(digest=CleanedDoc(title="T", body=[Paragraph("paragraph", "Kept.")]), url="a/",
                              summit=None, duplicate_of=None, date_inferred=False)
    row = Row("a.txt", "published", [], "key", article=article)
    entry = row.entry()
    assert row.entry() is entry and entry.kept == ["Kept."]
    skipped = Row("b.txt", "skipped", ["empty"], "key2")
    assert skipped.entry() is skipped.entry() and skipped.entry().problems == ["empty"]
