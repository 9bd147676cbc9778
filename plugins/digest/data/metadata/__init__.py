"""Vocabularies for the metadata stage, one concept per text file in this folder.

`NAME = value` tables map a key to a display form; plain lists hold one entry a
line. `#` starts a comment. The files are data so that a curator can extend
them without touching the rules in `cleaning/metadata.py`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).parent
AFTER_TEXT = "after-text: "


def _lines(name: str) -> list[str]:
    text = (_DIR / name).read_text(encoding="utf-8")
    return [line.split(" #")[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def outlets() -> dict[str, str]:
    """Registered domain -> the outlet's display name."""
    pairs = (line.split("=", 1) for line in _lines("outlets.txt"))
    return {domain.strip().lower(): name.strip() for domain, name in pairs}


@lru_cache(maxsize=None)
def platforms() -> frozenset[str]:
    """Hosting domains whose sub-domains are sites of their own."""
    return frozenset(line.lower() for line in _lines("platforms.txt"))


@lru_cache(maxsize=None)
def agencies() -> dict[str, str]:
    """Every way a wire agency is written -> its short name (`AP = Associated Press | AP`)."""
    table = {}
    for line in _lines("agencies.txt"):
        short, _, aliases = line.partition("=")
        for alias in [short, *aliases.split("|")] if aliases else [short]:
            table[alias.strip().lower()] = short.strip()
    return table


@lru_cache(maxsize=None)
def agency_alternation() -> str:
    """A regex alternation of every agency alias, longest first, for use inside a pattern."""
    return "|".join(re.escape(alias) for alias in sorted(agencies(), key=len, reverse=True))


@lru_cache(maxsize=None)
def roles() -> re.Pattern:
    """Job titles and desks that follow or precede a name in a byline and are not names."""
    return re.compile(r"\b(?:" + "|".join(_lines("roles.txt")) + r")\b", re.I)


@lru_cache(maxsize=None)
def role_label() -> re.Pattern:
    """A role printed as a label before the names ("Staff writer: "), to cut off."""
    return re.compile(rf"^(?:{roles().pattern})\s*:\s*", re.I)


@lru_cache(maxsize=None)
def publisher_cues() -> list[tuple[re.Pattern, bool]]:
    """Phrases that name where an article first appeared (group `name`), each with
    whether it counts only after the article text."""
    cues = []
    for line in _lines("publisher_cues.txt"):
        after_text = line.startswith(AFTER_TEXT)
        cues.append((re.compile(line.removeprefix(AFTER_TEXT), re.I), after_text))
    return cues
