"""What sitemap.xml shows besides settings: the writer renders it again only when that changed.

The sitemap lists every public page, so Jinja renders it over the whole corpus
(at 10,000 seeds about a tenth of a second of a one-changed rebuild, most of it
`strftime` and escaping), yet an edit to a seed seldom changes an address or a
date. The incremental writer (`speedups.IncrementalWriter`) keys the file by
the settings, the theme, the plugin's code and `shown`, and keeps the file
when the key and the file's stamp are last build's. `shown` must cover every
value the template reads: a test compares the template's variables and
attributes with `READS`.
"""
from __future__ import annotations

TEMPLATE = "sitemap.xml"
#: The context variables (other than settings) and attributes sitemap.xml reads; `shown` takes each.
READS = frozenset({"summits", "summit.url", "articles", "article.duplicate_of", "article.url",
                   "article.digest.date", "article.date.strftime", "pages", "page.url"})


def shown(context: dict, kwargs: dict) -> tuple:
    """The summits', articles' and pages' part of the sitemap: addresses, and an article's day when
    its doc has a date (the template shows "%Y-%m-%d" of it)."""
    variables = {**context, **kwargs}
    summits = variables.get("summits")
    articles = [(article.url, day(article.date) if article.digest.date else None)
                for article in variables["articles"] if not article.duplicate_of]
    return ([summit.url for summit in summits] if summits else bool(summits), articles,
            [page.url for page in variables["pages"]])


def day(date) -> tuple[int, int, int]:
    return date.year, date.month, date.day
