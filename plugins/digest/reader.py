"""`SeedReader`: one raw seed file -> (HTML body, Pelican metadata).

The reader only adapts; cleaning lives in `cleaning.pipeline`. The full
`CleanedDoc` travels with the article as `article.digest` so linking,
templates and the data export see the same data as `invoke inspect`.
"""
from __future__ import annotations

import locale
import logging
import os
import re
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from pelican.readers import BaseReader, ensure_metadata_list
from pelican.urlwrappers import Author
from pelican.utils import SafeDatetime

from .cache import Cleaned, CleaningCache, cache_key
from .problems import Problem, Severity, SkippedSeed, check_bytes, check_doc, display_path, warnings_for
from .slugs import Slugs
from .speedups import Source

log = logging.getLogger(__name__)


UNDATED = "1970-01-01"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class SeedReader(BaseReader):
    enabled = True
    file_extensions = ["txt"]

    def __init__(self, settings):
        super().__init__(settings)
        # Seeds this build could not publish, for the report (one reader per generator, per build).
        self.skipped: list[Problem] = []
        # Cleaned docs by seed content; `parallel` fills it before the first `read`.
        self.cache = CleaningCache.from_settings(settings)
        self.slugs = Slugs(settings)  # saved by `save_reading` once every seed was read
        self.named: dict[str, Author] = {}  # one per author's name, for `authors`
        self.listed: dict[str, list[Author]] = {}  # by the text they were split from, for `authors`

    def read(self, source_path: str):
        try:
            key, (doc, html) = read_seed(source_path, self.cache)
        except SkippedSeed as reason:
            return self.skip(display_path(source_path, self.settings["PATH"]), str(reason))
        if warnings := warnings_for(doc):
            shown = display_path(source_path, self.settings["PATH"])
            for warning in warnings:
                log.warning("%s", Problem(shown, Severity.WARNING, warning).message())
        name = os.path.basename(source_path)
        stem = os.path.splitext(name)[0]
        title = doc.title or stem
        metadata = {
            "title": title,
            "slug": self.process_metadata("slug", article_slug(stem, title, self.slugs)),
            "digest": doc,
            "digest_key": key,  # what the doc is made of: the seed's bytes and the cleaner
            # The cache entry the doc and body came from: page fingerprints count them by its key (`Source`).
            "digest_source": Source(key, doc, html),
            "seed": name,
        }
        # Pelican requires a date on every article. An undated seed gets a
        # provisional one that corpus linking replaces with an inferred date;
        # templates read `digest.date` and show the provisional one as unknown.
        metadata["date"] = self.date(doc.date or UNDATED)
        if doc.authors and (authors := self.authors(", ".join(doc.authors))):
            metadata["authors"] = authors
        if doc.subtitle:
            metadata["summary"] = doc.subtitle
        return html, metadata

    def date(self, text: str) -> SafeDatetime:
        """Pelican's date for `text`. A cleaner's `YYYY-MM-DD` is read directly: Pelican's dateutil parser
        gives the same midnight and takes a tenth of reading a cached seed."""
        return calendar_date(text) or self.process_metadata("date", text)  # else Pelican's parser says why

    def authors(self, text: str) -> list[Author]:
        """Pelican's authors for `text`, split as its metadata processor splits it, with one `Author` per name
        per build: Pelican slugifies each `Author` once, when it is first grouped, and gave every article
        its own (9,768 slugifications at 10,000 seeds). Each text is split once (626 texts at 10,000
        seeds); every article gets its own list."""
        listed = self.listed.get(text)
        if listed is None:
            listed = self.listed[text] = list(map(self.author, ensure_metadata_list(text)))
        return listed.copy()

    def author(self, name: str) -> Author:
        return self.named.get(name) or self.named.setdefault(name, Author(name, self.settings))

    def skip(self, shown: str, reason: str):
        """Log one line for the curator and tell Pelican to skip the file quietly (no traceback)."""
        problem = Problem(shown, Severity.SKIPPED, reason)
        self.skipped.append(problem)
        log.warning("%s", problem.message())
        return "", {"status": "skip"}


