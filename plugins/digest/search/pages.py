"""The pages Pagefind indexes, each with a digest of the part of it that Pagefind reads.

A page is indexed when it has an element marked `data-pagefind-body` (the
article pages). Its digest covers the `<html>` tag (the language), the
`<title>` and each element marked `data-pagefind-body`: in this theme that
element holds everything Pagefind records (the text, the `h1` it takes as the
title, the outlet and summit filters). The asides outside it (comments,
cross-links, removed blocks) change when a linked article changes; leaving
them out keeps such a page's digest, and its shard's index, as they were.

A file whose size and mtime equal the last build's keeps its last digest
without being read: the incremental writer leaves unchanged pages untouched.

Pagefind is given these parts only (`indexed_page`), not the whole page: the
index is the same and Pagefind spends about a fifth less CPU (measured on
1,000 article pages, where the parts are a quarter of the page).
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

#: The attribute that marks an element Pagefind indexes.
BODY_ATTRIBUTE = b"data-pagefind-body"
#: What may precede the attribute inside its tag: the tag's name and a space (as `body_tag` checks it).
TAG_START = re.compile(rb"<[A-Za-z][\w-]*\s")
WORD = re.compile(rb"\w")
#: The `<html>` tag and the `<title>` element, which Pagefind reads outside the body too.
HEAD_PARTS = re.compile(rb"<html\b[^>]*>|<title>.*?</title>", re.S)
TAG_NAME = re.compile(rb"<([A-Za-z][\w-]*)")


@dataclass(frozen=True)
class PageState:
    """What the last build saw of one HTML file; `digest` is "" for a page Pagefind skips."""

    mtime_ns: int
    size: int
    digest: str

    def as_list(self) -> list:
        return [self.mtime_ns, self.size, self.digest]


def body_tag(html: bytes, start: int = 0) -> int:
    """The offset of the first opening tag at or after `start` that carries the attribute (not the words
    in a page's text), or -1: the first match of `<[A-Za-z][\\w-]*\\s[^<>]*?\\bdata-pagefind-body\\b`.
    The attribute is found with `bytes.find` and its tag by looking back from it, since a regular expression
    tried at every `<` of the page took most of the time of staging a shard and of a cold build's scan."""
    found = html.find(BODY_ATTRIBUTE, start)
    while found >= 0:
        end = found + len(BODY_ATTRIBUTE)
        opening = html.rfind(b"<", start, found)
        if (opening >= 0 and html.find(b">", opening, found) < 0 and not WORD.match(html, found - 1)
                and not WORD.match(html, end)):
            tag = TAG_START.match(html, opening)
            if tag and tag.end() <= found:
                return opening
        found = html.find(BODY_ATTRIBUTE, end)
    return -1


def element_end(html: bytes, start: int) -> int:
    """The offset just past the element that opens at `start`, counting nested tags of its name."""
    name = TAG_NAME.match(html, start).group(1)
    tags = re.compile(rb"<(/?)" + re.escape(name) + rb"[\s>/]", re.I)
    depth = 0
    for tag in tags.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = html.find(b">", tag.end() - 1)
            return len(html) if close < 0 else close + 1
    return len(html)


def indexed_parts(html: bytes) -> list[bytes]:
    """The head parts and every `data-pagefind-body` element; [] for a page Pagefind skips."""
    bodies = body_elements(html)
    return HEAD_PARTS.findall(html) + bodies if bodies else []


def body_elements(html: bytes) -> list[bytes]:
    """Every element marked `data-pagefind-body`, outermost only."""
    bodies = []
    body = body_tag(html)
    while body >= 0:
        end = element_end(html, body)
        bodies.append(html[body:end])
        body = body_tag(html, end)
    return bodies


def indexed_page(html: bytes) -> bytes:
    """A page of only what Pagefind reads of an indexed page: its `<html>` tag, the `<title>` before
    the first body element, and the body elements. For this theme's pages it has the page's digest."""
    first = body_tag(html)
    if first < 0:  # not indexed: left as it is
        return html
    bodies = body_elements(html)
    head = HEAD_PARTS.findall(html, 0, first)
    root = b"".join(part for part in head if part.startswith(b"<html"))
    title = b"".join(part for part in head if not part.startswith(b"<html"))
    return b"<!DOCTYPE html>\n%s<head>%s</head><body>%s</body></html>\n" % (root, title, b"".join(bodies))


def page_digest(html: bytes) -> str:
    """A digest of what Pagefind reads from `html`; "" when it does not index the page."""
    parts = indexed_parts(html)
    if not parts:
        return ""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def scan(site: Path, names: list[str], known: dict[str, PageState]) -> dict[str, PageState]:
    """The state of each file `names` lists that exists; only files whose size or mtime changed are read."""
    states = {}
    root = os.path.join(site, "")  # joined as strings: a Path per file cost as much as its status
    for name in names:
        try:
            stat = os.stat(root + name)
        except FileNotFoundError:
            continue
        last = known.get(name)
        if last and last.mtime_ns == stat.st_mtime_ns and last.size == stat.st_size:
            states[name] = last
        else:
            states[name] = PageState(stat.st_mtime_ns, stat.st_size, page_digest((site / name).read_bytes()))
    return states
