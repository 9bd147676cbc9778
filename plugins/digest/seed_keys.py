"""The cleaning-cache key of each seed file, remembered by the file's status (`memo.py`).

Every build needs the key of every seed (a hash of its bytes and of the cleaner), and reading and
hashing 10,000 seeds was a tenth of reading a corpus from the cache. A file whose size, times, inode and
device are those of the last build has the key it had. The change time cannot be set by a program and
any write or rename sets it to the current time, so an edited seed has another; as in git's index, a
file changed within `SETTLE_NS` of the build's start is not remembered (a later edit in the same clock
tick could keep every field), and is hashed again next time.
"""
from __future__ import annotations

import os
import time

from .memo import BuildMemo

FILE_NAME = "digest-seed-keys.json"
#: How long before a build's start a file must have last changed for its key to be remembered.
SETTLE_NS = 2_000_000_000


def file_status(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


class SeedKeys(BuildMemo):
    """Keys by absolute seed path, each with the status of the file it was computed from. `basis` is what
    else a key follows from: the cleaner, and the byte checks a seed passed before it was remembered."""

    file_name, field, kind = FILE_NAME, "keys", list

    def __init__(self, settings: dict, basis: list[str]) -> None:
        super().__init__(settings)
        self._basis = basis
        self.started_ns = time.time_ns()

    @property
    def basis(self) -> list[str]:
        return self._basis

    def __call__(self, path: str, stat: os.stat_result) -> str | None:
        """The key of the file at `path` in the last build, if it is the same file and unchanged since."""
        entry = self.known.get(path)
        if isinstance(entry, list) and entry[:-1] == file_status(stat) and isinstance(entry[-1], str):
            self.used[path] = entry
            return entry[-1]
        return None

    def note(self, path: str, stat: os.stat_result, key: str) -> None:
        """Remember `key` for the file at `path`, as it was when `stat` was taken (before reading it)."""
        if stat.st_ctime_ns < self.started_ns - SETTLE_NS:
            self.used[path] = [*file_status(stat), key]
