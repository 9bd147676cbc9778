"""Output of corpus linking: a page per summit, the summit index, and `digest.json`.

A Pelican generator (added through `get_generators`): its output step runs
after every generator's context step, so summits and articles are final.
`digest.json` is the open data: every article (copies included) with its
cleaned text and links, and every event; keys sorted, ids from seed file
names, so two builds of the same seeds write the same bytes.
"""
from __future__ import annotations

import json
from pathlib import Path

from pelican.generators import Generator

from .inspect import INSPECT_KEYS
from .summit import PAGE_DEFAULTS

DATA_FILE = "digest.json"


class SummitGenerator(Generator):
    def generate_context(self) -> None:
        for key, value in PAGE_DEFAULTS.items():
            self.settings.setdefault(key, value)
        self.context.setdefault("summits", [])

    def generate_output(self, writer) -> None:
        summits = self.context.get("summits", [])
        relative = self.settings.get("RELATIVE_URLS", False)
        for summit in summits:
            writer.write_file(
                summit.save_as, self.get_template("summit"), self.context,
                relative_urls=relative, summit=summit, articles=summit.articles,
                page_name=summit.page_name, url=summit.url,
            )
        if self.settings["SUMMITS_SAVE_AS"]:
            writer.write_file(
                self.settings["SUMMITS_SAVE_AS"], self.get_template("summits"), self.context,
                relative_urls=relative, page_name="summits", url=self.settings["SUMMITS_URL"],
            )
        articles = [a for a in self.context.get("articles", []) + self.context.get("hidden_articles", [])
                    if hasattr(a, "digest_id")]
        path = Path(self.output_path) / DATA_FILE
        path.write_text(json.dumps(open_data(articles, summits), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")


def open_data(articles: list, summits: list) -> dict:
    return {
        "articles": sorted((article_record(a) for a in articles), key=lambda r: r["id"]),
        "events": [event_record(s, [a for a in articles if a.summit is s]) for s in summits],
    }


def article_record(article) -> dict:
    cleaned = article.digest.to_dict()
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
