"""Values of a pure function, remembered from one build to the next under CACHE_PATH.

Some work per seed is cheap once but adds up over a corpus on every build
(Pelican's `slugify` of every title, counting every body's words). Such values
are kept in one JSON file with their basis: what else they follow from (how
they are computed, settings, the versions of the packages that compute them).
A memo of another basis is not read, and it is read only when a value is
asked for. Only the values this build used are kept, so those of removed
seeds go.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path


class BuildMemo:
    """A memo of `kind` values by string key; a subclass names its file and field and gives its `basis`."""

    file_name: str
    field: str
    kind: type

    def __init__(self, settings: dict) -> None:
        self.path = Path(settings["CACHE_PATH"]) / self.file_name
        self.used: dict[str, object] = {}

    @property
    def basis(self) -> list[str]:
        raise NotImplementedError

    @cached_property
    def known(self) -> dict:
        """The last build's values, read on the first call (a build that asks for none never reads them)."""
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        same_basis = isinstance(stored, dict) and stored.get("basis") == self.basis
        values = stored.get(self.field) if same_basis else None
        return values if isinstance(values, dict) else {}

    def remembered(self, key: str, compute: Callable[[], object]):
        """The value for `key`: this build's, else the memo's, else computed."""
        value = self.used.get(key)
        if value is None:
            value = self.known.get(key)
            if not isinstance(value, self.kind):
                value = compute()
            self.used[key] = value
        return value

    def save(self) -> None:
        """Keep the values this build used (and only those), when they differ from the memo it started with."""
        if not self.used or self.used == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"basis": self.basis, self.field: self.used}), encoding="utf-8")
        os.replace(temporary, self.path)
