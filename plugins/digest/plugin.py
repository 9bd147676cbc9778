"""Signal receivers that hook the digest into Pelican. Module-level, no mutable state."""
from __future__ import annotations

from pelican import signals

from . import settings as digest_settings
from .corpus import link_articles
from .early_link import start_linking
from .generators import get_generators as summit_generators
from .feeds import get_generators as feed_generators
from .filters import add_filters
from .markdown_reader import MarkdownItReader
from .parallel import clean_in_parallel
from .reader import SeedReader, read_only_seeds, save_reading, settle_date
from .render_pool import forking_writer, render_deferred
from .search import build_index, note_pages, settle_leftover_index, start_index
from .side_outputs import finish_side_outputs, note_corpus, start_side_outputs
from .stale import remove_stale_outputs
from .speedups import (cache_compiled_templates, freeze_collected, linear_groupings,
                       order_as_pelican, pin_read_urls, pin_urls, save_ledger, unfreeze_collected)


def add_reader(readers) -> None:
    digest_settings.merged(readers.settings)
    for extension in readers.settings["DIGEST_SEED_EXTENSIONS"]:
        readers.reader_classes[extension] = SeedReader
    for extension in MarkdownItReader.file_extensions:
        readers.reader_classes.setdefault(extension, MarkdownItReader)


def forget_replaced_readers(generator) -> None:
    """`generator_init`: Pelican warns that `.md` needs Python-Markdown although MarkdownItReader reads it;
    a disabled reader for an extension an enabled one handles is not missing."""
    readers = generator.readers
    for extension in [extension for extension in readers.disabled_readers if extension in readers.readers]:
        del readers.disabled_readers[extension]


# Blinker keeps a signal's receivers in a set: where steps must run in order, one receiver runs them.

def prepare_corpus(generator) -> None:
    """`article_generator_pretaxonomy`: every article is read; link them before Pelican groups them."""
    order_as_pelican(generator)  # linking reads the order
    freeze_collected(generator)  # before linking allocates its tables
    link_articles(generator)


def prepare_reading(generator) -> None:
    """`article_generator_init`: clean the seeds the cache lacks, then link the corpus they make ahead."""
    clean_in_parallel(generator)  # knows every seed's key, which linking ahead reads
    start_linking(generator)


def article_read(generator, metadata: dict) -> None:
    """`article_generator_context`: the metadata of one article, before Pelican makes it an `Article`."""
    settle_date(generator, metadata)
    pin_read_urls(generator, metadata)


def articles_written(generator, writer) -> None:
    """`article_writer_finalized`."""
    render_deferred(generator, writer)  # every article page on disk before the ledger stamps it
    save_ledger(generator, writer)


def build_finished(pelican) -> None:
    """`finalized`."""
    finish_side_outputs(pelican)  # its files count as this build's
    remove_stale_outputs(pelican)
    build_index(pelican)
    unfreeze_collected(pelican)


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.article_generator_pretaxonomy.connect(prepare_corpus)
    signals.article_writer_finalized.connect(articles_written)
    signals.finalized.connect(build_finished)
    signals.article_generator_init.connect(read_only_seeds)
    signals.get_generators.connect(feed_generators)
    signals.get_generators.connect(summit_generators)
    signals.generator_init.connect(add_filters)
    signals.generator_init.connect(forget_replaced_readers)
    signals.all_generators_finalized.connect(note_pages)
    signals.all_generators_finalized.connect(note_corpus)
    signals.article_generator_init.connect(settle_leftover_index)  # before any page is written again
    signals.page_writer_finalized.connect(start_index)  # every page to index is written
    signals.article_generator_init.connect(prepare_reading)
    signals.article_generator_finalized.connect(linear_groupings)
    signals.article_generator_context.connect(article_read)
    signals.article_generator_finalized.connect(pin_urls)
    signals.article_generator_finalized.connect(save_reading)
    signals.page_generator_finalized.connect(pin_urls)
    signals.get_writer.connect(forking_writer)
    signals.get_writer.connect(start_side_outputs)  # the context is final: intersite links refreshed
    signals.generator_init.connect(cache_compiled_templates)
    signals.page_writer_finalized.connect(save_ledger)
    signals.article_generator_preread.connect(freeze_collected)
