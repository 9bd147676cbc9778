"""The repair stage: paragraphs split mid-sentence are joined, nothing else is."""
from __future__ import annotations

from pathlib import Path

import pytest

from digest.cleaning.model import Paragraph
from digest.cleaning.pipeline import clean
from digest.cleaning.repair import is_split, join_split_paragraphs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "repair"
OPEN = "In principle, the president would be open to some sort of compromise, but he must know that"


def para(text: str) -> Paragraph:
    return Paragraph("paragraph", text)


def texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def test_split_sentence_joined_in_a_seed():
    body = clean((FIXTURES / "split_mid_sentence.txt").read_bytes()).body
    assert any("warned that the two countries would need another year" in p.text for p in body)
    assert len([p for p in body if p.type == "paragraph"]) == 2


def test_heading_is_never_joined_in_a_seed():
    body = clean((FIXTURES / "heading_not_joined.txt").read_bytes()).body
    assert [p.type for p in body] == ["paragraph", "heading", "paragraph"]
    assert body[1].text == "What comes next"


def test_dead_links_become_plain_text():
    body = clean((FIXTURES / "dead_links.txt").read_bytes()).body
    assert body[0].text.startswith("Washington's brief readout said")
    assert "chief negotiator warned" in body[0].text
    assert "(#)" not in body[0].text and "[" not in body[0].text


@pytest.mark.parametrize(
    ("previous", "following"),
    [
        (OPEN, "President Biden and the U.S. political class are not interested."),
        ("Biden reiterated his support and called for de-escalation and a return to", "diplomacy, and warned of measures."),
        ("With all that in mind, the meeting may be useful to both sides. The confrontation", "between them will continue."),
        ("Officials said the vote, which was held on Sunday,", "would be repeated in May."),
        ("Exports rose sharply, the ministry said in a report on", "Tuesday, citing strong demand."),
    ],
)
def test_joined(previous, following):
    assert is_split(para(previous), para(following))
    assert texts(join_split_paragraphs([para(previous), para(following)])) == [f"{previous} {following}"]


@pytest.mark.parametrize(
    ("previous", "following"),
    [
        ("The talks ended without an agreement on Monday.", "Both sides will meet again."),
        ("The minister listed three demands:", "an end to the blockade and new talks."),
        ("Apples", "Pears"),
        (OPEN, "- a list item that follows"),
        (OPEN, "2. a numbered item"),
        (OPEN, "More"),
        ("He told reporters it was “a good start”", "The next round is in May."),
        ("He said the plan does not address the fundamental problem. \"", "Other plastics are no better."),
        ("We have different sets of rules for the players and the others", "In the aftermath of the defeat, he spoke."),
        ("Headline About The Harbour Talks In Oslo", "officials said on Monday that talks ended."),
        ("They chose ‘Hindu,’ ‘Buddhist,’ ‘Muslim’ or ‘Pagan.’ “", "In this case, the team used no label."),
        ("Volunteers restored the old bridge on October 26, 2012", "by Joseph Example, filed under Fan Productions"),
        ("Thanks to everyone who ran with us today, especially Clovis-", "Thank you for your service."),
        ("Kipsang did 15:17 and the rest 15:10 for the last 5km", "35km - 1:46:03. The slowest split."),
    ],
)
def test_not_joined(previous, following):
    assert not is_split(para(previous), para(following))


def test_headings_never_join():
    heading = Paragraph("heading", "What comes next for the talks")
    assert not is_split(para(OPEN), heading)
    assert not is_split(heading, para("the talks go on with a second round next month."))


def test_short_list_run_kept_apart():
    items = [para(t) for t in ("Eggs and flour", "Two cups of milk", "A pinch of salt")]
    assert texts(join_split_paragraphs(items)) == ["Eggs and flour", "Two cups of milk", "A pinch of salt"]


def test_join_does_not_mutate_its_input():
    first, second = para(OPEN), para("President Biden is not interested.")
    join_split_paragraphs([first, second])
    assert first.text == OPEN
