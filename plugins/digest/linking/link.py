"""Corpus linking in one pass, in this order:

1. copies      syndicated copies and their canonical original (duplicates.py);
               a copy inherits the metadata it lacks, its date included
2. summits     originals that clearly cover a catalogued summit (events.assign);
               copies follow their original
3. discovery   the other originals are clustered into discovered events (events.discover)
4. dates       undated docs get a date from references to their summit's weekday (dates.py)
5. timelines   members in time order, related / previous / next (crosslinks.py)

Pure: docs and catalogue in, `Linking` out; nothing here knows Pelican.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .crosslinks import time_order, timeline_links
from .dates import from_references, relation
from .duplicates import canonical, duplicate_pairs, groups, inherited_fields
from .events import Memo, assign, catalogued_event, discover, discovered_event
from .features import Features, extract
from .fingerprint import postings
from .model import CatalogueSummit, DateGuess, Doc, Linking


def link(
    docs: Sequence[Doc], summits: Sequence[CatalogueSummit] = (), features: Sequence[Features] | None = None,
    memo: Memo | None = None,
) -> Linking:
    """Link the corpus. `features[i]` are `extract`'s for `docs[i]`, given when they are cached; `memo`
    is the last discovery's work (see events.Memo), updated to this one's."""
    features = extract(docs) if features is None else features
    features_of = {doc.id: f for doc, f in zip(docs, features)}
    result = Linking()
    by_id = {doc.id: doc for doc in docs}
    dates: dict[str, date] = {doc.id: doc.date for doc in docs if doc.date}

    fingerprints = [f.shingles for f in features]
    index = postings(fingerprints, [f.key for f in features], memo.postings if memo is not None else None)
    if memo is not None:
        memo.postings = index
    containments = memo.containments if memo is not None else None
    for group in groups(duplicate_pairs(docs, fingerprints, index, containments)):
        original = canonical([by_id[i] for i in group])
        result.copies[original.id] = [i for i in group if i != original.id]
        for copy in result.copies[original.id]:
            result.duplicate_of[copy] = original.id
            if inherited := inherited_fields(by_id[copy], original):
                result.inherited[copy] = inherited
        twin_dates = sorted(dates[i] for i in group if i in dates)
        for member in group:
            if member not in dates and twin_dates:
                dates[member] = twin_dates[0]
                result.dates[member] = DateGuess(twin_dates[0], False, "", "twin")

    originals = [doc for doc in docs if doc.id not in result.duplicate_of]
    events = {summit.id: catalogued_event(summit) for summit in summits}
    members: dict[str, list[str]] = {event_id: [] for event_id in events}
    assigned = assign(originals, summits, dates, memo, [features_of[doc.id].key for doc in originals])
    for doc_id, (summit_id, confidence) in sorted(assigned.items()):
        members[summit_id].append(doc_id)
        result.confidence[doc_id] = confidence
    unassigned = [doc for doc in originals if doc.id not in assigned]
    taken = set(events)
    for confidence in discover(unassigned, dates, [features_of[doc.id] for doc in unassigned], memo):
        ids = sorted(confidence)
        event = discovered_event([by_id[i] for i in ids], [features_of[i].places for i in ids],
                                 confidence, dates, taken)
        events[event.id], members[event.id] = event, sorted(confidence)
        result.confidence.update(confidence)
    event_of_original = {doc_id: event_id for event_id, ids in members.items() for doc_id in ids}
    for copy, original in sorted(result.duplicate_of.items()):
        members[event_of_original[original]].append(copy)
        result.confidence[copy] = result.confidence[original]

    for event_id, ids in members.items():
        event = events[event_id]
        for doc_id in ids:
            result.event_of[doc_id] = event_id
            # A discovered event's date is that of its coverage, not of the event: no anchor for weekdays.
            if doc_id not in dates and not event.discovered and (guess := from_references(by_id[doc_id].text, event.date)):
                dates[doc_id] = guess.date
                result.dates[doc_id] = guess
            if doc_id in dates:
                result.relation[doc_id] = relation(dates[doc_id], event.date)
        event.members = time_order(ids, dates)
    result.events = sorted(events.values(), key=lambda e: (e.date or date.max, e.id))
    result.related, result.previous, result.next = timeline_links(result.events, result.duplicate_of)
    return result

