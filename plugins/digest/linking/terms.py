"""Words a text is made of, split into the kinds that tell events apart.

Two events of the same kind share their vocabulary; they differ by names
(people, places), numbers and years. `Terms` keeps these apart so the
similarity can weigh them differently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d[\d,.]*\d|\d")
SENTENCE_END = re.compile(r"[.!?:\"“”]$")
MIN_WORD_LENGTH = 3


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    text = (Path(__file__).with_name("stopwords.txt")).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    return frozenset(word for line in lines for word in line.split())


@dataclass(frozen=True)
class Terms:
    """Content words (lower case, crudely stemmed), proper names and numbers of one text."""

    words: tuple[str, ...]
    names: tuple[str, ...]
    numbers: tuple[str, ...]


def tokens(text: str) -> list[str]:
    """Word and number tokens in text order, case kept."""
    return WORD.findall(text.replace("’", "'"))


def stem(word: str) -> str:
    """Fold plural and possessive endings: 'pirates' and 'pirate's' count as 'pirate'."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms(text: str) -> Terms:
    """Split a text into content words, names (capitalised words not opening a sentence) and numbers."""
    stop = stopwords()
    words, names, numbers = [], [], []
    for match in WORD.finditer(text.replace("’", "'")):
        token = match.group()
        opens_sentence = bool(SENTENCE_END.search(text[max(0, match.start() - 2):match.start()].strip() or "."))
        if token[0].isdigit():
            numbers.append(token.replace(",", ""))
        else:
            lower = token.lower()
            if lower not in stop and len(lower) >= MIN_WORD_LENGTH:
                words.append(stem(lower))
                if token[0].isupper() and not opens_sentence:
                    names.append(stem(lower))
    return Terms(tuple(words), tuple(names), tuple(numbers))
