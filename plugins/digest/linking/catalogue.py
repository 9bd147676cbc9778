"""The curator's summit catalogue: a YAML list of summits, read into `CatalogueSummit`s.

A bad entry is reported with its position and what is wrong, and skipped;
the build goes on with the others.
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import yaml

from .model import CatalogueSummit

log = logging.getLogger(__name__)

REQUIRED = ("id", "title", "date")


def load(path: Path | str | None) -> list[CatalogueSummit]:
    """Summits from the catalogue file, in time order; [] for no path or a missing file."""
    if not path:
        return []
    path = Path(path)
    if not path.exists():
        log.warning("Summit catalogue %s not found: every event will be discovered", path)
        return []
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    summits = [summit for index, entry in enumerate(entries) if (summit := parse(entry, f"{path}#{index + 1}"))]
    return sorted(summits, key=lambda s: (s.date, s.id))


def parse(entry: object, where: str) -> CatalogueSummit | None:
    if not isinstance(entry, dict) or any(not entry.get(key) for key in REQUIRED):
        log.warning("Catalogue entry %s needs %s; skipped", where, ", ".join(REQUIRED))
        return None
    when = entry["date"]
    if not isinstance(when, date):
        try:
            when = date.fromisoformat(str(when))
        except ValueError:
            log.warning("Catalogue entry %s: date %r is not YYYY-MM-DD; skipped", where, when)
            return None
    return CatalogueSummit(
        id=str(entry["id"]),
        title=str(entry["title"]),
        date=when,
        place=str(entry.get("place", "")),
        format=str(entry.get("format", "")),
        participants=tuple(str(p) for p in entry.get("participants", ())),
        description=str(entry.get("description", "")).strip(),
        aliases=tuple(str(a) for a in entry.get("aliases", ())),
    )