@lru_cache(maxsize=None)
def calendar_date(text: str) -> SafeDatetime | None:
    """The midnight of a `YYYY-MM-DD` that exists, else None. A corpus has a few thousand dates, each read
    once; the datetime is immutable, so articles of one day share it."""
    if ISO_DATE.fullmatch(text):
        try:
            return SafeDatetime.fromisoformat(text)
        except ValueError:
            pass
    return None


class CalendarDate(SafeDatetime):
    """Pelican's date of an article, one object per day and time zone (`settled_date`), keeping what each
    format made of it: Pelican formats every article's date when it is read (`locale_date`, through its own
    Python `strftime`), and pages format the same few thousand dates again. A format counts with the
    locale it was made in (Pelican's date filter switches locales)."""

    def strftime(self, fmt, safe=True):
        if not safe:
            return super().strftime(fmt, safe)
        key = (fmt, locale.setlocale(locale.LC_TIME))
        made = self.__dict__.setdefault("made", {})
        if key not in made:
            made[key] = super().strftime(fmt)
        return made[key]


@lru_cache(maxsize=None)
def settled_date(date: datetime, zone: str) -> CalendarDate:
    """What Pelican's `set_date_tzinfo` makes of a naive date in `zone`, shared by the articles of that day."""
    return CalendarDate(date.year, date.month, date.day, date.hour, date.minute, date.second, date.microsecond,
                        ZoneInfo(zone))


def settle_date(generator, metadata: dict) -> None:
    """`article_generator_context` receiver: a naive date in the time zone `Content` would give it (the
    site's, when the metadata names none), as one `CalendarDate` per day."""
    date, zone = metadata.get("date"), generator.settings.get("TIMEZONE", "UTC")
    if isinstance(date, datetime) and date.tzinfo is None and "timezone" not in metadata and zone:
        metadata["date"] = settled_date(date, zone)


def read_seed(path: str | os.PathLike, cache: CleaningCache) -> tuple[str, Cleaned]:
    """Clean one seed file (through the cache) into its cache key and its doc with the body's HTML; raise
    `SkippedSeed` with the reason when it cannot become an article. A seed the parallel pre-pass read
    (`CleaningCache.key_of`) and the cache holds is not read again."""
    key = cache.known_key(path)
    cleaned = cache.get(key) if key else None
    if cleaned is None:
        key, cleaned = clean_file(path, cache)
    check_doc(cleaned.doc)
    return key, cleaned


def clean_file(path: str | os.PathLike, cache: CleaningCache) -> tuple[str, Cleaned]:
    from .cleaning.decode import UndecodableSeed  # with the cleaner, when a seed is cleaned (`clean_seed`)

    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise SkippedSeed(f"cannot be read: {error.strerror}") from None
    check_bytes(data)
    key = cache_key(data)
    try:
        cleaned = cache.clean(data, key)
    except UndecodableSeed as error:
        raise SkippedSeed(str(error)) from None
    except Exception as error:  # a cleaner bug must cost one seed, not the build; the reason names it
        raise SkippedSeed(f"the cleaner failed: {type(error).__name__}: {error}") from None
    return key, cleaned


def read_only_seeds(generator) -> None:
    """`article_generator_init` receiver: the seeds folders publish seeds only.

    Pelican would read a README.md, notes.rst or page.html found there with its
    own readers and publish it unchecked; the report lists such files instead.
    """
    seeds = set(generator.settings["DIGEST_SEED_EXTENSIONS"])
    readers = generator.readers.readers
    for extension in [extension for extension in readers if extension not in seeds]:
        del readers[extension]
    generator.readers.disabled_readers.clear()  # no "install markdown" warning for a README.md


def article_slug(stem: str, title: str, slugs: Slugs) -> str:
    """A slug from the title, made unique by the seed's file stem so two seeds never share a page."""
    base = slugs(title) or "article"
    unique = slugs(stem) or "seed"
    return f"{base[:80].strip('-')}-{unique[:40]}"


def save_reading(generator) -> None:
    """`article_generator_finalized` receiver: every seed was read; remember the slugs the seed reader made
    for the next build and pack the docs it cleaned."""
    for reader in generator.readers.readers.values():
        if isinstance(reader, SeedReader):
            reader.slugs.save()
            reader.cache.save()
