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

import filecmp
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .speedups import PACKAGE, fingerprint, stamp, tree_digest
from .stale import folder_key, made_beside

log = logging.getLogger(__name__)

LEDGER_NAME = "digest-outputs-{kind}-{folder}.json"


class OutputLedger:
    """Which outputs of one kind are up to date; `rendered` lists this build's, `unchanged` counts the rest."""

    def __init__(self, settings: dict, output_path: str, kind: str) -> None:
        self.path = Path(settings["CACHE_PATH"]) / LEDGER_NAME.format(kind=kind, folder=folder_key(output_path))
        self.output_path, self.kind = output_path, kind
        self.previous = load(self.path)
        self.current: dict[str, list] = {}
        self.rendered: list[str] = []
        self.made: list[str] = []  # every file this build wrote or kept, for stale.py
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
        self.made.append(name)
        made_beside(self.output_path, name)
        return True

    def written(self, name: str, key: str | None, note=None) -> None:
        """Record that `name` was rendered from `key`; `note` (JSON data: a console summary, the keys of the
        items in the file) is kept with it for the next build."""
        self.rendered.append(name)
        self.made.append(name)
        made_beside(self.output_path, name)
        if key is not None:
            self.current[name] = [key, stamp(self.target(name)), note]

    def previous_file(self, name: str) -> tuple[Path, object] | None:
        """`name`'s path and note as last written, when the file is still as written by this code and these
        settings; else None."""
        entry = self.previous.get(name)
        if not entry or entry[2] is None or not self.site or not entry[0].startswith(f"{self.site}:"):
            return None
        target = self.target(name)
        return (target, entry[2]) if stamp(target) == entry[1] else None

    def previous_items(self, name: str) -> Spans:
        """The items of a list in `name` (written by `write_json_lines`) as last written, by the item keys
        noted with it (`items_note`): where each lies follows from the noted lengths, so the last file
        is read only for the items copied, and by the kernel."""
        found = self.previous_file(name)
        if found is None or not isinstance(found[1], dict):
            return Spans()
        path, note = found
        offset, spans = note["start"], {}
        for key, length in zip(note["keys"], note["lengths"]):
            spans[key] = (offset, length)
            offset += length + SEPARATOR
        return Spans(path, spans)

    def previous_pieces(self, name: str) -> Spans:
        """The pieces of `name` as last written, by the keys noted with it as `[key, offset, length]` each."""
        found = self.previous_file(name)
        if found is None or not isinstance(found[1], list):
            return Spans()
        path, pieces = found
        return Spans(path, {key: (offset, length) for key, offset, length in pieces})

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

    def stream(self, name: str) -> StreamedFile:
        return StreamedFile(self.target(name))

    def target(self, name: str) -> Path:
        return Path(self.output_path) / name

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"files": self.current, "rendered": self.rendered}), encoding="utf-8")
        os.replace(temporary, self.path)
        log.info("%s: %d rendered, %d unchanged", self.kind, len(self.rendered), self.unchanged)


def item_key(value) -> str:
    """A short digest of one item's inputs (strings, numbers, dates and tuples, lists or dicts of them) by
    their repr: ten thousand of them cost a few milliseconds. An object without a stable repr gives a new key
    each build, so its item is made again, never wrongly reused."""
    return hashlib.blake2b(repr(value).encode(), digest_size=12).hexdigest()


