"""Jinja filters the theme uses, added to every generator's environment.

They hold the little logic a template should not: counting words for a
reading time when corpus linking has not set one.
"""
from __future__ import annotations

import math
import re

#: An unhurried reading pace for news prose.
WORDS_PER_MINUTE = 230
_TAG = re.compile(r"<[^>]+>")


def reading_minutes(article) -> int:
    """Minutes to read the article: `article.reading_time` when linking set it, else counted."""
    given = getattr(article, "reading_time", None)
    if given:
        return int(given)
    words = len(_TAG.sub(" ", article.content or "").split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


FILTERS = {"reading_minutes": reading_minutes}


def add_filters(generator) -> None:
    generator.env.filters.update(FILTERS)
