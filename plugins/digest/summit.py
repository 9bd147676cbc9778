"""`Summit`: a catalogued summit or a discovered event, as Pelican sees a grouping.

A URLWrapper subclass, so `SUMMIT_URL` / `SUMMIT_SAVE_AS` place its page the
way `CATEGORY_URL` places a category's. The fields are documented in
docs/linking.md.
"""
from __future__ import annotations

from pelican.urlwrappers import URLWrapper

from .linking.model import Event

#: Page settings used when pelicanconf.py does not set them.
PAGE_DEFAULTS = {
    "SUMMIT_URL": "summits/{slug}/",
    "SUMMIT_SAVE_AS": "summits/{slug}/index.html",
    "SUMMITS_URL": "summits/",
    "SUMMITS_SAVE_AS": "summits/index.html",
}


class Summit(URLWrapper):
    def __init__(self, event: Event, settings: dict):
        super().__init__(event.title, settings)
        self.slug = event.id
        self.id = event.id
        self.title = event.title
        self.date = event.date
        self.place = event.place
        self.format = event.format
        self.participants = list(event.participants)
        self.description = event.description
        self.discovered = event.discovered
        self.articles: list = []  # originals in time order (copies are reached through `article.copies`)
        self.prev: Summit | None = None
        self.next: Summit | None = None
