"""The cleaning report: what the build did with every file in the seeds folders.

Once every article is read and linked (`side_outputs`, beside the pages) we
gather, per seed, what was kept, removed (with reasons), inferred or set by
the curator, and what was wrong; then print a short summary on the console
(at the end of the build), write the
curator's index (`DIGEST_REPORT_SAVE_AS`, template `report.html`: the counts and
one line per file), the files' sections in pages of `FILES_PER_PAGE` beside it
(`files/N/index.html`, template `report_files.html`), and the same data as
`report.json`, which `invoke build` reads for its exit status. A changed seed
rewrites the index, its own page and the JSON, not the other pages.
Everything is sorted by path, so two builds of the same seeds write the same bytes.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from markupsafe import Markup
from pelican.log import console
from pelican.utils import get_relative_path, path_to_url

from .cleaning.model import CleanedDoc
from .outputs import OutputLedger, Spans, item_key, items_note, write_json_lines
from .problems import Problem, Severity, display_path, non_seed_files, warnings_for
from .reader import SeedReader

log = logging.getLogger(__name__)

#: CleanedDoc fields the report shows as metadata, in this order.
METADATA_FIELDS = (
    "title", "subtitle", "authors", "date", "outlet",
    "original_publisher", "original_url", "agency", "summit",
)
#: Metadata the console summary counts as inferred, with its plural for the summary line.
COUNTED_FIELDS = {"title": "titles", "date": "dates", "authors": "author lists", "outlet": "outlets"}
JSON_NAME = "report.json"
#: Files per page of sections: a page stays small enough to open, a changed seed rewrites one of them.
FILES_PER_PAGE = 100
#: Where the pages of sections go, beside DIGEST_REPORT_SAVE_AS.
PAGES_FOLDER = "files"
#: Where a page of sections shows a section, replaced by the section's bytes as the page is written.
SECTION_MARK = "\0section {}\0"
SECTION_MARKS = re.compile("\0section (\\d+)\0")


@dataclass
class SeedEntry:
    """One file in the seeds folders and what became of it."""

    path: str
    status: str  # "published", or a `Severity` value for files that were not
    url: str = ""
    problems: list[str] = field(default_factory=list)
    metadata: list[dict] = field(default_factory=list)  # {"field", "value", "source": curator|cleaner}
    kept: list[str] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)  # {"line", "reason", "text"}
    comments: int = 0
    overridden: list[str] = field(default_factory=list)  # what the curator header set


@dataclass
class Row:
    """One file as the report's summary counts it. Its full entry (with the text kept and removed) is made
    only when its section or its report.json line is written anew: `key` says when that is."""

    path: str
    status: str
    problems: list[str]
    key: str
    article: object = None  # the article a published seed became
    href: str = ""  # its section: the page's address and the anchor
    made: SeedEntry | None = field(default=None, repr=False, compare=False)

    def entry(self) -> SeedEntry:
        """Made once: a first build writes it into the row's section and into report.json."""
        if self.made is None:
            self.made = SeedEntry(self.path, self.status, problems=self.problems) if self.article is None \
                else published_entry(self.path, self.article)
        return self.made


@dataclass
class BuildReport:
    seeds: list[Row]
    events: int = 0  # events discovered by corpus linking (not from the summit catalogue)

    def count(self, status: str) -> int:
        return sum(entry.status == status for entry in self.seeds)

    @cached_property
    def counts(self) -> dict[str, int]:
        return {
            "seeds_read": sum(entry.status != Severity.IGNORED.value for entry in self.seeds),
            "articles_written": self.count("published"),
            "skipped": self.count(Severity.SKIPPED.value),
            "warnings": sum(len(e.problems) for e in self.seeds if e.status == "published"),
            "ignored": self.count(Severity.IGNORED.value),
            "events": self.events,
        }

    @cached_property
    def inferred(self) -> dict[str, int]:
        """How many published seeds got each counted field from the cleaner, and how many from the curator."""
        articles = [row.article for row in self.seeds if row.article is not None]
        sources = [field_sources(article.digest) for article in articles]
        found = {name: sum(found.get(name) == "cleaner" for found in sources) for name in COUNTED_FIELDS}
        found["curator"] = sum(bool(article.digest.overridden) for article in articles)
        found["linked_dates"] = sum(bool(getattr(article, "date_inferred", False)) for article in articles)
        found["copies"] = sum(bool(getattr(article, "duplicate_of", None)) for article in articles)
        return found

    def summary(self, location: str) -> str:
        counts, inferred = self.counts, self.inferred
        fields = ", ".join(f"{inferred[name]} {plural}" for name, plural in COUNTED_FIELDS.items())
        return "\n".join([
            f"Seeds: {counts['seeds_read']} read, {counts['articles_written']} articles written, "
            f"{counts['skipped']} skipped, {counts['warnings']} warnings, "
            f"{counts['ignored']} other files ignored",
            f"Metadata inferred: {fields}; curator headers in {inferred['curator']} seeds",
            f"Linking: {counts['events']} events discovered, {inferred['linked_dates']} dates inferred, "
            f"{inferred['copies']} syndicated copies",
            f"Report: {location}",
        ])

    def write_json(self, out, reused: Spans) -> dict:
        """The JSON, a seed at a time; a seed whose key is in `reused` is that line of the last report.json.
        A seed's fields are strings, numbers and lists of them: a shallow copy is what asdict() makes."""
        seeds = (reused.span(row.key) or dict(vars(row.entry())) for row in self.seeds)
        return write_json_lines(out, {"counts": self.counts, "inferred": self.inferred, "seeds": seeds})


