"""Vocabularies of page furniture, grouped by concept, and the stoplist.

Each furniture group is a list of regular expressions in a text file next to
this module (`boilerplate/<group>.txt`, one pattern per line, `#` comments). A
short block that matches a group is removed with the group's name as the
reason. `stopwords/english.txt` holds the function words whose density tells
running prose from menus, tags and lists of names.
"""
from __future__ import annotations

import re
import re._parser
from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).parent
_BOILERPLATE = _DIR / "boilerplate"

#: Furniture groups whose blocks are photo captions or credits rather than boilerplate.
CAPTION_GROUPS = frozenset({"captions"})
#: The group of donation/subscription appeals, also matched inside long blocks at a page's edge.
APPEAL_GROUP = "appeals"
#: The group of headings of the sections that follow an article (author box, related links).
ARTICLE_END_GROUP = "article_ends"
#: The group of headings that open a reader-comment section.
COMMENT_SECTION_GROUP = "comment_sections"
#: Groups that mark where a section starts rather than furniture to remove on sight.
_SECTION_GROUPS = frozenset({ARTICLE_END_GROUP, COMMENT_SECTION_GROUP})


def _entries(path: Path) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=None)
def groups() -> dict[str, re.Pattern]:
    return {
        path.stem: re.compile("|".join(f"(?:{entry})" for entry in _entries(path)), re.I)
        for path in sorted(_BOILERPLATE.glob("*.txt"))
    }


@lru_cache(maxsize=None)
def stopwords(language: str = "english") -> frozenset[str]:
    return frozenset(_entries(_DIR / "stopwords" / f"{language}.txt"))


@lru_cache(maxsize=None)
def furniture() -> dict[str, tuple[re.Pattern | None, re.Pattern | None]]:
    """The furniture groups, each split into the patterns anchored at the start ("^...") and the rest.

    A group matches a text when one of its patterns does. `search` with an
    alternation tries every pattern at every position, though an anchored one
    can only match at the first; trying those once with `match` halves the cost.
    """
    split = {}
    for path in sorted(_BOILERPLATE.glob("*.txt")):
        if path.stem in _SECTION_GROUPS:
            continue
        entries = _entries(path)
        anchored = [entry for entry in entries if _is_anchored(entry)]
        rest = [entry for entry in entries if entry not in anchored]
        split[path.stem] = tuple(re.compile("|".join(f"(?:{entry})" for entry in part), re.I) if part else None
                                 for part in (anchored, rest))
    return split


def _is_anchored(entry: str) -> bool:
    """Whether every match of `entry` starts at the start of the text (it opens with "^", no "|" around)."""
    return re._parser.parse(entry, re.I).data[:1] == [(re._parser.AT, re._parser.AT_BEGINNING)]


@lru_cache(maxsize=8192)  # menus, share buttons and footers repeat from page to page
def boilerplate_reason(text: str) -> str:
    """The name of the first furniture group the text matches, or ''."""
    for name, (anchored, rest) in furniture().items():
        if (anchored and anchored.match(text)) or (rest and rest.search(text)):
            return name.replace("_", " ")
    return ""


def is_appeal(text: str) -> bool:
    """Whether the text asks the reader for money, a subscription or a sign-up."""
    return bool(groups()[APPEAL_GROUP].search(text))


def opens_comments(text: str) -> bool:
    """Whether the text is a heading that opens a reader-comment section."""
    return bool(groups()[COMMENT_SECTION_GROUP].search(text))


def ends_article(text: str) -> bool:
    """Whether the text is a heading of a section that follows the article."""
    return bool(groups()[ARTICLE_END_GROUP].search(text))
