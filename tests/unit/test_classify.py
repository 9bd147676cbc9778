"""Classify: jusText's first pass, from a block's own signals."""
import pytest

from digest.cleaning.classify import Quality, first_class, stopword_density
from digest.cleaning.model import Label
from digest.cleaning.segment import make_block

PROSE = (
    "The harbour board voted on Monday to add two early sailings to the island ferry timetable, "
    "a change that commuters had asked for since the spring, and said that it would also review "
    "whether the late boat should come back in the summer."
)


def judge(line: str):
    return first_class(make_block(0, 1, [line]))


def test_long_prose_rich_in_function_words_is_good():
    assert judge(PROSE)[:2] == (Quality.GOOD, Label.BODY)


def test_long_line_of_names_is_not_prose():
    names = ", ".join(["Harbour Board", "Island Ferry", "Timetable Review", "Commuter Group", "Budget 2012"] * 3)
    assert judge(names)[:3] == (Quality.BAD, Label.BOILERPLATE, "few function words")


def test_short_line_waits_for_its_neighbours():
    assert judge("What the north wants")[:2] == (Quality.SHORT, Label.HEADING)
    assert judge("The south does not.")[:2] == (Quality.SHORT, Label.BODY)


def test_separator_lines_are_empty():
    assert judge("* * *")[0] is Quality.EMPTY


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Enjoying ad-free content?", "ads"),
        ("Your support can help us fill the gap.", "appeals"),
        ("Related article: Ferry fares rise again", "related links"),
        ("Share this", "share"),
        ("Back to top", "navigation"),
        ("Copyright 2021 Example News. All rights reserved.", "copyright"),
        ("Source link Harbour board approves timetable", "source lines"),
        ("The views expressed here do not necessarily reflect the position of this paper.", "disclaimers"),
    ],
)
def test_furniture_vocabulary_names_its_concept(line, reason):
    assert judge(line) == (Quality.BAD, Label.BOILERPLATE, reason)


def test_photo_credit_with_a_domain_is_a_caption():
    quality, label, _ = judge("The mayor at the harbour on Monday. cityarchive.org")
    assert (quality, label) == (Quality.BAD, Label.CAPTION)


def test_furniture_words_inside_long_prose_do_not_remove_it():
    line = PROSE + " Readers who subscribe to the ferry newsletter will hear of changes first, the board said."
    assert judge(line)[0] is Quality.GOOD


def test_markdown_line_of_links_is_navigation():
    assert judge("[Weather](#) | [Events](#) | [Jobs](#)")[:2] == (Quality.BAD, Label.BOILERPLATE)
    assert judge("[Weather](#) | [Events](#) | [Jobs](#)")[2] == "mostly links"


def test_stopword_density_counts_function_words():
    assert stopword_density("the cat and the dog") == pytest.approx(3 / 5)
    assert stopword_density("") == 0.0
