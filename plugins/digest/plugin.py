"""Signal receivers that hook the digest into Pelican. Module-level, no mutable state."""
from __future__ import annotations

from pelican import signals

from . import settings as digest_settings
from .corpus import link_articles
from .generators import get_generators as summit_generators
from .feeds import get_generators as feed_generators
from .filters import add_filters
from .markdown_reader import MarkdownItReader
from .parallel import clean_in_parallel
from .reader import SeedReader, read_only_seeds
from .render_pool import forking_writer, render_deferred
from .report import write_report
from .search import build_index, note_pages, start_index
from .speedups import (cache_compiled_templates, freeze_collected, linear_groupings,
                       order_as_pelican, pin_urls, save_ledger, unfreeze_collected)


def add_reader(readers) -> None:
    digest_settings.merged(readers.settings)
    for extension in readers.settings["DIGEST_SEED_EXTENSIONS"]:
        readers.reader_classes[extension] = SeedReader
    for extension in MarkdownItReader.file_extensions:
        readers.reader_classes.setdefault(extension, MarkdownItReader)


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(read_only_seeds)
    signals.article_writer_finalized.connect(render_deferred)  # first: every article page written
    signals.article_writer_finalized.connect(write_report)
    signals.get_generators.connect(feed_generators)
    signals.article_generator_pretaxonomy.connect(order_as_pelican)  # before linking reads the order
    signals.article_generator_pretaxonomy.connect(freeze_collected)  # before linking allocates its tables
    signals.article_generator_pretaxonomy.connect(link_articles)
    signals.get_generators.connect(summit_generators)
    signals.generator_init.connect(add_filters)
    signals.all_generators_finalized.connect(note_pages)
    signals.page_writer_finalized.connect(start_index)  # every page to index is written
    signals.finalized.connect(build_index)
    signals.article_generator_init.connect(clean_in_parallel)
    signals.article_generator_finalized.connect(linear_groupings)
    signals.article_generator_finalized.connect(pin_urls)
    signals.page_generator_finalized.connect(pin_urls)
    signals.get_writer.connect(forking_writer)
    signals.generator_init.connect(cache_compiled_templates)
    signals.article_writer_finalized.connect(save_ledger)
    signals.page_writer_finalized.connect(save_ledger)
    signals.article_generator_preread.connect(freeze_collected)
    signals.finalized.connect(unfreeze_collected)
