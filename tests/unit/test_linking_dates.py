"""Dates from weekday references to an event, and their labels."""
from datetime import date

from digest.linking.dates import from_references, label, weekday_mentions

SUMMIT = date(2021, 6, 16)  # a Wednesday


def test_a_preview_is_dated_between_the_last_past_weekday_and_the_eve():
    text = "It is not clear what will happen on Wednesday in Geneva.\nHe said at a press conference on Sunday that he had no illusions."
    guess = from_references(text, SUMMIT)
    assert (guess.date, guess.relation, guess.approximate) == (date(2021, 6, 14), "before", True)


def test_a_report_in_the_past_tense_is_dated_after():
    guess = from_references("The two presidents met on Wednesday for four hours.", SUMMIT)
    assert (guess.date, guess.relation) == (date(2021, 6, 17), "after")


def test_no_mention_of_the_event_weekday_gives_no_date():
    assert from_references("They will meet on Tuesday.", SUMMIT) is None
    assert weekday_mentions("They met last Friday.") == []


def test_labels_say_approximate_and_where_on_the_timeline():
    assert label(date(2021, 6, 14), True, "before") == "c. 14 June 2021, before the summit"
    assert label(date(2021, 6, 16), False, "on the day") == "16 June 2021, on the day of the summit"
    assert label(date(2021, 6, 16), False, "") == "16 June 2021"


def test_reported_speech_takes_the_tense_of_the_verb_before_the_weekday():
    assert weekday_mentions("Duarte said on Monday that she would press for a common ticket.") == [(0, "past")]
    assert weekday_mentions("Lukyanov said he doubts they will agree on anything on Tuesday.") == [(1, "future")]
