"""Signal receivers that hook the digest into Pelican. Module-level, no mutable state."""
from __future__ import annotations

from pelican import signals

from . import settings as digest_settings
from .reader import SeedReader


def add_reader(readers) -> None:
    digest_settings.merged(readers.settings)
    for extension in readers.settings["DIGEST_SEED_EXTENSIONS"]:
        readers.reader_classes[extension] = SeedReader


def register() -> None:
    signals.readers_init.connect(add_reader)
