"""The cleaning report: what the build did with every file in the seeds folders.

After the articles are written (`article_writer_finalized`) we gather, per
seed, what was kept, removed (with reasons), inferred or set by the curator,
and what was wrong; then print a short summary on the console, write the
curator's page (`DIGEST_REPORT_SAVE_AS`, template `report.html`) and the same
data as `report.json` beside it, which `invoke build` reads for its exit status.
Everything is sorted by path, so two builds of the same seeds write the same bytes.
"""
from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from markupsafe import Markup
from pelican.log import console
from pelican.utils import get_relative_path, path_to_url

from .cleaning.model import CleanedDoc
from .outputs import OutputLedger, json_lines, seed_state
from .problems import Problem, Severity, display_path, non_seed_files, warnings_for
from .reader import SeedReader
from .speedups import fingerprint

log = logging.getLogger(__name__)

#: CleanedDoc fields the report shows as metadata, in this order.
METADATA_FIELDS = (
    "title", "subtitle", "authors", "date", "outlet",
    "original_publisher", "original_url", "agency", "summit",
)
#: Metadata the console summary counts as inferred, with its plural for the summary line.
COUNTED_FIELDS = {"title": "titles", "date": "dates", "authors": "author lists", "outlet": "outlets"}
JSON_NAME = "report.json"
#: How every section of the report page (partials/report_seed.html) begins and ends.
SECTION_START, SECTION_END = '<section class="report-seed', "</section>"


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
class BuildReport:
    seeds: list[SeedEntry]
    events: int = 0  # events discovered by corpus linking (not from the summit catalogue)

    def count(self, status: str) -> int:
        return sum(entry.status == status for entry in self.seeds)

    def counts(self) -> dict[str, int]:
        return {
            "seeds_read": sum(entry.status != Severity.IGNORED.value for entry in self.seeds),
            "articles_written": self.count("published"),
            "skipped": self.count(Severity.SKIPPED.value),
            "warnings": sum(len(e.problems) for e in self.seeds if e.status == "published"),
            "ignored": self.count(Severity.IGNORED.value),
            "events": self.events,
        }

    def inferred(self) -> dict[str, int]:
        """How many published seeds got each counted field from the cleaner, and how many from the curator."""
        sources = [item for entry in self.seeds for item in entry.metadata]
        found = {name: sum(item["field"] == name and item["source"] == "cleaner" for item in sources)
                 for name in COUNTED_FIELDS}
        found["curator"] = sum(bool(entry.overridden) for entry in self.seeds)
        found["linked_dates"] = sum(i["field"] == "date" and i["source"] == "linking" for i in sources)
        found["copies"] = sum(item["field"] == "copy of" for item in sources)
        return found

    def summary(self, location: str) -> str:
        counts, inferred = self.counts(), self.inferred()
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

    def to_json(self, keys: list | None = None, reused: dict | None = None) -> str:
        """The JSON; a seed whose key (`keys`, in order) is in `reused` is that line of the last report.json.
        A seed's fields are strings, numbers and lists of them: a shallow copy is what asdict() makes."""
        reused = reused or {}
        keys = keys or [None] * len(self.seeds)
        seeds = [reused.get(key) or dict(vars(entry)) for key, entry in zip(keys, self.seeds)]
        return json_lines({"counts": self.counts(), "inferred": self.inferred(), "seeds": seeds})


