"""What went wrong with which file: one short, named reason per problem.

Pelican logs a file it cannot read and goes on with the rest; we do the same,
but also keep each problem so the console summary, the curator report and
`invoke build`'s exit status can say what happened to every file in `seeds/`.
The checks here are pure functions; the reader raises `SkippedSeed` and logs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from .cleaning.model import CleanedDoc
from .stored import body_types

#: Seeds larger than this are skipped: no copy-pasted article is this long, a dump or a mistake is.
MAX_SEED_BYTES = 20_000_000


class Severity(str, Enum):
    SKIPPED = "skipped"  # the seed is not published
    WARNING = "warning"  # published, but the curator should look at it
    IGNORED = "ignored"  # a file in the seeds folder that is not a seed


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, as the curator sees it
    severity: Severity
    reason: str

    def message(self) -> str:
        return f"{self.path}: {self.severity.value}: {self.reason}"


class SkippedSeed(Exception):
    """A seed that cannot become an article; the message is the reason, for the curator."""


def check_bytes(data: bytes) -> None:
    """Raise `SkippedSeed` for files that hold no text to clean."""
    if not data:
        raise SkippedSeed("empty file")
    if len(data) > MAX_SEED_BYTES:
        raise SkippedSeed(f"{len(data):,} bytes is more than the {MAX_SEED_BYTES:,} a seed may have")
    if not data.strip():
        raise SkippedSeed("only whitespace")


def check_doc(doc: CleanedDoc) -> None:
    """Raise `SkippedSeed` when cleaning left nothing to publish (an empty page helps no reader)."""
    if "paragraph" not in body_types(doc):
        raise SkippedSeed(f"no article text left after cleaning ({len(doc.removed)} blocks removed)")


def warnings_for(doc: CleanedDoc) -> list[str]:
    """Why a published seed deserves a curator's look: the cleaner's own warnings and missing metadata."""
    found = list(doc.warnings)
    if not doc.title:
        found.append("no title found: the file name is used")
    if doc.date is None:
        found.append("no date found: add a `Date:` line to the curator header")
    return found


def display_path(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """`path` relative to the project root when it lies inside it, else the file name. A file that is not a
    link resolves as its folder does: a build's warnings and its report name every seed of a few folders."""
    folder, name = os.path.split(os.fspath(path))
    real = os.path.realpath(path) if os.path.islink(path) else os.path.join(resolved(folder), name)
    inside = os.path.join(resolved(os.fspath(root)), "")
    return real[len(inside):].replace(os.sep, "/") if real.startswith(inside) else name


@lru_cache(maxsize=64)
def resolved(folder: str) -> str:
    """A folder (the project root, a seeds folder), resolved once per build process."""
    return os.path.realpath(folder)


def non_seed_files(folders: list[Path], extensions: list[str]) -> list[Path]:
    """Files in the seeds folders that Pelican will not read as seeds (README.md, images, .DS_Store).
    Only names without a seed's suffix are checked on disk: a stat per seed was most of a rebuild's report."""
    suffixes = {f".{extension.lower()}" for extension in extensions}
    found = []
    for folder in folders:
        for parent, _, names in os.walk(folder):
            others = [name for name in names if os.path.splitext(name)[1].lower() not in suffixes]
            found.extend(path for name in others if (path := Path(parent, name)).is_file())
    return sorted(found)
