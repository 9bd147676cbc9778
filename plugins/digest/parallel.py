"""Clean every seed across cores before Pelican's reader asks for them.

Pelican reads articles one by one in one process. On `article_generator_init`,
before that loop, the seeds whose cleaning is not cached yet are cleaned in a
process pool; each worker hands back its entries (pickled once, in the workers),
which go straight into the cache's packs, so `SeedReader.read` finds every seed
already clean.

When no linking features are stored yet (a first build, a new linking code), each
worker also extracts the linking features of the docs it cleans and hands them
back with them (`linking_cache.offer_features`): the link then needs no second
pool, which would pickle every doc again and start its processes from a far
larger build process.
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache, partial
from pathlib import Path

from .cache import CleaningCache, cache_key, clean_seed, cleaner, entry_bytes

log = logging.getLogger(__name__)

#: Below this many seeds to clean, starting worker processes costs more than it saves.
MIN_SEEDS_FOR_POOL = 24
#: Seeds handed to a worker at a time: enough to amortise the round trip, small enough to balance.
SEEDS_PER_TASK = 16


def worker_count(settings: dict) -> int:
    """DIGEST_WORKERS, or every core this process may run on when it is 0."""
    return settings.get("DIGEST_WORKERS") or len(os.sched_getaffinity(0))


def clean_for_cache(key: str, path: str, features: bool = False):
    """Worker: clean one seed; return the key of the bytes it read (not those the pre-pass hashed when the
    seed was edited since: the reader then misses and reads it again), the entry as the cache stores it and,
    if asked, the doc's linking features. A seed that fails is left to the reader, which reports it."""
    try:
        data = Path(path).read_bytes()
        key = cache_key(data)
        cleaned = clean_seed(data)
    except Exception:  # the reader cleans it again in the build process and logs the real error
        return key, None, None
    return key, entry_bytes(cleaned), linking_features(cleaned.doc) if features else None


@lru_cache(maxsize=1)
def extractor():
    """This process's feature extractor, whose vocabulary serves every doc the worker cleans."""
    from .linking.features import Extractor

    return Extractor()


def linking_features(doc):
    """The linking features of a cleaned doc: those of its `corpus.as_doc`, which depend on its title and
    text alone (`linking.model.content_key`)."""
    from .stored import body_text
    from .linking.model import Doc

    return extractor()(Doc(id="", title=doc.title, text=body_text(doc)))


def uncached_seeds(generator, cache: CleaningCache, extensions) -> list[tuple[str, str]]:
    """(cache key, path) of every seed that the cache does not hold yet."""
    settings = generator.settings
    paths = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"],
                                extensions=extensions)
    stored = cache.keys()
    misses = []
    for relative in sorted(paths):
        path = os.path.join(generator.path, relative)
        key = cache.key_of(path)  # remembered for the reader, which then need not read the seed again
        if key is not None and key not in stored:
            misses.append((key, path))
    return misses


def clean_in_parallel(generator) -> None:
    """`article_generator_init` receiver: fill the seed reader's cache with every seed, cleaned in a pool."""
    extensions = generator.settings.get("DIGEST_SEED_EXTENSIONS", ["txt"])
    reader = next((generator.readers.readers.get(ext) for ext in extensions), None)
    cache = getattr(reader, "cache", None)
    workers = worker_count(generator.settings)
    if cache is None or workers < 2:
        return
    misses = uncached_seeds(generator, cache, extensions)
    if misses:  # imported once, here: the pool's workers and the forked linking (`early_link`) inherit it
        cleaner()
    if len(misses) < MIN_SEEDS_FOR_POOL:
        return
    from .linking_cache import LinkingCache, offer_features

    features = not LinkingCache.from_settings(generator.settings).holds_features()
    if features:  # numpy and the extractor, imported once here rather than in each worker
        from .linking.features import Extractor  # noqa: F401
    log.info("Cleaning %d seeds in %d processes", len(misses), workers)
    keys, paths = zip(*misses)
    entries = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        work = partial(clean_for_cache, features=features)
        for key, entry, found in pool.map(work, keys, paths, chunksize=SEEDS_PER_TASK):
            if entry is not None:
                entries[key] = entry
            if found is not None:
                offer_features(found)
    cache.store(entries)