def published_entry(path: str, article) -> SeedEntry:
    doc: CleanedDoc = article.digest
    metadata = [
        {"field": name, "value": ", ".join(value) if isinstance(value, list) else value or "",
         "source": "curator" if name in doc.overridden else "cleaner"}
        for name in METADATA_FIELDS
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


def gather(generator, ignored: list[SeedEntry]) -> BuildReport:
    """Every seed the articles generator saw, every seed it skipped, and the `ignored` other files."""
    root = PathRoot(generator.settings["PATH"])
    entries = [published_entry(root.display(a.source_path), a) for a in report_articles(generator)]
    entries += [SeedEntry(p.path, p.severity.value, problems=[p.reason]) for p in skipped_seeds(generator)]
    events = sum(summit.discovered for summit in generator.context.get("summits") or ())
    return BuildReport(sorted(entries + ignored, key=lambda entry: entry.path), events=events)


def report_articles(generator) -> list:
    articles = [*generator.articles, *generator.translations, *generator.hidden_articles, *generator.drafts]
    return [article for article in articles if hasattr(article, "digest")]


def skipped_seeds(generator) -> list[Problem]:
    readers = [reader for reader in generator.readers.readers.values() if isinstance(reader, SeedReader)]
    return [problem for reader in readers for problem in reader.skipped]


def ignored_files(generator) -> list[SeedEntry]:
    """Other files in the seeds folders, each logged as a warning on every build."""
    settings, root = generator.settings, generator.settings["PATH"]
    folders = [Path(generator.path, folder) for folder in settings["ARTICLE_PATHS"]]
    suffixes = ", ".join(f".{extension}" for extension in settings["DIGEST_SEED_EXTENSIONS"])
    entries = []
    for path in non_seed_files(folders, settings["DIGEST_SEED_EXTENSIONS"]):
        problem = Problem(display_path(path, root), Severity.IGNORED, f"not a seed (seeds end in {suffixes})")
        log.warning("%s", problem.message())
        entries.append(SeedEntry(problem.path, problem.severity.value, problems=[problem.reason]))
    return entries


class PathRoot:
    """`problems.display_path` for many paths: the root and each folder are resolved once, not each seed."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.prefix = os.path.realpath(root) + os.sep
        self.folders: dict[str, str] = {}

    def display(self, path: str) -> str:
        folder, name = os.path.split(path)
        if folder not in self.folders:
            self.folders[folder] = os.path.realpath(folder) + os.sep
        if os.path.islink(path):
            return display_path(path, self.root)
        resolved = self.folders[folder] + name
        return resolved[len(self.prefix):].replace(os.sep, "/") if resolved.startswith(self.prefix) else name


def report_inputs(generator) -> tuple:
    """What decides the report: each seed file as it is on disk (its cleaned doc follows from its bytes and
    the plugin's code), what linking attached to it, the skipped seeds and the events discovered."""
    articles = []
    for article in report_articles(generator):
        summit, original = getattr(article, "summit", None), getattr(article, "duplicate_of", None)
        articles.append((seed_state(article.source_path), article.slug, getattr(article, "status", None),
                         summit.title if summit else None, getattr(article, "date_inferred", False),
                         article.date, original.slug if original else None))
    events = sum(summit.discovered for summit in generator.context.get("summits") or ())
    return generator.settings["PATH"], articles, skipped_seeds(generator), events


def write_report(generator, writer) -> None:
    """`article_writer_finalized` receiver: the console summary, the report page and its JSON, the page
    and JSON only when what they show changed."""
    ignored = ignored_files(generator)
    save_as = generator.settings["DIGEST_REPORT_SAVE_AS"]
    if not save_as:
        summary = gather(generator, ignored).summary("not written (DIGEST_REPORT_SAVE_AS is empty)")
        console.print(summary, markup=False, highlight=False, soft_wrap=True)
        return
    ledger = OutputLedger(generator.settings, writer.output_path, "report")
    json_name = str(PurePosixPath(save_as).with_name(JSON_NAME))
    key = ledger.key(save_as, report_inputs(generator), [asdict(entry) for entry in ignored])
    if ledger.is_current(save_as, key) and ledger.is_current(json_name, key):
        summary = ledger.note(save_as)["summary"]
    else:
        report = gather(generator, ignored)
        relative = generator.settings["RELATIVE_URLS"]
        siteurl = path_to_url(get_relative_path(save_as)) if relative else generator.settings["SITEURL"]
        keys = [fingerprint(vars(entry)) for entry in report.seeds]
        sections, section_keys = report_sections(generator, ledger, save_as, report, keys, siteurl)
        writer.write_file(save_as, generator.get_template("report"), generator.context, relative_urls=relative,
                          report=report, sections=sections, counts=report.counts(), inferred=report.inferred(),
                          page_name="report")
        ledger.write_text(json_name, report.to_json(keys, ledger.previous_items(json_name, "seeds")))
        summary = report.summary(save_as)
        ledger.written(save_as, key, note={"summary": summary, "sections": section_keys})
        ledger.written(json_name, key, note=keys)
    ledger.save()
    console.print(summary, markup=False, highlight=False, soft_wrap=True)


def report_sections(generator, ledger: OutputLedger, save_as: str, report: BuildReport, keys: list,
                    siteurl: str):
    """Each file's section of the page (partials/report_seed.html) and its key (the seed's key in `keys`,
    its place and SITEURL); a section whose key is the one it had in the last report is copied from that
    page, not rendered."""
    previous = {}
    if found := ledger.previous_output(save_as):
        text, note = found
        parts = text.split(SECTION_START)[1:]
        previous = {key: SECTION_START + part.split(SECTION_END, 1)[0] + SECTION_END
                    for key, part in zip(note["sections"], parts) if key}
    template = generator.get_template("partials/report_seed")
    sections, section_keys = [], []
    for index, (entry, seed_key) in enumerate(zip(report.seeds, keys), start=1):
        key = f"{seed_key}:{index}:{siteurl}" if seed_key else None
        html = previous.get(key) or template.render(entry=entry, index=index, SITEURL=siteurl).strip()
        sections.append(Markup(html))
        section_keys.append(key)
    return sections, section_keys
