"""Linking worked out while Pelican reads, on the second core, and taken only when its input was exact.

In a rebuild the build process reads every article (about a second at 10,000 seeds) and then links
them (as long again) while the second core sits idle. Linking reads only each seed's cleaned doc, its
file stem and the articles' order, and the order rarely changes: so once the cleaning pre-pass knows
every seed's key (`parallel.clean_in_parallel`), a forked process links the seeds the last build linked,
in its order, each with the doc the cleaning cache holds for it now (an edited seed cleaned there), and
hands back the input's digest (`linking_cache.input_key`) and the result. On
`article_generator_pretaxonomy` the build takes the result when the docs it read have that digest
(same ids, order, fields, catalogue, code), else links them itself as before.

Only the forked process writes the linking caches while it runs: the build waits for it before linking
itself, and a discarded run leaves caches that any input may use (`linking_cache`). Nothing is
worked out ahead in a first build, when a seed was added or removed or cannot be read, or when a fork
is not sound (`forks.forkable`). The order is kept as the seeds' paths in
CACHE_PATH/digest-linking/order.pickle.
"""
from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Sequence
from weakref import WeakKeyDictionary

from .forks import Forked, forkable, start
from .linking.catalogue import load
from .linking.model import CatalogueSummit, Doc, Linking, content_key
from .linking_cache import OFFERED, LinkingCache, collector_paused, input_key
from .parallel import worker_count
from .problems import SkippedSeed
from .reader import SeedReader, read_seed

log = logging.getLogger(__name__)

ORDER_FILE = "order.pickle"
#: The layout of the order file, as its key.
ORDER_KEY = "seed paths in linking order"

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
    """In the forked process: (input digest, seed paths, `Linking`) of the last order with today's docs,
    pickled; nothing when that input cannot be made."""
    from .corpus import catalogue_path, doc_of, stem

    settings = generator.settings
    linking = LinkingCache.from_settings(settings)
    order = linking.read(ORDER_FILE, ORDER_KEY)
    if not isinstance(order, list) or set(order) != seed_paths(generator):
        return b""
    docs = []
    for path in order:
        try:
            _, (doc, _) = read_seed(path, reader.cache)
        except SkippedSeed:
            return b""
        docs.append(doc_of(doc, stem(os.path.basename(path))))
    catalogue = load(catalogue_path(settings))
    key = input_key(docs, catalogue, [content_key(doc) for doc in docs])
    return pickle.dumps((key, order, linking.link(docs, catalogue)), protocol=pickle.HIGHEST_PROTOCOL)


def seed_paths(generator) -> set[str]:
    """The absolute path of every seed file Pelican will read, as its articles' `source_path`."""
    settings = generator.settings
    found = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"],
                                extensions=settings["DIGEST_SEED_EXTENSIONS"])
    return {os.path.abspath(os.path.join(generator.path, relative)) for relative in found}


def linked(generator, docs: Sequence[Doc], catalogue: Sequence[CatalogueSummit], paths: list[str]) -> Linking:
    """`LinkingCache.link(docs, catalogue)`: the forked run's result when it linked exactly this input."""
    run: Forked | None = _running.pop(generator, None)
    taken = order = None
    if run is not None:
        succeeded, message = run.wait()  # no longer writing the caches either way
        if not succeeded:
            log.warning("Linking while reading failed in process %d; linking here: %s",
                        run.pid, message.decode(errors="replace"))
        elif message:
            with collector_paused():
                key, order, result = pickle.loads(message)
            if key == input_key(docs, catalogue, [content_key(doc) for doc in docs]):
                log.debug("Linking: the result worked out while reading (process %d) is used", run.pid)
                taken = result
                OFFERED.take()  # features the cleaning workers extracted went to that link
            else:
                log.debug("Linking: the articles read are not those linked while reading (process %d); "
                          "linking again", run.pid)
    linking = LinkingCache.from_settings(generator.settings)
    if order != paths:  # what the next build links ahead
        linking.write(ORDER_FILE, ORDER_KEY, paths)
    return taken if taken is not None else linking.link(docs, catalogue)