def field_sources(doc: CleanedDoc) -> dict[str, str]:
    """Who set each metadata field the seed has: the curator's header or the cleaner."""
    return {name: "curator" if name in doc.overridden else "cleaner" for name in METADATA_FIELDS
            if getattr(doc, name)}


def published_entry(path: str, article) -> SeedEntry:
    doc: CleanedDoc = article.digest
    metadata = [
        {"field": name, "value": ", ".join(value) if isinstance(value, list) else value, "source": source}
        for name, source in field_sources(doc).items()
        if (value := getattr(doc, name))
    ]
    metadata += linked_metadata(article)
    return SeedEntry(
        path=path,
        status="published",
        url=article.url,
        problems=warnings_for(doc),
        metadata=metadata,
        kept=[paragraph.text for paragraph in doc.body],
        removed=[{"line": r.line, "reason": r.reason, "text": r.text} for r in doc.removed],
        comments=doc.comment_count(),
        overridden=sorted(set(doc.overridden)),
    )


def linked_metadata(article) -> list[dict]:
    """What corpus linking inferred for the article: its event, a date, the original of a copy."""
    found = []
    if summit := getattr(article, "summit", None):
        found.append({"field": "event", "value": summit.title, "source": "linking"})
    if getattr(article, "date_inferred", False):
        found.append({"field": "date", "value": article.date.date().isoformat(), "source": "linking"})
    if original := getattr(article, "duplicate_of", None):
        found.append({"field": "copy of", "value": original.url, "source": "linking"})
    return found


def gather(generator, ignored: list[Problem]) -> BuildReport:
    """Every seed the articles generator saw, every seed it skipped, and the `ignored` other files. A
    published seed's key is its path, the key its cleaned doc was read under (the seed's bytes and the
    cleaner), its address and what linking attached to it."""
    root = generator.settings["PATH"]
    rows = []
    for article in report_articles(generator):
        path, linked = display_path(article.source_path, root), linked_metadata(article)
        key = item_key((path, article.digest_key, article.url, linked))
        rows.append(Row(path, "published", warnings_for(article.digest), key, article))
    for problem in skipped_seeds(generator) + ignored:
        value = (problem.path, problem.severity.value, [problem.reason])
        rows.append(Row(*value, key=item_key(value)))
    events = sum(summit.discovered for summit in generator.context.get("summits") or ())
    return BuildReport(sorted(rows, key=lambda row: row.path), events=events)


def report_articles(generator) -> list:
    articles = [*generator.articles, *generator.translations, *generator.hidden_articles, *generator.drafts]
    return [article for article in articles if hasattr(article, "digest")]


def skipped_seeds(generator) -> list[Problem]:
    readers = [reader for reader in generator.readers.readers.values() if isinstance(reader, SeedReader)]
    return [problem for reader in readers for problem in reader.skipped]


def ignored_files(generator) -> list[Problem]:
    """Other files in the seeds folders, each logged as a warning on every build."""
    settings, root = generator.settings, generator.settings["PATH"]
    folders = [Path(generator.path, folder) for folder in settings["ARTICLE_PATHS"]]
    suffixes = ", ".join(f".{extension}" for extension in settings["DIGEST_SEED_EXTENSIONS"])
    found = []
    for path in non_seed_files(folders, settings["DIGEST_SEED_EXTENSIONS"]):
        problem = Problem(display_path(path, root), Severity.IGNORED, f"not a seed (seeds end in {suffixes})")
        log.warning("%s", problem.message())
        found.append(problem)
    return found


