"""Stage comments: find the reader-comment section, label its blocks, rebuild the threads.

One fixture per comment-system print form, under tests/fixtures/comments/.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from digest.cleaning import pipeline, segment
from digest.cleaning.comments import split_comments
from digest.cleaning.model import Label

FIXTURES = Path(__file__).parents[1] / "fixtures" / "comments"
SEEDS = Path(__file__).parents[2] / "seeds"


def split(name: str):
    blocks = segment.segment((FIXTURES / name).read_text(encoding="utf-8"))
    return blocks, split_comments(blocks)


def shape(comments) -> list:
    return [(comment.author, shape(comment.replies)) for comment in comments]


def labelled(blocks, label: Label) -> list[str]:
    return [block.text for block in blocks if block.label is label]


def test_says_headers_nest_by_indentation():
    blocks, comments = split("says_threaded.txt")
    assert shape(comments) == [("Ann Lee", [("Bo Chen", [("Ann Lee", [])])]), ("Carl Diaz", [])]
    assert comments[0].text == "This is the first sensible decision in years.\nLet us hope they keep to it."
    assert labelled(blocks, Label.COMMENT_HEADER) == ["1. Ann Lee says", "1. Bo Chen says", "1. Ann Lee says", "2. Carl Diaz says"]


def test_article_blocks_stay_unknown_for_the_body_classifier():
    blocks, _ = split("says_threaded.txt")
    assert [block.label for block in blocks[:3]] == [Label.UNKNOWN] * 3


def test_name_on_date_headers_are_flat_with_dates():
    blocks, comments = split("name_on_date.txt")
    assert shape(comments) == [("Heather", []), ("Kate", []), ("jennb33", [])]
    assert comments[1].date == "October 23rd, 2012 1:38 pm"
    assert comments[1].text == "Same here. The noise at night is terrible."


def test_heading_reply_links_and_the_form_are_boilerplate_with_reasons():
    blocks, _ = split("name_on_date.txt")
    reasons = {block.text: block.reason for block in blocks if block.label is Label.BOILERPLATE}
    assert reasons['3 Responses to "Ministers Agree on a Modest Budget for the Port"'] == "comment section heading"
    assert reasons["Reply"] == "comment furniture"
    assert reasons["Leave a Reply"] == reasons["Name (required)"] == reasons["Submit Comment"] == "comment form"


def test_blogger_said_takes_the_time_printed_under_the_text():
    blocks, comments = split("blogger_said.txt")
    assert [(c.author, c.date) for c in comments] == [("martinealison", "7:28 PM"), ("Colette", "October 23, 2012 12:43 PM")]
    assert comments[0].text == "What a lovely walk.\nGros bisous"
    assert "Posted by Jo at 9:22 AM" not in labelled(blocks, Label.COMMENT_HEADER)


def test_markdown_headers_with_links_and_avatars():
    blocks, comments = split("markdown_reply_links.txt")
    assert [(c.author, c.date, c.text) for c in comments] == [
        ("Lauren K", "October 29, 2012 at 12:41 pm", "Adorable!"),
        ("texydeb", "October 29, 2012 at 1:05 pm", "We did the same walk last year and loved it."),
    ]
    assert "[Reply](#)" not in [block.raw for block in blocks if block.label is not Label.BOILERPLATE]


def test_headers_printed_after_the_text():
    _, comments = split("footer_style.txt")
    assert [(c.author, c.date) for c in comments] == [("Fazal Majid", "October 19, 2012"), ("Todd Hoff", "October 20, 2012")]
    assert comments[1].text == "Thanks, that matches what we measured."


def test_relative_times_take_the_name_printed_after_them_and_the_footer_stays_out():
    blocks, comments = split("relative_times.txt")
    assert [(c.author, c.date) for c in comments] == [("Mita B.", "3 hours ago"), ("Aideen O.", "7 hours ago")]
    assert comments[1].text == "I've never thought to use hairspray before! Thanks for the tip :)"
    footer = [block for block in blocks if block.text in ("Follow Us", "Popular Articles", "Newsletter", "About")]
    assert footer and all(block.label is Label.UNKNOWN for block in footer)


def test_wrote_header_with_permalink_date():
    _, comments = split("wrote_permalink.txt")
    assert [(c.author, c.date, c.text) for c in comments] == [
        ("Julie", "Friday, November 2, 2012 at 7:28 pm", "Welcome back! I've missed your posts.")
    ]


def test_a_listing_of_posts_by_date_is_not_comments():
    blocks, comments = split("post_listing.txt")
    assert comments == []
    assert all(block.label is Label.UNKNOWN for block in blocks)


def test_no_comment_section_leaves_every_block_unknown():
    blocks = segment.segment("A Title\n\nOne paragraph of an article, written on June 3, 2012 at 4:05 pm.\n")
    assert split_comments(blocks) == []
    assert all(block.label is Label.UNKNOWN for block in blocks)


def test_seed_001_threads_and_no_comment_text_in_the_body():
    doc = pipeline.clean(next(SEEDS.glob("001_*.txt")).read_bytes())
    assert doc.comment_count() == 12
    assert [c.author for c in doc.comments] == ["Raptar Driver", "Hoyeru", "yuri", "john mason", "Jerry Hood"]
    body = "\n".join(paragraph.text for paragraph in doc.body)
    assert "says" not in body and "porky" not in body


@pytest.mark.parametrize("line", ["a" * 1_000_000, "1 " * 300_000, "October 3, " * 50_000, "[x](#) " * 100_000])
def test_a_huge_line_is_read_quickly(line):
    started = time.perf_counter()
    split_comments(segment.segment(f"Title\n\n{line}\n\n2 Comments\n\nAnn says:\n\nHello there.\n"))
    assert time.perf_counter() - started < 2.0


def test_header_lines_stay_as_printed_above_the_text():
    _, comments = split("name_on_date.txt")
    assert [(c.header, c.footer) for c in comments[:2]] == [
        ("Heather on October 23rd, 2012 1:37 pm", ""),
        ("Kate on October 23rd, 2012 1:38 pm", ""),
    ]


def test_header_lines_printed_below_the_text_are_the_footer():
    _, blogger = split("blogger_said.txt")
    assert [(c.header, c.footer) for c in blogger] == [
        ("martinealison said...", "7:28 PM"),
        ("Colette said...", "October 23, 2012 12:43 PM"),
    ]
    _, footer_style = split("footer_style.txt")
    assert [(c.header, c.footer) for c in footer_style] == [("", "October 19, 2012 | Fazal Majid"), ("", "October 20, 2012 | Todd Hoff")]


def test_a_numbered_date_takes_the_name_after_it_and_markdown_numbering_is_not_printed():
    _, comments = split("numbered_date_name.txt")
    assert [(c.author, c.date, c.text) for c in comments] == [
        ("Dan Garner", "November 5, 2012", "I too need to sharpen my focus and quit checking email every hour."),
        ("Gigi", "November 6, 2012", "Better tracking of my finances."),
    ]
    assert comments[0].header == "November 5, 2012\nDan Garner"


def test_says_header_with_the_text_on_the_same_line():
    _, comments = split("says_inline.txt")
    assert [(c.author, c.date, c.text) for c in comments] == [
        ("Mark", "November 3, 2012 at 11:27 am", "Excellent finish to the interview. Thank you both for taking the time and for spreading the word; my own doctor never once asked what I eat, and that says a lot about where we are."),
        ("Laura F", "November 3, 2012 at 2:47 pm", "Until a person wants to change, nothing will help."),
    ]
    assert comments[1].header == "Laura F says: November 3, 2012 at 2:47 pm"


def test_the_comment_number_between_date_and_name_is_not_part_of_the_name():
    _, comments = split("numbered_permalinks.txt")
    assert [(c.author, c.date) for c in comments] == [("Timon Piccini", "25 Oct 2012 at 7:20 pm"), ("Audrey", "25 Oct 2012 at 7:25 pm")]
    assert comments[0].header == "on 25 Oct 2012 at 7:20 pm 1 Timon Piccini"


@pytest.mark.parametrize("name", ["dated_listing.txt", "dated_listing_end.txt"])
def test_a_list_of_lines_that_start_or_end_with_dates_is_a_listing_of_posts(name):
    blocks, comments = split(name)
    assert comments == []
    assert all(block.label is Label.UNKNOWN for block in blocks)


def test_a_stray_verb_in_the_text_does_not_outvote_the_headers():
    _, comments = split("stray_verb.txt")
    assert [c.author for c in comments] == ["Natalia", "Susana", "Toni"]
    assert comments[1].text == "Slave you say\n\nNo, just liberated."


def test_a_month_may_follow_the_digits_of_a_user_name():
    from digest.cleaning.comments import vocabulary

    assert vocabulary.find_date("fieryredhead686October 22, 2012 1:23 PM").group() == "October 22, 2012 1:23 PM"
    assert vocabulary.find_date("room 1208:30 pm, 3510-11-2012") is None


@pytest.mark.parametrize("fixture", [
    "no_prose_listing.txt",  # a run of headers without sentences is a listing
    "bulleted_blogroll.txt",  # names with one-line descriptions
    "comment_count_in_article_toolbar.txt",  # a comment count above the article text is its toolbar
    "dated_teasers_above_the_article.txt",  # dated teasers with no sentence above them
])
def test_page_furniture_that_looks_like_comment_headers_is_not_comments(fixture):
    blocks, comments = split(fixture)
    assert comments == []
    assert all(block.label is Label.UNKNOWN for block in blocks)


def test_names_alone_as_list_items_before_prose_are_comments_without_a_heading():
    _, comments = split("bulleted_names.txt")
    assert [c.author for c in comments] == ["Amy D.", "http: twitter.com jyarmis Jonathan L. Yarmis", "Ella Rucker"]
    assert comments[2].text == "Love how you rallied a nation and kind of put them down at the same dang time!"


def test_a_paragraph_cut_at_a_colon_still_counts_as_the_article_above_the_comments():
    _, comments = split("short_post_ending_in_a_colon.txt")
    assert [c.author for c in comments] == ["Ann Lee", "Bo Chen"]
