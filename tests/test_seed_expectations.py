"""Acceptance tests: what a reader must see for the five original seeds (issue 2).

Each seed is cleaned in-process and read back through `inspect.as_json`, the same
JSON that `invoke inspect PATH --json` prints; one test runs that command for real.
Texts are compared after folding quotes, dashes and whitespace, since the seeds mix
curly and straight punctuation.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from digest.cleaning.pipeline import clean
from digest.inspect import as_json

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def norm(text: str) -> str:
    return " ".join(text.translate(_FOLD).split())


def seed_path(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def cleaned(prefix: str) -> dict:
    return json.loads(as_json(clean(seed_path(prefix).read_bytes())))


def paragraphs(data: dict) -> list[str]:
    return [norm(item["text"]) for item in data["body"] if item["type"] == "paragraph"]


def headings(data: dict) -> list[str]:
    return [norm(item["text"]) for item in data["body"] if item["type"] == "heading"]


def body_text(data: dict) -> str:
    return "\n".join(norm(item["text"]) for item in data["body"])


def removed_text(data: dict) -> str:
    return "\n".join(norm(item["text"]) for item in data["removed"])


def assert_removed(data: dict, *snippets: str) -> None:
    """Each snippet is out of the body and listed among the removed blocks."""
    body, removed = body_text(data), removed_text(data)
    for snippet in snippets:
        assert norm(snippet) not in body, f"{snippet!r} is still in the body"
        assert norm(snippet) in removed, f"{snippet!r} is not listed as removed"


def assert_not_in_body(data: dict, *snippets: str) -> None:
    body = body_text(data)
    for snippet in snippets:
        assert norm(snippet) not in body, f"{snippet!r} is in the body"


def paragraph_with(data: dict, start: str) -> str:
    """The one body paragraph that contains `start`."""
    found = [p for p in paragraphs(data) if norm(start) in p]
    assert len(found) == 1, f"{start!r} is in {len(found)} paragraphs"
    return found[0]


def thread_shape(comments: list[dict]) -> list:
    return [(c["author"], thread_shape(c["replies"])) for c in comments]


def count(comments: list[dict]) -> int:
    return sum(1 + count(c["replies"]) for c in comments)


@pytest.fixture(scope="module")
def seed000():
    return cleaned("000")


@pytest.fixture(scope="module")
def seed001():
    return cleaned("001")


@pytest.fixture(scope="module")
def seed002():
    return cleaned("002")


@pytest.fixture(scope="module")
def seed003():
    return cleaned("003")


@pytest.fixture(scope="module")
def seed004():
    return cleaned("004")


# The first words of the nine paragraphs that seeds 000 and 001 share.
NINE_PARAGRAPHS = (
    "In anticipation of the meeting between presidents",
    "Russian unilateral concessions are also out of the question",
    "Nor does Putin need the meeting as proof",
    "That said, Moscow has set itself several tasks",
    "In addition to that, Putin will engage with Biden",
    "Putin is certainly not looking for a shouting match",
    "Rather, Putin will probably be interested",
    "The importance of Vladimir Putin's meeting with Joe Biden",
    "With all that in mind, the meeting in Geneva",
)


# --- the JSON contract of `invoke inspect --json` -------------------------------------------------


def test_inspect_json_command_prints_the_documented_keys():
    result = subprocess.run(
        [str(ROOT / ".venv/bin/invoke"), "inspect", str(seed_path("000").relative_to(ROOT)), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )
    data = json.loads(result.stdout)
    for key in ("title", "subtitle", "outlet", "original_publisher", "original_url"):
        assert isinstance(data[key], str), key
    assert isinstance(data["authors"], list) and all(isinstance(a, str) for a in data["authors"])
    assert data["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["date"])
    assert data["body"] and all(set(item) == {"type", "text"} for item in data["body"])
    assert {item["type"] for item in data["body"]} <= {"paragraph", "heading"}
    assert isinstance(data["comments"], list)
    assert all({"text", "reason"} <= set(item) for item in data["removed"])
    assert data["title"] == "What Is Putin's Mindset Ahead of His Meeting With Biden?"


def test_comments_json_has_author_text_replies(seed001):
    def check(comments):
        for comment in comments:
            assert {"author", "text", "replies"} <= set(comment)
            assert isinstance(comment["author"], str) and isinstance(comment["text"], str)
            check(comment["replies"])

    assert seed001["comments"]
    check(seed001["comments"])


# --- 000: markdown style, Carnegie piece republished by an outlet -----------------------------------


def test_000_metadata(seed000):
    assert seed000["title"] == "What Is Putin's Mindset Ahead of His Meeting With Biden?"
    assert seed000["subtitle"] == (
        "There are no illusions in Moscow: adversarial relations with Washington are here to stay."
    )
    assert seed000["authors"] == ["Dmitry Trenin"]
    assert seed000["date"] == "2021-06-15"
    assert seed000["outlet"] == "The Moscow Times"
    assert seed000["original_publisher"] == "Carnegie Moscow Center"
    assert seed000["original_url"] == (
        "https://www.themoscowtimes.com/2021/06/15/what-is-putins-mindset-ahead-of-his-meeting-with-biden-a74227"
    )


def test_000_nine_paragraphs_no_headings(seed000):
    found = paragraphs(seed000)
    assert len(found) == 9
    assert not headings(seed000)
    for text, start in zip(found, NINE_PARAGRAPHS):
        assert text.startswith(norm(start))


def test_000_split_paragraphs_joined(seed000):
    assert "but he must know that President Biden and the U.S. political class" in paragraph_with(
        seed000, "Russian unilateral concessions"
    )
    assert "The confrontation between them will continue" in paragraph_with(seed000, "With all that in mind")


def test_000_furniture_out_of_body(seed000):
    assert_removed(
        seed000,
        "TASS",
        "Ahead of Tense Putin-Biden Summit, Few in Russia Expect Breakthroughs",
        "History Shows Summit Will Embolden Putin",
        "The views expressed in opinion pieces do not necessarily reflect",
    )
    assert_not_in_body(seed000, "Original url", "themoscowtimes.com", "first published", "Related article")


# --- 001: plain style, the same article with reader comments ---------------------------------------


def test_001_same_nine_paragraphs(seed000, seed001):
    assert len(paragraphs(seed001)) == 9
    assert not headings(seed001)
    assert paragraphs(seed001) == paragraphs(seed000)


def test_001_metadata(seed001):
    assert seed001["title"] == "Putin Is Meeting With Biden Only to Explain to Him Where Russia's Red Lines Lie".replace(
        "'", "\u2019"
    )
    assert seed001["original_publisher"] == "Carnegie Moscow Center"
    assert_not_in_body(seed001, "Source: Carnegie Moscow Center")


def test_001_comment_threads(seed001):
    assert thread_shape(seed001["comments"]) == [
        ("Raptar Driver", [("yuri", []), ("XSFRGR", [("Raptar Driver", []), ("Raptar Driver", [])])]),
        ("Hoyeru", [("Geraldo", [])]),
        ("yuri", []),
        ("john mason", [("Andra Saltzberg", []), ("XSFRGR", [])]),
        ("Jerry Hood", []),
    ]
    assert count(seed001["comments"]) == 12


def test_001_comment_text_keeps_line_breaks(seed001):
    first = seed001["comments"][0]["text"]
    assert first.startswith("The American government is fully cognizant")
    assert "red lines.\nI would not even have given him the time of day." in first.replace("\u2019", "'")


def test_001_no_comment_text_in_body(seed001):
    assert_not_in_body(
        seed001,
        "says",
        "lipstick on a pig",
        "Do you need the definition of porky?",
        "the Russians are simply too polite",
        "For the Russians, every confrontation is not a red line.",
        "Varyag",
    )


# --- 002: plain style, AP wire copy republished by an aggregator ------------------------------------


def test_002_headings(seed002):
    assert headings(seed002) == ["What Biden wants", "What Putin wants"]


def test_002_furniture_removed(seed002):
    assert_removed(
        seed002,
        "Copyright 2021 AP communication. all rights reserved.",
        "Source link",
        "Back to top button",
    )
    assert norm(seed002["title"]) == "Biden and Putin's different goals at the summit"
    assert norm(seed002["title"]) not in body_text(seed002), "the repeated title is in the body"


def test_002_nothing_of_the_reporting_lost(seed002):
    text = seed_path("002").read_text(encoding="utf-8")
    start = text.index("Geneva \u2013 The President")
    end = text.index("Isachenkov reported from Moscow.") + len("Isachenkov reported from Moscow.")
    reporting = [norm(block) for block in re.split(r"\n\s*\n", text[start:end]) if block.strip()]
    body = body_text(seed002)
    missing = [block for block in reporting if block not in body]
    assert not missing
    assert "Isachenkov reported from Moscow." in paragraphs(seed002)


def test_002_wire_agency(seed002):
    assert seed002["agency"] == "AP"


# --- 003: plain style, appeals around an AFP report -----------------------------------------------


def test_003_title_is_the_articles(seed003):
    assert norm(seed003["title"]) == "In Biden-Putin Talks, Key Question Is Russia's Intent in Ukraine"


def test_003_date_not_from_the_banner(seed003):
    assert seed003["date"] is None or not seed003["date"].startswith("2024")


def test_003_appeals_removed(seed003):
    assert_removed(
        seed003,
        "Enjoying ad-free content?",
        "Since July 1, 2024, we have disabled all ads",
        "Our journalism is banned in Russia.",
        "we have a small favor to ask",
        "We, the journalists of The Moscow Times, refuse to be silenced.",
        "please support us monthly starting from just $2",
        "Remind me later.",
        "Read more",
    )


def test_003_photo_caption_removed(seed003):
    assert_removed(seed003, "Russian President Vladimir Putin and President of the United States of America Joe Biden.")


def test_003_headings_and_text(seed003):
    assert headings(seed003) == ["Test for Biden", "Pressure over NATO ties", "Few options"]
    body = body_text(seed003)
    assert norm("When Joe Biden and Vladimir Putin meet virtually on Tuesday") in body
    assert norm("Mr. Putin would then use military means to achieve his political objective.") in body


# --- 004: markdown style, opinion piece with headings and related links -----------------------------


def test_004_metadata(seed004):
    assert seed004["title"] == "What Good Could the Putin/Biden Conversation Really Do?"
    assert seed004["subtitle"].startswith("While no big results came out of the Putin-Biden talks")
    assert seed004["authors"] == ["Mark Galeotti"]
    assert seed004["date"] == "2021-12-08"
    assert seed004["outlet"] == "The Moscow Times"
    assert seed004["original_url"].endswith("/2021/12/08/what-good-could-the-putinbiden-conversation-really-do-a75769")


def test_004_heading_and_credit(seed004):
    assert headings(seed004) == ["It's good to talk"]
    assert "The Kremlin" not in [item["text"] for item in seed004["body"]]
    assert any(norm(item["text"]).strip("# ") == "The Kremlin" for item in seed004["removed"])


def test_004_related_articles_and_disclaimer_removed(seed004):
    assert_removed(
        seed004,
        "Putin and Biden Speak: What They Discussed",
        "How the West Should Negotiate Over Ukraine",
        "The views expressed in opinion pieces do not necessarily reflect",
    )
    assert_not_in_body(seed004, "Related article")


def test_004_split_paragraphs_joined(seed004):
    assert 'and a return to diplomacy," and warning that' in paragraph_with(seed004, "brief readout struck")
    assert "Foreign policy is at once dominated by intractable global processes and also deeply personal." in (
        paragraph_with(seed004, "Secondly, there is scope")
    )
