"""Dates for undated articles, from a syndicated twin or from weekday references to their event.

News copy names days of the current week ("will meet on Wednesday", "told
AFP on Sunday"). Once an article belongs to an event with a date, a mention
of the event's weekday says whether the article was written in the week
before it (future tense) or after it (past tense); past-tense mentions of
other weekdays before the event move the earliest possible day forward.
The guess is the middle of what remains, marked approximate.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .model import DateGuess

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = re.compile(r"\b(last |next |)(" + "|".join(WEEKDAYS) + r")\b", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
FUTURE = re.compile(r"\b(will|won't|would|shall|'ll|expected to|set to|due to|plans? to|going to|scheduled|ahead of)\b", re.I)
PAST = re.compile(r"\b(said|says|told|was|were|had|did|met|held|vowed|called|warned|announced|\w{3,}ed)\b", re.I)
#: Words before a weekday searched for the verb that gives its tense.
TENSE_WINDOW = 8
#: How far from its event an article that names the event's weekday can be.
WEEK = 6


def weekday_mentions(text: str) -> list[tuple[int, str]]:
    """(weekday 0-6, "future" / "past" / "") for each plain weekday named in the text, in order.

    The tense is that of the nearest verb marker in the few words before the
    weekday ("said on Monday that she would ..." is past), else the sentence's.
    """
    mentions = []
    for sentence in SENTENCE.split(text):
        for match in WEEKDAY.finditer(sentence):
            if not match.group(1):  # "last Friday" / "next Friday" are other weeks
                before = " ".join(sentence[:match.start()].split()[-TENSE_WINDOW:])
                mentions.append((WEEKDAYS.index(match.group(2).lower()), tense(before) or tense(sentence)))
    return mentions


def tense(text: str) -> str:
    """The tense of the last future or past marker in the text, or ''."""
    future = [m.end() for m in FUTURE.finditer(text)]
    past = [m.end() for m in PAST.finditer(text)]
    if not future and not past:
        return ""
    return "future" if max(future, default=-1) > max(past, default=-1) else "past"


def from_references(text: str, event_date: date) -> DateGuess | None:
    """The approximate writing date of a text that names its event's weekday, or None."""
    mentions = weekday_mentions(text)
    anchor = [tense for day, tense in mentions if day == event_date.weekday()]
    if not anchor:
        return None
    if "future" not in anchor and "past" in anchor:
        return DateGuess(event_date + timedelta(days=1), True, "after", "reference")
    earliest, latest = event_date - timedelta(days=WEEK), event_date - timedelta(days=1)
    for day, tense in mentions:
        if day != event_date.weekday() and tense == "past":
            earliest = max(earliest, event_date - timedelta(days=(event_date.weekday() - day) % 7))
    guess = earliest + timedelta(days=((latest - earliest).days + 1) // 2)
    return DateGuess(guess, True, "before", "reference")


def relation(day: date, event_date: date | None) -> str:
    if event_date is None:
        return ""
    return "before" if day < event_date else "after" if day > event_date else "on the day"


def label(day: date, approximate: bool, relation_to_event: str, noun: str = "the summit") -> str:
    """Human text such as 'c. 14 June 2021, before the summit'."""
    text = f"{'c. ' if approximate else ''}{day.day} {day:%B %Y}"
    if relation_to_event == "on the day":
        return f"{text}, on the day of {noun}"
    return f"{text}, {relation_to_event} {noun}" if relation_to_event else text
