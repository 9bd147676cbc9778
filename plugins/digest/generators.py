"""Output of corpus linking: a page per summit, the summit index, and `digest.json`.

A Pelican generator (added through `get_generators`): its output step runs
after every generator's context step, so summits and articles are final.
`digest.json` is the open data: every article (copies included) with its
cleaned text and links, and every event; keys sorted, ids from seed file
names, so two builds of the same seeds write the same bytes. It needs no
writer, so `side_outputs` writes it (`write_data`) beside the pages.
"""
from __future__ import annotations

import dataclasses
import functools
from operator import attrgetter
from pathlib import Path

from pelican.generators import Generator

from .filters import reading_minutes
from .inspect import INSPECT_KEYS
from .outputs import OutputLedger, Spans, item_key, items_note, write_json_lines
from .summit import PAGE_DEFAULTS

DATA_FILE = "digest.json"
DIGEST_ID = attrgetter("digest_id")
#: Values that `dataclasses.asdict` keeps as they are (its deep copy of them is themselves).
ATOMS = frozenset({str, int, float, bool, type(None)})


class SummitGenerator(Generator):
    def generate_context(self) -> None:
        for key, value in PAGE_DEFAULTS.items():
            self.settings.setdefault(key, value)
        self.context.setdefault("summits", [])

    def generate_output(self, writer) -> None:
        summits = self.context.get("summits", [])
        relative = self.settings.get("RELATIVE_URLS", False)
        ledger = OutputLedger(self.settings, self.output_path, "summits")
        menu = [(page.url, page.title) for page in self.context.get("pages", [])]
        for summit in summits:
            key = ledger.key(summit.save_as, menu, summit_facts(summit), neighbour(summit.prev),
                             neighbour(summit.next), [summary_facts(article) for article in summit.articles])
            if not ledger.is_current(summit.save_as, key):
                writer.write_file(
                    summit.save_as, self.get_template("summit"), self.context,
                    relative_urls=relative, summit=summit, articles=summit.articles,
                    page_name=summit.page_name, url=summit.url,
                )
                ledger.written(summit.save_as, key)
        save_as = self.settings["SUMMITS_SAVE_AS"]
        if save_as:
            key = ledger.key(save_as, menu, [(*summit_facts(s), len(s.articles)) for s in summits])
            if not ledger.is_current(save_as, key):
                writer.write_file(
                    save_as, self.get_template("summits"), self.context,
                    relative_urls=relative, page_name="summits", url=self.settings["SUMMITS_URL"],
                )
                ledger.written(save_as, key)
        ledger.save()


def write_data(settings: dict, context: dict, output_path: str) -> OutputLedger:
    """digest.json when anything in it changed, written record by record; the records of unchanged
    articles are copied from the last one (a record is keyed by its article's inputs), the others
    serialised. Returns its ledger (which names the file as this build's)."""
    ledger = OutputLedger(settings, output_path, "data")
    summits = context.get("summits", [])
    articles = sorted((a for a in context.get("articles", []) + context.get("hidden_articles", [])
                       if hasattr(a, "digest_id")), key=lambda article: article.digest_id)
    records = [item_key(record_inputs(article)) for article in articles]
    key = ledger.key(DATA_FILE, records, [summit_facts(summit) for summit in summits])
    if not ledger.is_current(DATA_FILE, key):
        previous = ledger.previous_items(DATA_FILE)
        with ledger.stream(DATA_FILE) as out:
            places = write_json_lines(out, open_data(articles, summits, records, previous))
        previous.close()
        ledger.written(DATA_FILE, key, note=items_note(records, places.get("articles")))
    ledger.save()
    return ledger


def summit_facts(summit) -> tuple:
    """A summit's own fields, as its page and the summit index show them."""
    return (summit.id, summit.url, summit.title, summit.date, summit.place, summit.format,
            tuple(summit.participants), summit.description, summit.discovered)


def neighbour(summit) -> tuple | None:
    return (summit.url, summit.title) if summit else None


