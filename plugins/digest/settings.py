"""The plugin's settings: defaults for every `DIGEST_*` key, merged with the user's.

Unknown `DIGEST_*` keys are reported once, so a typo in pelicanconf.py does not
silently fall back to a default.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

DEFAULTS = {
    # Seeds are read from Pelican's ARTICLE_PATHS; these extensions are seeds.
    "DIGEST_SEED_EXTENSIONS": ["txt"],
    # The curator's summit catalogue, relative to the project root (PATH); "" for none.
    "DIGEST_CATALOGUE": "content/summits.yaml",
    # Build the Pagefind search index after the site is written.
    "DIGEST_SEARCH": True,
    # Shards of the search index, each re-indexed only when one of its pages changes: 32 keeps a shard
    # near 300 pages at 10,000 articles (about 0.3 s of Pagefind) while the search page merges 32 indexes.
    "DIGEST_SEARCH_SHARDS": 32,
    # Processes that clean seeds in parallel; 0 for one per core, 1 to clean in the build process.
    "DIGEST_WORKERS": 0,
    # Feed files, relative to the output; "" turns one off. Summit feeds format `{id}` with the summit's id.
    "DIGEST_FEED_ATOM": "feeds/all.atom.xml",
    "DIGEST_FEED_RSS": "feeds/all.rss.xml",
    "DIGEST_FEED_JSON": "feed.json",
    "DIGEST_SUMMIT_FEED_ATOM": "feeds/summits/{id}.atom.xml",
    "DIGEST_SUMMIT_FEED_RSS": "feeds/summits/{id}.rss.xml",
    # The authority of every feed entry's tag: URI ("" = SITEURL's host). Pin it before moving the site.
    "DIGEST_FEED_ID_AUTHORITY": "",
    # The curator's cleaning report (report.json is written beside it); "" writes neither.
    "DIGEST_REPORT_SAVE_AS": "report/index.html",
}


def merged(settings: dict) -> dict:
    """Return `settings` with every missing DIGEST_ key set to its default."""
    for key in sorted(k for k in settings if k.startswith("DIGEST_") and k not in DEFAULTS):
        log.warning("Unknown setting %s is ignored (known: %s)", key, ", ".join(sorted(DEFAULTS)))
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
