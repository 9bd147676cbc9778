"""`invoke inspect`: the text report a person reads and the JSON a program reads."""
from __future__ import annotations

import json

from pathlib import Path

from digest.cleaning.model import CleanedDoc, Comment, Paragraph, Removed
from digest.inspect import as_json, as_text, report

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "metadata" / "markdown_head.txt"


def sample() -> CleanedDoc:
    return CleanedDoc(
        title="Harbour Talks End Without a Deal",
        subtitle="Nothing was signed.",
        authors=["Jane Roe", "Tomas Berg"],
        date="2021-06-15",
        outlet="Coastline Daily",
        original_publisher="Northern Policy Review",
        original_url="https://example.org/harbour",
        body=[Paragraph("heading", "What comes next"), Paragraph("paragraph", "Both sides will meet again.")],
        comments=[Comment("Ann", "First!\nSecond line.", replies=[Comment("Bob", "Reply.")])],
        removed=[Removed("Support us", "appeals", 3)],
    )


def test_json_has_the_documented_shape():
    data = json.loads(as_json(sample()))
    assert data["title"] == "Harbour Talks End Without a Deal"
    assert data["subtitle"] == "Nothing was signed."
    assert data["authors"] == ["Jane Roe", "Tomas Berg"]
    assert data["date"] == "2021-06-15"
    assert data["outlet"] == "Coastline Daily"
    assert data["original_publisher"] == "Northern Policy Review"
    assert data["original_url"] == "https://example.org/harbour"
    assert data["body"] == [
        {"type": "heading", "text": "What comes next"},
        {"type": "paragraph", "text": "Both sides will meet again."},
    ]
    assert data["comments"][0]["author"] == "Ann"
    assert data["comments"][0]["text"] == "First!\nSecond line."
    assert data["comments"][0]["replies"][0]["author"] == "Bob"
    assert data["removed"][0]["text"] == "Support us" and data["removed"][0]["reason"] == "appeals"


def test_json_date_is_null_when_unknown():
    assert json.loads(as_json(CleanedDoc(title="x")))["date"] is None


def test_text_report_shows_every_section():
    report = as_text(sample())
    assert "Harbour Talks End Without a Deal" in report
    assert "Jane Roe, Tomas Berg" in report
    assert "## What comes next" in report
    assert "[appeals] Support us" in report
    assert "COMMENTS (2 in 1 threads)" in report
    assert "- Ann" in report and "    - Bob" in report


def test_text_report_marks_missing_metadata():
    report = as_text(CleanedDoc())
    assert "date                -" in report
    assert "BODY (0 blocks)" in report


def test_report_lists_the_lines_metadata_came_from():
    text = report(SEED.read_bytes())
    assert "HEAD AND PROVENANCE LINES (4 blocks)" in text
    assert "line    1 [title] Harbour Talks End Without a Deal" in text
    assert "line    5 [byline] By Anna Keller and Tomas Berg" in text
    assert "line    7 [date] Tue 15 Jun 2021 10:00 BST" in text


def test_report_json_is_the_documents_json():
    assert json.loads(report(SEED.read_bytes(), json_output=True))["authors"] == ["Anna Keller", "Tomas Berg"]
