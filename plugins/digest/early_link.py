"""Linking worked out while Pelican reads, on the second core, and taken only when its input was exact.

In a rebuild the build process reads every article (about a second at 10,000 seeds) and then links
them (as long again) while the second core sits idle. Linking reads only each seed's cleaned doc, its
file stem and the articles' order. Once the cleaning pre-pass knows every seed's key
(`parallel.clean_in_parallel`, `CleaningCache.known_keys`), a forked process links those seeds, each
with the doc of that key (an edited seed cleaned there), in the order Pelican will give their articles
(`pelican_order`: by the slug and date the reader makes of each doc, sorted as `speedups.order_as_pelican`
sorts them), and hands back what it linked, as each seed's (path, cleaning key), and the result.

A seed's linking `Doc` is `corpus.doc_of` of the cleaning-cache entry under its key (a digest of the
seed's bytes and the cleaner) and of its file stem: so on `article_generator_pretaxonomy` the build
takes the result when its articles are those seeds, in that order, each read under that key, and the
catalogue is the one linked (`taken`); it builds no `Doc` then. Otherwise (an order foreseen wrongly, a
seed edited again meanwhile, a failed process) it links them itself as before. The forked process keeps
the docs it made under CACHE_PATH/digest-linking/docs-0.pickle ... docs-f.pickle ({"<cleaning key> <path>":
(Doc, content key, slug)}, in 16 shards by the key's first hex digit, under a digest of the code that makes
them and what else a slug follows from, `docs_key`): an unchanged seed's doc and slug are read from there,
not unpickled from its cleaning entry and made again.

Only the forked process writes the linking caches while it runs: the build waits for it before linking
itself, and a discarded run leaves caches that any input may use (`linking_cache`). Nothing is worked
out ahead in a first build (no result stored yet), when Pelican's order is not one `pelican_order` knows
(translations, an ARTICLE_ORDER_BY other than a date, slug or file name), or when a fork is not sound
(`forks.forkable`).
"""
from __future__ import annotations

import gc
import hashlib
import logging
import operator
import os
import pickle
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from weakref import WeakKeyDictionary

from .cache import CleaningCache
from .forks import Forked, forkable, start
from .linking.catalogue import load
from .linking.model import CatalogueSummit, Doc, Linking, content_key
from .linking_cache import OFFERED, RESULT_FILE, LinkingCache, code_fingerprint, collector_paused
from .parallel import worker_count
from .problems import SkippedSeed
from .reader import UNDATED, SeedReader, article_slug, read_seed

log = logging.getLogger(__name__)

#: The attributes `pelican_order` sorts by, as ARTICLE_ORDER_BY names them (maybe "reversed-").
SORTED_BY = ("date", "slug", "basename")
#: The day of an undated seed's article until linking infers one.
EPOCH = date.fromisoformat(UNDATED)
#: The shards of the docs linked ahead: `docs-0.pickle` ... `docs-f.pickle`.
DOCS = "docs"



class Ahead(NamedTuple):
    """A seed linked ahead: its path and cleaning key, and the `Doc`, content key and slug made of them."""

    path: str
    key: str
    doc: Doc
    content: str
    slug: str


#: The run started for a generator, until its `article_generator_pretaxonomy` takes it.
_running: WeakKeyDictionary = WeakKeyDictionary()


def start_linking(generator) -> None:
    """After the cleaning pre-pass (`article_generator_init`): fork the linking of the seeds it found."""
    settings = generator.settings
    reader = next((generator.readers.readers.get(ext) for ext in settings["DIGEST_SEED_EXTENSIONS"]), None)
    if not isinstance(reader, SeedReader) or worker_count(settings) < 2 or not forkable():
        return
    if not foreseen(settings) or not (LinkingCache.from_settings(settings).folder / RESULT_FILE).exists():
        return  # Pelican's order unknown, or a first build
    _running[generator] = start(lambda: linked_ahead(generator, reader))


def foreseen(settings: dict) -> bool:
    """Whether `pelican_order` knows how Pelican will order the articles: by `speedups.order_as_pelican`
    (no translations), then by their date, slug or file name."""
    order_by = settings.get("ARTICLE_ORDER_BY")
    return not settings.get("ARTICLE_TRANSLATION_ID") and isinstance(order_by, str) and (
        order_by.removeprefix("reversed-") in SORTED_BY)


def linked_ahead(generator, reader: SeedReader) -> bytes:
    """In the forked process: (seeds, catalogue, `Linking`) of every seed the pre-pass found, in the order
    Pelican will give their articles, pickled, the seeds as (path, cleaning key); nothing when no seed can
    be read.

    Run only in that process, which leaves by `os._exit` as soon as it has handed this back: its collector
    stays off throughout, as nothing it makes needs collecting, where a collection once linking is done
    walks the docs and features loaded (0.03-0.05 s of its ~1.2 CPU-s in a one-seed rebuild at 10,000 seeds)."""
    from .corpus import catalogue_path

    gc.disable()
    settings = generator.settings
    linking = LinkingCache.from_settings(settings)
    ahead = docs_of(linking, reader, sorted(reader.cache.known_keys().items()))
    if not ahead:
        return b""
    ahead = pelican_order(ahead, settings["ARTICLE_ORDER_BY"])
    catalogue = load(catalogue_path(settings))
    result = linking.link([seed.doc for seed in ahead], catalogue, [seed.content for seed in ahead])
    seeds = [(seed.path, seed.key) for seed in ahead]
    return pickle.dumps((seeds, catalogue, result), protocol=pickle.HIGHEST_PROTOCOL)