class Spans:
    """Pieces of a file written by the last build, by key: (offset, length), read only when asked for, so
    a large output's unchanged parts are copied without holding the whole last file."""

    def __init__(self, path: Path | None = None, spans: dict | None = None) -> None:
        self.path, self.spans, self.file = path, spans or {}, None

    def get(self, key) -> bytes | None:
        if key not in self.spans:
            return None
        offset, length = self.spans[key]
        self.open().seek(offset)
        return self.file.read(length)

    def span(self, key) -> Span | None:
        """The piece `key` as a place in the last file, which `write_json_lines` copies together with the
        pieces that follow it there."""
        return Span(self, *self.spans[key]) if key in self.spans else None

    def open(self):
        if self.file is None:
            self.file = open(self.path, "rb")
        return self.file

    def copy(self, out, start: int, end: int) -> None:
        """Bytes `start` to `end` of the last file to the end of the binary file `out`, by the kernel where
        it can (a one-seed rebuild copies the two large JSON files almost whole)."""
        source = self.open()
        out.flush()
        try:
            while start < end:
                copied = os.copy_file_range(source.fileno(), out.fileno(), end - start, start)
                if copied == 0:
                    raise OSError("copy_file_range copied nothing")
                start += copied
        except (AttributeError, OSError):  # no copy_file_range here, or not between these files
            source.seek(start)
            while start < end:
                chunk = source.read(min(end - start, COPY_CHUNK))
                if not chunk:
                    raise EOFError(f"{self.path} is shorter than when it was written")
                out.write(chunk)
                start += len(chunk)
        out.seek(0, os.SEEK_END)  # the buffered writer learns where the copy left the file

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


@dataclass(frozen=True)
class Span:
    """One piece of a file written by the last build: where it lies in `source`'s file."""

    source: Spans
    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length


class StreamedFile:
    """A large output written piece by piece beside its target, put in its place on success only when its
    bytes differ: no build holds the whole file, and an unchanged file keeps its mtime."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.temporary = target.with_name(f".{target.name}.building")

    def __enter__(self):
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.temporary, "wb")
        return self.file

    def __exit__(self, kind, error, traceback) -> None:
        self.file.close()
        if kind is None and not same_file(self.temporary, self.target):
            os.replace(self.temporary, self.target)
        else:
            self.temporary.unlink()


def write_json_lines(out, document: dict) -> dict[str, tuple[int, list[int]]]:
    """`document` as JSON to the binary file `out`, keys sorted, one item of each top-level list (or
    iterator) per line: the fast C encoder writes each item (an indented dump goes through the slow Python
    one), a diff shows changed items, an item given as bytes is copied as it is, and items given as a
    `Span` of the last file that lie one after the other there are copied from it in one go. Returns
    where each non-empty list's first item begins and each item's length, for `items_note`."""
    places = {}
    for index, key in enumerate(sorted(document)):
        out.write(f"{',' if index else '{'}\n {dump(key)}: ".encode())
        value = document[key]
        if isinstance(value, (list, Iterator)):
            empty, run, lengths = True, None, []  # run: the Span pieces to copy, as (source, start, end)
            for item in value:
                if run and isinstance(item, Span) and item.source is run[0] and item.offset == run[2] + SEPARATOR:
                    run = (run[0], run[1], item.end)
                    lengths.append(item.length)
                    continue
                if run:
                    run[0].copy(out, run[1], run[2])
                    run = None
                out.write(b",\n  " if not empty else b"[\n  ")
                if empty:
                    places[key] = (out.tell(), lengths)
                empty = False
                if isinstance(item, Span):
                    run = (item.source, item.offset, item.end)
                    lengths.append(item.length)
                else:
                    data = item if isinstance(item, bytes) else dump(item).encode()
                    out.write(data)
                    lengths.append(len(data))
            if run:
                run[0].copy(out, run[1], run[2])
            out.write(b"[]" if empty else b"\n ]")
        else:
            out.write(dump(value).encode())
    out.write(b"\n}\n")
    return places


def items_note(keys: list[str], place: tuple[int, list[int]] | None) -> dict:
    """The note `previous_items` reads: each item's key, where the list's first item begins and each
    item's length (`write_json_lines`)."""
    start, lengths = place or (0, [])
    return {"keys": keys, "start": start, "lengths": lengths}


#: Bytes between two items of a list `write_json_lines` wrote: ",\n  ".
SEPARATOR = 4
#: Bytes read at a time where the kernel cannot copy.
COPY_CHUNK = 1 << 20

#: `json.dumps(value, ensure_ascii=False, sort_keys=True)`, without making an encoder for each call.
dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def same_file(written: Path, target: Path) -> bool:
    return target.exists() and filecmp.cmp(written, target, shallow=False)


def load(path: Path) -> dict[str, list]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["files"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return {}
