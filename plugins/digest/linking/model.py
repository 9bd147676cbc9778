"""Plain data that corpus linking reads and returns, free of Pelican.

`Doc` is what linking needs to know about one article; `Linking` is every
decision it made, keyed by doc id, so the Pelican side only copies it onto
articles and the evaluation task can score it without building a site.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Doc:
    id: str
    title: str
    text: str  # the body, one paragraph per line
    date: date | None = None
    authors: tuple[str, ...] = ()
    outlet: str = ""
    original_publisher: str = ""
    original_url: str = ""
    subtitle: str = ""
    comment_count: int = 0
    summit: str = ""  # a catalogue id the curator chose in the seed's header; wins over evidence


def content_key(doc: Doc) -> str:
    """A digest of what a doc's `features.Features` depend on (its title and text); here, free of numpy,
    so that the cache's input digest can be made of it without loading the linking code."""
    return hashlib.sha256(f"{doc.title}\0{doc.text}".encode()).hexdigest()


@dataclass(frozen=True)
class CatalogueSummit:
    """One summit as the curator describes it in the catalogue file."""

    id: str
    title: str
    date: date
    place: str = ""
    format: str = ""
    participants: tuple[str, ...] = ()
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class Event:
    """A summit from the catalogue or an event discovered in the corpus; `members` are doc ids in time order."""

    id: str
    title: str
    date: date | None
    place: str = ""
    format: str = ""
    participants: tuple[str, ...] = ()
    description: str = ""
    discovered: bool = False
    members: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DateGuess:
    """A date linking worked out for an undated doc, and how."""

    date: date
    approximate: bool
    relation: str  # "before", "on the day", "after" (relative to the doc's event) or ""
    source: str  # "twin" or "reference"


@dataclass
class Linking:
    duplicate_of: dict[str, str] = field(default_factory=dict)  # copy id -> original id
    copies: dict[str, list[str]] = field(default_factory=dict)  # original id -> copy ids
    inherited: dict[str, dict[str, object]] = field(default_factory=dict)  # copy id -> {field: value from its twin}
    events: list[Event] = field(default_factory=list)  # in time order
    event_of: dict[str, str] = field(default_factory=dict)  # doc id -> event id
    confidence: dict[str, float] = field(default_factory=dict)  # doc id -> confidence of its event
    dates: dict[str, DateGuess] = field(default_factory=dict)  # doc id -> inferred date
    relation: dict[str, str] = field(default_factory=dict)  # doc id -> "before" / "on the day" / "after" its event
    related: dict[str, list[str]] = field(default_factory=dict)  # doc id -> other coverage of its event
    previous: dict[str, str | None] = field(default_factory=dict)
    next: dict[str, str | None] = field(default_factory=dict)
