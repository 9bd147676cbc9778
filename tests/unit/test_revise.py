"""Revise: neighbours settle short and near-good blocks; layout gives away the rest.

Each test cleans one fixture under tests/fixtures/cleaning/ with the real stages.
"""
from pathlib import Path

from digest.cleaning.model import Label
from digest.cleaning.pipeline import label_blocks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cleaning"


def labels(name: str) -> dict[str, tuple[Label, str]]:
    _, blocks = label_blocks((FIXTURES / name).read_text(encoding="utf-8"))
    return {block.text: (block.label, block.reason) for block in blocks}


def label_of(found: dict, start: str) -> Label:
    return next(label for text, (label, _) in found.items() if text.startswith(start))


def test_menu_lines_in_the_same_run_as_prose_are_removed():
    found = labels("menu_and_prose_in_one_run.txt")
    assert label_of(found, "The harbour board voted") is Label.BODY
    assert label_of(found, "Members said") is Label.BODY
    assert {label_of(found, item) for item in ("Home", "News", "Sport", "Privacy Policy")} == {Label.BOILERPLATE}


def test_heading_and_short_sentences_between_paragraphs_stay():
    found = labels("heading_and_short_lines_between_paragraphs.txt")
    assert label_of(found, "What the north wants") is Label.HEADING
    assert label_of(found, "The south does not.") is Label.BODY
    assert label_of(found, "Our reporter wrote this") is Label.BODY  # last line of the report


def test_repeated_title_and_source_line_are_removed_with_reasons():
    _, blocks = label_blocks((FIXTURES / "heading_and_short_lines_between_paragraphs.txt").read_text())
    last = blocks[-3:]
    assert [(b.label, b.reason) for b in last] == [
        (Label.BOILERPLATE, "copyright"),
        (Label.BOILERPLATE, "repeated title"),
        (Label.BOILERPLATE, "source lines"),
    ]


def test_body_ends_where_the_comment_section_starts():
    found = labels("comment_section_after_article.txt")
    assert label_of(found, "The council said") is Label.BODY
    kept = [text for text, (label, _) in found.items() if label in (Label.BODY, Label.HEADING)]
    assert not any("field behind the old station" in text or "daughter" in text for text in kept)


def test_appeals_at_both_edges_are_removed():
    found = labels("appeals_at_the_edges.txt")
    assert label_of(found, "We have one small favor to ask") is Label.BOILERPLATE
    assert label_of(found, "Enjoying our free newsletter?") is Label.BOILERPLATE
    assert label_of(found, "Remind me later.") is Label.BOILERPLATE
    assert label_of(found, "Engineers replaced") is Label.BODY


def test_short_name_under_the_byline_is_a_photo_credit():
    found = labels("photo_credit_under_byline.txt")
    assert found["City Archive"] == (Label.CAPTION, "photo credit under the byline")
    assert label_of(found, "The council voted") is Label.BODY


def test_short_article_without_long_prose_is_still_found():
    found = labels("short_article.txt")
    assert label_of(found, "The maker has released") is Label.BODY
    assert label_of(found, "The full list of changes") is Label.BODY
    assert label_of(found, "Older Phone Gets Update") is Label.BOILERPLATE


def test_prose_before_the_headline_is_a_sidebar_when_the_article_follows():
    found = labels("sidebar_prose_before_headline.txt")
    assert found[next(t for t in found if t.startswith("I am a retired"))] == (
        Label.BOILERPLATE,
        "prose before the headline",
    )
    assert label_of(found, "Several residents") is Label.BODY


def test_comments_link_above_the_headline_does_not_end_the_article():
    found = labels("comments_link_above_headline.txt")
    assert label_of(found, "The harbour board voted") is Label.BODY
    assert label_of(found, "Several residents") is Label.BODY


def test_long_article_paragraph_naming_a_subscription_is_not_an_appeal():
    found = labels("article_prose_naming_a_subscription.txt")
    assert label_of(found, "The company said that it would") is Label.BODY


def test_run_of_near_good_paragraphs_between_photos_is_the_article():
    found = labels("story_in_short_paragraphs_between_photos.txt")
    assert label_of(found, "The home side are unable") is Label.BODY
    assert label_of(found, "On third and eleven") is Label.BODY
    assert label_of(found, "Privacy Policy") is Label.BOILERPLATE


def test_small_prose_cut_off_from_the_article_by_furniture_is_a_sidebar():
    found = labels("author_box_apart_from_article.txt")
    assert label_of(found, "I am a retired") is Label.BOILERPLATE
    assert found[next(t for t in found if t.startswith("I am a retired"))][1] == "prose apart from the article"
    assert label_of(found, "The board will meet again") is Label.BODY


def test_markdown_headline_ending_in_a_full_stop_is_a_heading():
    found = labels("markdown_headline_ending_in_a_full_stop.txt")
    assert label_of(found, "Officials Watch Debris") in (Label.HEADING, Label.TITLE)


def test_comments_link_under_the_headline_does_not_end_the_article():
    found = labels("comments_link_under_headline.txt")
    assert label_of(found, "The harbour board voted") is Label.BODY
    assert label_of(found, "Members said") is Label.BODY


def test_last_paragraph_naming_subscribers_without_asking_the_reader_is_not_an_appeal():
    found = labels("article_ending_in_a_line_about_subscribers.txt")
    assert label_of(found, "It was shot by the two of them") is Label.BODY
    assert label_of(found, "Share this") is Label.BOILERPLATE
