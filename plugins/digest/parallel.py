"""Clean every seed across cores before Pelican's reader asks for them.

Pelican reads articles one by one in one process. On `article_generator_init`,
before that loop, the seeds whose cleaning is not cached yet are cleaned in a
process pool; each worker stores its docs in the cleaning cache and hands them
back, so `SeedReader.read` finds every seed already clean.
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .cache import CleaningCache, cache_key, clean_seed

log = logging.getLogger(__name__)

#: Below this many seeds to clean, starting worker processes costs more than it saves.
MIN_SEEDS_FOR_POOL = 24
#: Seeds handed to a worker at a time: enough to amortise the round trip, small enough to balance.
SEEDS_PER_TASK = 16


def worker_count(settings: dict) -> int:
    """DIGEST_WORKERS, or every core this process may run on when it is 0."""
    return settings.get("DIGEST_WORKERS") or len(os.sched_getaffinity(0))


def clean_to_cache(folder: str, key: str, path: str):
    """Worker: clean one seed and store it under the key of the bytes it read, which are not those the
    pre-pass hashed when the seed was edited since (the reader then misses and reads it again). A seed
    that fails is left to the reader, which reports it."""
    try:
        data = Path(path).read_bytes()
        key = cache_key(data)
        cleaned = clean_seed(data)
    except Exception:  # the reader cleans it again in the build process and logs the real error
        return key, None
    CleaningCache(Path(folder)).put(key, cleaned)
    return key, cleaned


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
        if key not in stored:
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
    if len(misses) < MIN_SEEDS_FOR_POOL:
        return
    log.info("Cleaning %d seeds in %d processes", len(misses), workers)
    folders = [str(cache.folder)] * len(misses)
    keys, paths = zip(*misses)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for key, cleaned in pool.map(clean_to_cache, folders, keys, paths, chunksize=SEEDS_PER_TASK):
            if cleaned is not None:
                cache.remember(key, cleaned)
