"""Segment: runs of lines become blocks; markdown markup is measured and stripped."""
from digest.cleaning.model import Label
from digest.cleaning.segment import make_block, segment, split_runs


def test_blank_lines_separate_blocks():
    blocks = segment("Home\nNews\n\nA paragraph of text.\n")
    assert [b.lines for b in blocks] == [["Home", "News"], ["A paragraph of text."]]
    assert [b.first_line for b in blocks] == [1, 4]


def test_split_runs_gives_each_line_of_an_unlabelled_run_its_own_block():
    blocks = split_runs(segment("Home\nNews\nA headline\n\nProse.\n"))
    assert [b.text for b in blocks] == ["Home", "News", "A headline", "Prose."]
    assert [b.index for b in blocks] == [0, 1, 2, 3]
    assert [b.first_line for b in blocks] == [1, 2, 3, 5]


def test_split_runs_keeps_runs_an_earlier_stage_labelled():
    blocks = segment("  Ann says\n\n    first line\n    second line\n")
    blocks[1].mark(Label.COMMENT_TEXT, "comment text")
    kept = split_runs(blocks)
    assert len(kept) == 2
    assert kept[1].lines == ["    first line", "    second line"]


def test_markdown_heading_links_and_emphasis_are_measured_and_stripped():
    heading = make_block(0, 1, ["## [Town news](#)"])
    assert (heading.heading_level, heading.text, heading.link_count) == (2, "Town news", 1)
    dek = make_block(1, 3, ["**A bold dek line.**"])
    assert (dek.text, dek.emphasis) == ("A bold dek line.", "bold")
    menu = make_block(2, 5, ["[Weather](#) | [Jobs](#)"])
    assert menu.text == "Weather | Jobs"
    assert menu.link_chars == len("Weather") + len("Jobs")


def test_images_show_no_alt_text():
    linked_image = make_block(0, 1, ['[![Reporter portrait](#)](# "Posts by the reporter")'])
    assert (linked_image.text, linked_image.link_count) == ("", 1)
    caption = make_block(1, 3, ["![](#) The old station in 1950. [Archive](#)"])
    assert caption.text == "The old station in 1950. Archive"
    assert caption.link_chars == len("Archive")
