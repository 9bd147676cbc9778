"""`StoredDoc`: a `CleanedDoc` as the cleaning cache gives it back, its bulky fields kept packed until read.

Every build loads every doc twice (the reader, and linking while reading in a forked process), and
there reads only its head, its body's text (linking) and its comment count: the pages rendered, the
report and the data export read the rest. So the cache stores the body as its paragraphs' texts in one
string with their types, and the comments and removed blocks as pickles of their own; each becomes its
list of objects when first read. Loading 10,000 entries and reading what a build reads of them took
0.165 CPU-s before, 0.070 since (one process; `docs/performance.md`, session 7).

A `StoredDoc` is equal to a `CleanedDoc` of the same fields, and pickles and copies as one.
"""
from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import fields

from .cleaning.model import CleanedDoc, Paragraph

DOC_FIELDS = tuple(field.name for field in fields(CleanedDoc))
#: Where a `StoredDoc` keeps its comment count while its comments are packed.
STORED_COUNT = "stored_comment_count"
STORED_FIELDS = (*DOC_FIELDS, STORED_COUNT)
#: A paragraph is its type and text, so a body packs as those (a paragraph with more fields would not).
BODY_PACKS = [field.name for field in fields(Paragraph)] == ["type", "text"]


def paragraphs(packed: tuple[str, tuple[str, ...]]) -> list[Paragraph]:
    text, types = packed
    return list(map(Paragraph, types, text.split("\n")))


class PackedField:
    """A field kept in its packed form (of type `packed`) until it is first read, then as `unpack` made it."""

    def __init__(self, packed: type, unpack: Callable) -> None:
        self.packed, self.unpack = packed, unpack

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, doc, owner=None):
        if doc is None:
            return self
        value = doc.__dict__[self.name]
        if type(value) is self.packed:
            value = doc.__dict__[self.name] = self.unpack(value)
        return value

    def __set__(self, doc, value) -> None:
        doc.__dict__[self.name] = value


class StoredDoc(CleanedDoc):
    """What the cache gives back: each packed field becomes its list when first read."""

    body = PackedField(tuple, paragraphs)
    comments = PackedField(bytes, pickle.loads)
    removed = PackedField(bytes, pickle.loads)

    def comment_count(self) -> int:
        if type(self.__dict__["comments"]) is bytes:
            return self.__dict__[STORED_COUNT]
        return super().comment_count()

    def __eq__(self, other):
        if not isinstance(other, CleanedDoc):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in DOC_FIELDS)

    def __reduce__(self):
        return CleanedDoc, tuple([getattr(self, name) for name in DOC_FIELDS])


def stored_doc(*values) -> StoredDoc:
    """Unpickling: the `StoredDoc` of `STORED_FIELDS`, its `__dict__` made in one step (not by `__init__`)."""
    doc = object.__new__(StoredDoc)
    doc.__dict__ = dict(zip(STORED_FIELDS, values))
    return doc


def stored_values(doc: CleanedDoc, pickled: Callable[[list], bytes]) -> tuple:
    """What `stored_doc` makes `doc` from: its fields, the body packed when its texts fit one per line,
    comments and removed blocks `pickled` when there are any, and the comment count."""
    values = [getattr(doc, name) for name in DOC_FIELDS]
    for position, name in enumerate(DOC_FIELDS):
        value = values[position]
        if name == "body" and BODY_PACKS and value and all(type(p) is Paragraph and "\n" not in p.text
                                                            for p in value):
            values[position] = ("\n".join([p.text for p in value]), tuple([p.type for p in value]))
        elif name in ("comments", "removed") and value:
            values[position] = pickled(value)
    return (*values, doc.comment_count())


def body_text(doc: CleanedDoc) -> str:
    """The texts of a doc's paragraphs, one per line, without making a stored doc's paragraphs."""
    if isinstance(doc, StoredDoc) and type(body := doc.__dict__["body"]) is tuple:
        return body[0]
    return "\n".join([paragraph.text for paragraph in doc.body])


def body_types(doc: CleanedDoc) -> tuple[str, ...] | list[str]:
    """The types of a doc's paragraphs, without making a stored doc's paragraphs."""
    if isinstance(doc, StoredDoc) and type(body := doc.__dict__["body"]) is tuple:
        return body[1]
    return [paragraph.type for paragraph in doc.body]