def pelican_order(seeds: list[Ahead], order_by: str) -> list[Ahead]:
    """The seeds in the order of their articles on `article_generator_pretaxonomy`: sorted by
    slug, then (stably) by `order_by` as Pelican's `order_content` sorts by it, as `speedups.order_as_pelican`
    sorts them. An article's date is the midnight of its doc's day (or 1970-01-01) in the site's time zone
    for every seed, so the days compare as the dates do."""
    attribute, reverse = order_by.removeprefix("reversed-"), order_by.startswith("reversed-")
    order = sorted(seeds, key=operator.attrgetter("slug"))
    if attribute == "date":
        order.sort(key=lambda seed: seed.doc.date or EPOCH, reverse=reverse)
    elif attribute == "basename":
        order.sort(key=lambda seed: os.path.basename(seed.path), reverse=reverse)
    else:
        order.sort(key=operator.attrgetter("slug"), reverse=reverse)
    return order


def slug_of(reader: SeedReader, path: str, doc: Doc) -> str:
    """The slug `SeedReader.read` gives the article of the seed at `path`, whose doc is `doc`."""
    stem = os.path.splitext(os.path.basename(path))[0]
    return reader.process_metadata("slug", article_slug(stem, doc.title or stem, reader.slugs))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the code a stored doc and slug follow from besides their seed's cleaning key and path:
    what a `Doc` is (the linking code), how `corpus.doc_of` makes one, how the reader and `slug_of` make a
    slug, how this module lays out an entry, and which docs make an article (`problems.check_doc`, not run
    again on a stored doc)."""
    from . import corpus, problems, reader

    digest = hashlib.sha256(code_fingerprint().encode())
    for source in (corpus.__file__, reader.__file__, problems.__file__, __file__):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def docs_key(reader: SeedReader) -> str:
    """The key of the stored docs: the code they follow from and what else a slug does (`Slugs.basis`: the
    substitutions, the versions of Pelican and the packages that slugify)."""
    return f"{code_digest()} {reader.slugs.basis}"


def stored_doc(value: object) -> bool:
    """Whether a stored value has the layout `docs_of` stores: (Doc, content key, slug)."""
    return (isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], Doc)
            and isinstance(value[1], str) and isinstance(value[2], str))


def docs_of(linking: LinkingCache, reader: SeedReader, seeds: list[tuple[str, str]]) -> list[Ahead]:
    """Each seed (path, cleaning key) that makes an article, with its `Doc`, content key and slug: stored,
    else made from its cleaned doc (read or cleaned now, whose key may then differ). The changed shards
    stored."""
    from .corpus import doc_of, stem

    stored = linking.shards(DOCS, docs_key(reader), stored_doc)
    known = {name: value for entries in stored.values() for name, value in entries.items()}
    ahead, entries = [], {}
    for path, key in seeds:
        entry = known.get(f"{key} {path}")
        if entry is None:
            try:
                key, (cleaned, _) = read_seed(path, reader.cache)
            except SkippedSeed:  # not an article either when the build reads it
                continue
            doc = doc_of(cleaned, stem(os.path.basename(path)))
            entry = (doc, content_key(doc), slug_of(reader, path, doc))
        entries[f"{key} {path}"] = entry
        ahead.append(Ahead(path, key, *entry))
    linking.store_shards(DOCS, docs_key(reader), entries, stored)
    return ahead


def taken(generator, articles: list, catalogue: list[CatalogueSummit]) -> Linking | None:
    """The forked run's `Linking` when it linked exactly these articles with this catalogue, else None (the
    build links them itself). Each article's doc is made of its seed's cleaning entry (`digest_key`) and
    file stem, so the same paths in the same order, each read under the same key, are the same docs."""
    run: Forked | None = _running.pop(generator, None)
    if run is None:
        return None
    succeeded, message = run.wait()  # no longer writing the caches either way
    if not succeeded:
        log.warning("Linking while reading failed in process %d; linking here: %s",
                    run.pid, message.decode(errors="replace"))
        return None
    if not message:
        return None
    with collector_paused():
        seeds, linked_catalogue, linking = pickle.loads(message)
    if seeds != [(article.source_path, getattr(article, "digest_key", None)) for article in articles] or (
            linked_catalogue != catalogue):
        log.debug("Linking: the articles read are not those linked while reading (process %d); linking again",
                  run.pid)
        return None
    log.debug("Linking: the result worked out while reading (process %d) is used", run.pid)
    OFFERED.take()  # features the cleaning workers extracted went to that link
    return linking