def summary_facts(article) -> tuple:
    """What a summit page shows of one member: its summary (title, outlet, dek, date, reading time,
    comments), where it falls in the timeline and where its copies appeared. Addresses count by slug
    and date (Pelican computes `url` from them and the settings, slowly); the date by its repr (all its
    fields and its time zone), a string the pickler takes without calling back into Python."""
    doc = article.digest
    copies = tuple((copy.slug, copy.digest.outlet, copy.digest.original_publisher, copy.title)
                   for copy in article.copies) if article.copies else ()
    return (article.slug, article.title, doc.subtitle, doc.outlet, doc.original_publisher, doc.date,
            repr(article.date), getattr(article, "date_inferred", False), getattr(article, "date_label", None),
            article.locale_date, reading_minutes(article), doc.comment_count() if doc.comments else 0,
            getattr(article, "summit_relation", None), copies)


def record_inputs(article) -> tuple:
    """What decides an article's record in digest.json: the key its cleaned doc was read under (the seed's
    bytes and the cleaner; the plugin's code is in the ledger key too), its file, and what linking attached."""
    return article.source_path, article.digest_key, article_links(article)


def article_links(article) -> tuple:
    summit = article.summit
    return (article.digest_id, article.slug, article.date, getattr(article, "date_inferred", False),
            article.date_label, tuple(sorted(getattr(article, "inherited", {}).items())),
            summit.id if summit else None, article.summit_confidence,
            article.duplicate_of.digest_id if article.duplicate_of else None,
            tuple(map(DIGEST_ID, article.copies)),
            tuple(map(DIGEST_ID, article.related)), article.reading_time)


def open_data(articles: list, summits: list, records: list, reused: Spans) -> dict:
    """The document: `articles` (sorted by id), each made when it is written unless `reused` holds its
    record key's line as already written; events with their members, found in one pass."""
    members = {id(summit): [] for summit in summits}
    for article in articles:
        if article.summit is not None and id(article.summit) in members:
            members[id(article.summit)].append(article)
    return {
        "articles": (reused.span(key) or article_record(article) for article, key in zip(articles, records)),
        "events": [event_record(s, members[id(s)]) for s in summits],
    }


def article_record(article) -> dict:
    cleaned = doc_fields(article.digest)
    inherited = getattr(article, "inherited", {})
    record = {key: cleaned[key] for key in INSPECT_KEYS}
    for key, value in inherited.items():
        record[key] = value.isoformat() if key == "date" else list(value) if isinstance(value, tuple) else value
    known_date = cleaned["date"] or getattr(article, "date_inferred", False)
    record.update(
        id=article.digest_id,
        url=article.url,
        source=Path(article.source_path).name,
        date=article.date.date().isoformat() if known_date else None,
        date_inferred=bool(getattr(article, "date_inferred", False)),
        date_label=article.date_label,
        inherited=sorted(inherited),
        event=article.summit.id if article.summit else None,
        event_confidence=article.summit_confidence,
        duplicate_of=article.duplicate_of.digest_id if article.duplicate_of else None,
        copies=[copy.digest_id for copy in article.copies],
        related=[other.digest_id for other in article.related],
        reading_time=article.reading_time,
    )
    return record


class NotPlain(TypeError):
    """A value `plain` leaves to `dataclasses.asdict`."""


def doc_fields(doc) -> dict:
    """`doc.to_dict()` (`dataclasses.asdict`), equal value for value: a cleaned doc holds strings, numbers
    and lists of them and of dataclasses, which `plain` converts directly, where `asdict` asks of each
    value whether it is a dataclass, a named tuple, a list or a dict and deep-copies each string (at
    10,000 seeds, 4 of the 15 profiled seconds of the side outputs of a first build). A doc holding
    anything else is left to `asdict`."""
    try:
        return plain(doc)
    except NotPlain:
        return doc.to_dict()


def plain(value):
    kind = type(value)
    if kind in ATOMS:
        return value
    if kind is list:
        return [plain(item) for item in value]
    names = field_names(kind)
    if names is None:
        raise NotPlain(kind)
    return {name: plain(getattr(value, name)) for name in names}


@functools.cache
def field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of a dataclass, in order (as `asdict` lists them); None for any other type."""
    return tuple(field.name for field in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None


def event_record(summit, members: list) -> dict:
    return {
        "id": summit.id,
        "title": summit.title,
        "date": summit.date.isoformat() if summit.date else None,
        "place": summit.place,
        "format": summit.format,
        "discovered": summit.discovered,
        "url": summit.url,
        "articles": [a.digest_id for a in sorted(members, key=lambda a: (a.date, a.digest_id))],
    }


def get_generators(pelican) -> type:
    """Receiver of `get_generators`."""
    return SummitGenerator