def write_report(generator, output_path: str, ignored: list[Problem]) -> tuple[str, OutputLedger | None]:
    """The report's index, its pages of sections and its JSON, each only when what it shows changed; returns
    the console summary and the ledger (None when DIGEST_REPORT_SAVE_AS is empty). Needs no writer, so
    `side_outputs` runs it beside the pages; `ignored` are the other files (`ignored_files`)."""
    report = gather(generator, ignored)
    save_as = generator.settings["DIGEST_REPORT_SAVE_AS"]
    if not save_as:
        return report.summary("not written (DIGEST_REPORT_SAVE_AS is empty)"), None
    ledger = OutputLedger(generator.settings, output_path, "report")
    pages = report_pages(save_as, report.seeds)
    json_name = str(PurePosixPath(save_as).with_name(JSON_NAME))
    keys = [row.key for row in report.seeds]
    key = ledger.key(save_as, keys, report.events)
    if ledger.is_current(save_as, key) and ledger.is_current(json_name, key):
        summary = ledger.note(save_as)["summary"]
    else:
        summary = report.summary(save_as)
        write_page(generator, ledger, save_as, "report", report=report, counts=report.counts,
                   inferred=report.inferred)
        ledger.written(save_as, key, note={"summary": summary})
        reused = ledger.previous_items(json_name)
        with ledger.stream(json_name) as out:
            places = report.write_json(out, reused)
        reused.close()
        ledger.written(json_name, key, note=items_note(keys, places.get("seeds")))
    for page in pages:
        key = ledger.key(page.save_as, page.first, [row.key for row in page.rows])
        if not ledger.is_current(page.save_as, key):
            sections = write_sections(generator, ledger, save_as, page)
            ledger.written(page.save_as, key, note=sections)
    ledger.save()
    return summary, ledger


def print_summary(summary: str) -> None:
    console.print(summary, markup=False, highlight=False, soft_wrap=True)


@dataclass
class ReportPage:
    """One page of the files' sections: the rows from number `first` on (counted from 1)."""

    save_as: str
    url: str
    first: int
    rows: list[Row]


def report_pages(save_as: str, rows: list[Row]) -> list[ReportPage]:
    """The rows in pages of FILES_PER_PAGE, in order; each row learns where its section is."""
    folder = PurePosixPath(save_as).parent / PAGES_FOLDER
    pages = []
    for start in range(0, len(rows), FILES_PER_PAGE):
        url = f"{folder / str(len(pages) + 1)}/"
        pages.append(ReportPage(f"{url}index.html", url, start + 1, rows[start:start + FILES_PER_PAGE]))
        for index, row in enumerate(pages[-1].rows, start=start + 1):
            row.href = f"{url}#seed-{index}"
    return pages


def write_sections(generator, ledger: OutputLedger, index_as: str, page: ReportPage) -> list[list]:
    """One page of sections, each file's from partials/report_seed.html, or copied from the page as last
    written when its row and place are the same (an event renamed changes a few sections on many pages);
    returns each section's `[key, offset, length]` in the page, for the next build."""
    template = generator.get_template("partials/report_seed")
    siteurl = page_siteurl(generator.settings, page.save_as)
    last = ledger.previous_pieces(page.save_as)
    keys, sections = [], []
    for index, row in enumerate(page.rows, start=page.first):
        keys.append(item_key((row.key, index, siteurl)))
        sections.append(last.get(keys[-1])
                        or template.render(entry=row.entry(), index=index, SITEURL=siteurl).strip().encode())
    last.close()
    marks = [Markup(SECTION_MARK.format(number)) for number in range(len(sections))]
    last_row = page.first + len(page.rows) - 1
    places = write_page(generator, ledger, page.save_as, "report_files", pieces=sections, sections=marks,
                        first=page.first, last=last_row, index_url=index_as.removesuffix("index.html"))
    return [[key, *places[number]] for number, key in enumerate(keys) if number in places]


def write_page(generator, ledger: OutputLedger, save_as: str, template: str, pieces: list[bytes] = (),
               **values) -> dict[int, tuple[int, int]]:
    """A page of the report, rendered in pieces into its file (the index of 10,000 files is megabytes).
    Each `SECTION_MARK` the template shows is replaced by that item of `pieces`; returns where each went
    (offset, length)."""
    context = dict(generator.context, output_file=save_as, localsiteurl=None, page_name="report", **values)
    context["SITEURL"] = page_siteurl(generator.settings, save_as)
    if generator.settings["RELATIVE_URLS"]:
        context["localsiteurl"] = context["SITEURL"]
    places = {}
    with ledger.stream(save_as) as out:
        for piece in generator.get_template(template).generate(context):
            if not pieces or "\0" not in piece:
                out.write(piece.encode())
                continue
            for number, part in enumerate(SECTION_MARKS.split(piece)):
                if number % 2 == 0:
                    out.write(part.encode())
                else:
                    places[int(part)] = (out.tell(), len(pieces[int(part)]))
                    out.write(pieces[int(part)])
    return places


def page_siteurl(settings: dict, save_as: str) -> str:
    """SITEURL as Pelican's writer gives it to a page at `save_as`."""
    return path_to_url(get_relative_path(save_as)) if settings["RELATIVE_URLS"] else settings["SITEURL"]
