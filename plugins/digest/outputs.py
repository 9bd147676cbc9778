"""Site-wide outputs (feeds, summit pages, digest.json, the report) rendered only when their inputs change.

Each output file gets a key: a fingerprint of what it shows, of the settings,
the theme and the plugin's code. The ledger (under CACHE_PATH, one per output
folder and kind of output) remembers each file's key and the size and mtime of
the file written with it, and which files this build rendered. An output is rendered again when its key differs,
when its file is missing, or when the file on disk is not the one written
(an older copy put back, an edit by hand). Files are written only when their
bytes change, so unchanged files keep their mtime.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from .speedups import PACKAGE, fingerprint, tree_digest

log = logging.getLogger(__name__)

LEDGER_NAME = "digest-outputs-{kind}-{folder}.json"


class OutputLedger:
    """Which outputs of one kind are up to date; `rendered` lists this build's, `unchanged` counts the rest."""

    def __init__(self, settings: dict, output_path: str, kind: str) -> None:
        folder = hashlib.sha256(os.path.abspath(output_path).encode()).hexdigest()[:16]
        self.path = Path(settings["CACHE_PATH"]) / LEDGER_NAME.format(kind=kind, folder=folder)
        self.output_path, self.kind = output_path, kind
        self.previous = load(self.path)
        self.current: dict[str, list] = {}
        self.rendered: list[str] = []
        code = tree_digest([Path(settings["THEME"]), PACKAGE]).hex()
        self.site = fingerprint((code, {key: value for key, value in settings.items() if key.isupper()}))
        self.unchanged = 0

    def key(self, *inputs) -> str | None:
        """The key of an output showing `inputs`; None (always render) when they cannot be fingerprinted."""
        shown = fingerprint(inputs) if self.site else None
        return f"{self.site}:{shown}" if shown else None

    def is_current(self, name: str, key: str | None) -> bool:
        """True when `name` was written from `key` and is still on disk as written; it is then kept."""
        entry = self.previous.get(name)
        if key is None or entry is None or entry[0] != key or stamp(self.target(name)) != entry[1]:
            return False
        self.current[name] = entry
        self.unchanged += 1
        return True

    def written(self, name: str, key: str | None, note=None) -> None:
        """Record that `name` was rendered from `key`; `note` (JSON data: a console summary, the keys of the
        items in the file) is kept with it for the next build."""
        self.rendered.append(name)
        if key is not None:
            self.current[name] = [key, stamp(self.target(name)), note]

    def previous_output(self, name: str) -> tuple[str, object] | None:
        """`name`'s text and note as last written, when the file is still as written by this code and these
        settings; else None."""
        entry = self.previous.get(name)
        if not entry or entry[2] is None or not self.site or not entry[0].startswith(f"{self.site}:"):
            return None
        target = self.target(name)
        if stamp(target) != entry[1]:
            return None
        return target.read_text(encoding="utf-8"), entry[2]

    def previous_items(self, name: str, field: str) -> dict[str, Dumped]:
        """The item lines of the list `field` in `name` (written by `json_lines`) as last written, by the item
        keys noted with it."""
        found = self.previous_output(name)
        if found is None:
            return {}
        text, keys = found
        lines = text.split("\n")
        header = f" {dump(field)}: ["
        if header not in lines:
            return {}
        start = lines.index(header) + 1
        items = lines[start:start + len(keys)]
        return {key: Dumped(line.strip().removesuffix(",")) for key, line in zip(keys, items) if key}

    def note(self, name: str):
        """The note kept with `name`, once `is_current` found it current."""
        return self.current[name][2] if name in self.current else None

    def write_text(self, name: str, text: str) -> None:
        """Write `name` unless it holds these bytes already."""
        target = self.target(name)
        data = text.encode("utf-8")
        if not same_bytes(target, data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def target(self, name: str) -> Path:
        return Path(self.output_path) / name

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"files": self.current, "rendered": self.rendered}), encoding="utf-8")
        os.replace(temporary, self.path)
        log.info("%s: %d rendered, %d unchanged", self.kind, len(self.rendered), self.unchanged)


def seed_state(path: str) -> tuple:
    """A seed file as it is on disk: what it was cleaned from (the doc is a function of its bytes)."""
    status = os.stat(path)
    return path, status.st_size, status.st_mtime_ns


class Dumped(str):
    """An item already written as JSON: `json_lines` copies it as it is."""


def json_lines(document: dict) -> str:
    """`document` as JSON, keys sorted, one item of each top-level list per line: the fast C encoder
    writes each item (an indented dump goes through the slow Python one), and a diff shows changed items."""
    def value(item) -> str:
        if not isinstance(item, list):
            return dump(item)
        lines = (element if isinstance(element, Dumped) else dump(element) for element in item)
        return "[\n" + ",\n".join(f"  {line}" for line in lines) + "\n ]" if item else "[]"

    fields = ",\n".join(f" {dump(key)}: {value(document[key])}" for key in sorted(document))
    return "{\n" + fields + "\n}\n"


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def stamp(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return [status.st_size, status.st_mtime_ns]


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def load(path: Path) -> dict[str, list]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["files"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return {}
