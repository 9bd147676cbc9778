"""Words a text is made of, split into the kinds that tell events apart.

Two events of the same kind share their vocabulary; they differ by names
(people, places), numbers and years. `Terms` keeps these apart so the
similarity can weigh them differently.
"""
from __future__ import annotations

import re
from itertools import compress
from operator import itemgetter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d[\d,.]*\d|\d")
SENTENCES = re.compile(r'(?<=[.!?:"“”])\s+|\n+')
#: The WORDs of a text in one scan, each first WORD of a sentence with the SENTENCES break before it
#: (and what lies between): no WORD holds a space, so these are the WORDs of the sentences one by one.
#: A break that no WORD follows takes the rest of the text, so that a failed look is not tried again.
#: WORD is tried first: most tokens are not openers, and no WORD starts where a break does.
OPENERS_AND_WORDS = re.compile(f"{WORD.pattern}|(?:{SENTENCES.pattern})(?:[\\s\\S]*?(?:{WORD.pattern})|[\\s\\S]*)")
MIN_WORD_LENGTH = 3
#: The parts of a token's kind (`Kinds`), read in C over a whole text.
NUMBER_OF, WORD_OF, IS_NAME = itemgetter(0), itemgetter(1), itemgetter(2)


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


class Kinds(dict):
    """token -> (number or "", content word or "", is a capitalised content word), once per token;
    a sentence's first word with the break before it (OPENERS_AND_WORDS) is that word, never a name."""

    def __missing__(self, token: str) -> tuple[str, str, bool]:
        if token[0].isdigit():
            kind = (token.replace(",", ""), "", False)
        elif token[0].isspace():
            word = WORD.search(token)
            kind = (*self[word.group()][:2], False) if word else ("", "", False)
        else:
            lower = token.lower()
            if lower in stopwords() or len(lower) < MIN_WORD_LENGTH:
                kind = ("", "", False)
            else:
                kind = ("", stem(lower), token[0].isupper())
        self[token] = kind
        return kind


def terms(text: str, opening: int = 0, kinds: Kinds | None = None) -> Terms:
    """Split a text into content words, names (capitalised words not opening a sentence) and numbers.

    `opening_names` are the names among the first `opening` tokens: who the story is about.
    Pass one `Kinds` for a whole corpus to classify each distinct token once.
    """
    kind_of = (kinds if kinds is not None else Kinds()).__getitem__
    # the "\n" in front: the text's first word opens a sentence too
    found = list(map(kind_of, OPENERS_AND_WORDS.findall("\n" + text.replace("’", "'"))))
    words = list(map(WORD_OF, found))  # per token: "" unless a content word
    return Terms(
        tuple(filter(None, words)),
        tuple(compress(words, map(IS_NAME, found))),
        tuple(filter(None, map(NUMBER_OF, found))),
        frozenset(compress(words[:opening], map(IS_NAME, found[:opening]))),
    )
