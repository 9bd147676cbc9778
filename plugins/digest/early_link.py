"""Linking worked out while Pelican reads, on the second core, and taken only when its input was exact.

In a rebuild the build process reads every article (about a second at 10,000 seeds) and then links
them (as long again) while the second core sits idle. Linking reads only each seed's cleaned doc, its
file stem and the articles' order, and the order rarely changes: so once the cleaning pre-pass knows
every seed's key (`parallel.clean_in_parallel`, `CleaningCache.known_keys`), a forked process links the
seeds the last build linked, in its order, each with the doc of the key the pre-pass found (an edited
seed cleaned there), and hands back what it linked, as each seed's (path, cleaning key), and the result.

A seed's linking `Doc` is `corpus.doc_of` of the cleaning-cache entry under its key (a digest of the
seed's bytes and the cleaner) and of its file stem: so on `article_generator_pretaxonomy` the build
takes the result when its articles are those seeds, in that order, each read under that key, and the
catalogue is the one linked (`taken`); it builds no `Doc` then. Otherwise it links them itself as
before. The forked process keeps the docs it made under CACHE_PATH/digest-linking/docs-0.pickle ...
docs-f.pickle ({"<cleaning key> <id>": (Doc, content key)}, in 16 shards by the key's first hex digit,
under a digest of the linking code and of corpus.py, which makes them): an unchanged seed's doc is
read from there, not unpickled from its cleaning entry and made again.

Only the forked process writes the linking caches while it runs: the build waits for it before linking
itself, and a discarded run leaves caches that any input may use (`linking_cache`). Nothing is
worked out ahead in a first build, when a seed was added or removed or cannot be read, or when a fork
is not sound (`forks.forkable`). The order is kept as the seeds' paths in
CACHE_PATH/digest-linking/order.pickle.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
from functools import lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

from .cache import CleaningCache
from .forks import Forked, forkable, start
from .linking.catalogue import load
from .linking.model import CatalogueSummit, Doc, Linking, content_key
from .linking_cache import OFFERED, LinkingCache, code_fingerprint, collector_paused
from .parallel import worker_count
from .problems import SkippedSeed
from .reader import SeedReader, read_seed

log = logging.getLogger(__name__)

ORDER_FILE = "order.pickle"
#: The layout of the order file, as its key.
ORDER_KEY = "seed paths in linking order"
#: The shards of the docs linked ahead: `docs-0.pickle` ... `docs-f.pickle`.
DOCS = "docs"

#: The run started for a generator, until its `article_generator_pretaxonomy` takes it.
_running: WeakKeyDictionary = WeakKeyDictionary()


def start_linking(generator) -> None:
    """After the cleaning pre-pass (`article_generator_init`): fork the linking of the last build's seeds."""
    settings = generator.settings
    reader = next((generator.readers.readers.get(ext) for ext in settings["DIGEST_SEED_EXTENSIONS"]), None)
    if not isinstance(reader, SeedReader) or worker_count(settings) < 2 or not forkable():
        return
    if not (LinkingCache.from_settings(settings).folder / ORDER_FILE).exists():  # a first build
        return
    _running[generator] = start(lambda: linked_ahead(generator, reader))


def linked_ahead(generator, reader: SeedReader) -> bytes:
    """In the forked process: (seeds, catalogue, `Linking`) of the last order with today's docs, pickled,
    the seeds as (path, cleaning key) in order; nothing when that input cannot be made."""
    from .corpus import catalogue_path

    settings = generator.settings
    linking = LinkingCache.from_settings(settings)
    order = linking.read(ORDER_FILE, ORDER_KEY)
    known = reader.cache.known_keys()  # every seed the pre-pass found (one that fails its byte checks aside)
    if not isinstance(order, list) or set(order) != known.keys():
        return b""
    with collector_paused():
        made = docs_of(linking, reader.cache, [(path, known[path]) for path in order])
    if made is None:
        return b""
    seeds, docs, keys = made
    catalogue = load(catalogue_path(settings))
    return pickle.dumps((seeds, catalogue, linking.link(docs, catalogue, keys)), protocol=pickle.HIGHEST_PROTOCOL)


@lru_cache(maxsize=1)
def docs_key() -> str:
    """What a stored doc follows from besides its seed's cleaning key and id: what a `Doc` is (the linking
    code) and how `corpus.doc_of` makes one (corpus.py)."""
    from . import corpus

    return f"{code_fingerprint()} {hashlib.sha256(Path(corpus.__file__).read_bytes()).hexdigest()}"


def stored_doc(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Doc) and isinstance(value[1], str)


def docs_of(linking: LinkingCache, cache: CleaningCache,
            seeds: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[Doc], list[str]] | None:
    """The `Doc` and content key of each seed (path, cleaning key): stored, else made from its cleaned doc
    (read or cleaned now, whose key may then differ); with the (path, key) each was made of. The changed
    shards stored; None when a seed cannot be read."""
    from .corpus import doc_of, stem

    stored = linking.shards(DOCS, docs_key(), stored_doc)
    known = {name: value for entries in stored.values() for name, value in entries.items()}
    made_of, docs, keys, entries = [], [], [], {}
    for path, key in seeds:
        doc_id = stem(os.path.basename(path))
        entry = known.get(f"{key} {doc_id}")
        if entry is None:
            try:
                key, (cleaned, _) = read_seed(path, cache)
            except SkippedSeed:
                return None
            doc = doc_of(cleaned, doc_id)
            entry = (doc, content_key(doc))
        entries[f"{key} {doc_id}"] = entry
        made_of.append((path, key))
        docs.append(entry[0])
        keys.append(entry[1])
    linking.store_shards(DOCS, docs_key(), entries, stored)
    return made_of, docs, keys


def taken(generator, articles: list, catalogue: list[CatalogueSummit]) -> Linking | None:
    """The forked run's `Linking` when it linked exactly these articles with this catalogue, else None (the
    build links them itself). Each article's doc is made of its seed's cleaning entry (`digest_key`) and
    file stem, so the same paths in the same order, each read under the same key, are the same docs. The
    articles' order is kept for the next build's run either way."""
    run: Forked | None = _running.pop(generator, None)
    seeds = [(article.source_path, getattr(article, "digest_key", None)) for article in articles]
    result = order = None
    if run is not None:
        succeeded, message = run.wait()  # no longer writing the caches either way
        if not succeeded:
            log.warning("Linking while reading failed in process %d; linking here: %s",
                        run.pid, message.decode(errors="replace"))
        elif message:
            with collector_paused():
                linked_seeds, linked_catalogue, linking = pickle.loads(message)
            order = [path for path, _ in linked_seeds]
            if linked_seeds == seeds and linked_catalogue == catalogue:
                log.debug("Linking: the result worked out while reading (process %d) is used", run.pid)
                result = linking
                OFFERED.take()  # features the cleaning workers extracted went to that link
            else:
                log.debug("Linking: the articles read are not those linked while reading (process %d); "
                          "linking again", run.pid)
    paths = [path for path, _ in seeds]
    if order != paths:  # what the next build links ahead
        LinkingCache.from_settings(generator.settings).write(ORDER_FILE, ORDER_KEY, paths)
    return result
