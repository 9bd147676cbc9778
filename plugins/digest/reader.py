"""`SeedReader`: one raw seed file -> (HTML body, Pelican metadata).

The reader only adapts; cleaning lives in `cleaning.pipeline`. The full
`CleanedDoc` travels with the article as `article.digest` so linking,
templates and the data export see the same data as `invoke inspect`.
"""
from __future__ import annotations

from pathlib import Path

from pelican.readers import BaseReader
from pelican.utils import slugify

from .cleaning.pipeline import clean
from .cleaning.render import render_body


UNDATED = "1970-01-01"


class SeedReader(BaseReader):
    enabled = True
    file_extensions = ["txt"]

    def read(self, source_path: str):
        path = Path(source_path)
        doc = clean(path.read_bytes())
        title = doc.title or path.stem
        metadata = {
            "title": title,
            "slug": self.process_metadata("slug", article_slug(path, title, self.settings)),
            "digest": doc,
            "seed": path.name,
        }
        # Pelican requires a date on every article. An undated seed gets a
        # provisional one that corpus linking replaces with an inferred date;
        # templates read `digest.date` and show the provisional one as unknown.
        metadata["date"] = self.process_metadata("date", doc.date or UNDATED)
        if doc.authors:
            metadata["authors"] = self.process_metadata("authors", ", ".join(doc.authors))
        if doc.subtitle:
            metadata["summary"] = doc.subtitle
        return render_body(doc.body), metadata


def article_slug(path: Path, title: str, settings: dict) -> str:
    """A slug from the title, made unique by the seed's file stem so two seeds never share a page."""
    base = slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "article"
    stem = slugify(path.stem, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "seed"
    return f"{base[:80].strip('-')}-{stem[:40]}"
