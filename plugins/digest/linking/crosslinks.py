"""Cross-links between the coverage of one event: related articles, previous and next.

Only originals are linked along an event's timeline; a syndicated copy points
to its original instead, so one story is never listed twice.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from .model import Event


def time_order(ids: Sequence[str], dates: Mapping[str, date | None]) -> list[str]:
    """Ids by date (undated last), then by id."""
    return sorted(ids, key=lambda i: (dates.get(i) or date.max, i))


def timeline_links(events: Sequence[Event], duplicate_of: Mapping[str, str]):
    """(related, previous, next) dicts keyed by doc id, from events whose members are in time order."""
    related: dict[str, list[str]] = {}
    previous: dict[str, str | None] = {}
    following: dict[str, str | None] = {}
    for event in events:
        originals = [i for i in event.members if i not in duplicate_of]
        for position, doc_id in enumerate(originals):
            related[doc_id] = [i for i in originals if i != doc_id]
            previous[doc_id] = originals[position - 1] if position else None
            following[doc_id] = originals[position + 1] if position + 1 < len(originals) else None
        for doc_id in event.members:
            if doc_id in duplicate_of:
                original = duplicate_of[doc_id]
                related[doc_id] = [i for i in originals if i != original]
                previous[doc_id] = previous.get(original)
                following[doc_id] = following.get(original)
    return related, previous, following
