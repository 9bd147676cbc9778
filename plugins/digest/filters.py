"""Jinja filters the theme uses, added to every generator's environment.

They hold the little logic a template should not: counting words for a
reading time when corpus linking has not set one, and showing dates that may
arrive as `date`, `datetime` or ISO strings.
"""
from __future__ import annotations

import datetime as dt
import math
import re

#: An unhurried reading pace for news prose.
WORDS_PER_MINUTE = 230
#: How the theme writes a day, as Pelican's DEFAULT_DATE_FORMAT does.
HUMAN_DATE_FORMAT = "%-d %B %Y"
_TAG = re.compile(r"<[^>]+>")


def reading_minutes(article) -> int:
    """Minutes to read the article: `article.reading_time` when linking set it, else counted."""
    given = getattr(article, "reading_time", None)
    if given:
        return int(given)
    words = len(_TAG.sub(" ", article.content or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def as_date(value) -> dt.date | None:
    """A `date` from a date, a datetime or a YYYY-MM-DD string; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def iso_date(value) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


def human_date(value) -> str:
    """"16 June 2021"; a value that is not a date is shown as it is."""
    day = as_date(value)
    return day.strftime(HUMAN_DATE_FORMAT) if day else str(value)


FILTERS = {"reading_minutes": reading_minutes, "iso_date": iso_date, "human_date": human_date}


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)
