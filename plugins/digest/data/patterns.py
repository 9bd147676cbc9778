"""Vocabularies of page furniture, grouped by concept.

Each group is a list of regular expressions in a text file next to this module
(`boilerplate/<group>.txt`, one pattern per line, `#` comments). A block that
matches a group is removed with the group's name as the reason.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).parent / "boilerplate"


@lru_cache(maxsize=None)
def groups() -> dict[str, re.Pattern]:
    tables = {}
    for path in sorted(_DIR.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        alternatives = [line for line in lines if line and not line.startswith("#")]
        tables[path.stem.replace("_", " ")] = re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)
    return tables


def boilerplate_reason(text: str) -> str:
    """The name of the first furniture group the text matches, or ''."""
    for name, pattern in groups().items():
        if pattern.search(text):
            return name
    return ""
