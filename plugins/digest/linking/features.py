"""What linking reads from one doc alone, worked out once per doc so that it can be cached.

Everything here depends on a doc's title and text only (`content_key`), never on
the rest of the corpus: shingle hashes for copies, counted terms for events,
and the names and places in its opening. Corpus-level steps (idf, pairs, clustering)
start from these.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .fingerprint import WordHashes, shingle_hashes
from .model import Doc, content_key
from .terms import Kinds, terms

#: Tokens at the start of a text that say who the story is about (see events.KEY_NAME_SHARE).
LEAD_WORDS = 60


@dataclass(frozen=True)
class Features:
    shingles: np.ndarray  # sorted unique shingle hashes of the text (fingerprint.py)
    terms: tuple[str, ...]  # "w:word", "n:name", "#:number" of title and text (similarity.py)
    counts: np.ndarray  # how often each term occurs
    lead_names: frozenset[str]  # names among the first LEAD_WORDS tokens
    places: tuple[str, ...]  # PLACEs named in the title and lead, in order
    key: str  # content_key of the doc: the next discovery knows these features by it (similarity.Columns)


#: "in Geneva", "in New York": where the opening of a text says things happen (events.discovered_event).
PLACE = re.compile(r"\bin ((?:[A-Z][a-z]+ )?[A-Z][a-z]+)\b(?![’']s| [A-Z])")
NOT_PLACES = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


def lead(doc: Doc, words: int = LEAD_WORDS) -> str:
    """The first words of the body (split no further: bodies are long)."""
    return " ".join(doc.text.split(maxsplit=words)[:words])


#: The kinds of terms, as the labels spell them: words, names, numbers.
KINDS = ("w", "n", "#")


class Labels(dict):
    """term -> "kind:term" for one kind, one string object per label: cheap to build, compact to pickle."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def __missing__(self, term: str) -> str:
        self[term] = label = f"{self.kind}:{term}"
        return label


class Extractor:
    """`features` of doc after doc, each distinct word hashed, classified and labelled once for all of them:
    `extract` uses one per call, a cleaning worker one for every doc it cleans (parallel.py)."""

    def __init__(self) -> None:
        self.word_hashes, self.kinds = WordHashes(), Kinds()
        self.labels = {kind: Labels(kind) for kind in KINDS}

    def __call__(self, doc: Doc) -> Features:
        return features(doc, self.word_hashes, self.kinds, self.labels)


def extract(docs: Sequence[Doc]) -> list[Features]:
    """Features of each doc; distinct words are hashed, classified and labelled once for all of them."""
    return list(map(Extractor(), docs))


def features(
    doc: Doc, word_hashes: WordHashes | None = None, kinds: Kinds | None = None,
    labels: dict[str, Labels] | None = None,
) -> Features:
    found = terms(f"{doc.title}.\n{doc.text}", opening=LEAD_WORDS, kinds=kinds)
    labels = labels if labels is not None else {kind: Labels(kind) for kind in KINDS}
    terms_found: list[str] = []
    counts: list[int] = []
    for kind, found_terms in zip(KINDS, (found.words, found.names, found.numbers)):
        counted = Counter(found_terms)
        terms_found += map(labels[kind].__getitem__, counted)
        counts += counted.values()
    return Features(
        shingles=shingle_hashes(doc.text, word_hashes),
        terms=tuple(terms_found),
        counts=np.array(counts, dtype=np.int32),
        lead_names=found.opening_names,
        places=tuple(m.group(1) for m in PLACE.finditer(f"{doc.title}. {lead(doc)}")
                     if m.group(1) not in NOT_PLACES),
        key=content_key(doc),
    )
