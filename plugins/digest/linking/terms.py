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
SENTENCES = re.compile(r'(?<=[.!?:"“”])\s+|\n+')
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
    opening_names: frozenset[str] = frozenset()  # names among the first `opening` tokens


def tokens(text: str) -> list[str]:
    """Word and number tokens in text order, case kept."""
    return WORD.findall(text.replace("’", "'"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold plural and possessive endings: 'pirates' and 'pirate's' count as 'pirate'."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms(text: str, opening: int = 0) -> Terms:
    """Split a text into content words, names (capitalised words not opening a sentence) and numbers.

    `opening_names` are the names among the first `opening` tokens: who the story is about.
    """
    stop = stopwords()
    words, names, numbers, opening_names = [], [], [], set()
    seen = 0
    for sentence in SENTENCES.split(text.replace("’", "'")):
        tokens_here = WORD.findall(sentence)
        for position, token in enumerate(tokens_here):
            if token[0].isdigit():
                numbers.append(token.replace(",", ""))
                continue
            lower = token.lower()
            if lower in stop or len(lower) < MIN_WORD_LENGTH:
                continue
            word = stem(lower)
            words.append(word)
            if position and token[0].isupper():
                names.append(word)
                if seen + position < opening:
                    opening_names.add(word)
        seen += len(tokens_here)
    return Terms(tuple(words), tuple(names), tuple(numbers), frozenset(opening_names))
