"""The Pelican side of corpus linking: articles -> `Doc`s -> `link()` -> article attributes.

Runs once, after every article is read (`article_generator_pretaxonomy`),
because linking needs the whole corpus. It sets the attributes documented in
docs/linking.md, gives undated articles their inferred date, moves syndicated
copies to `hidden_articles` (their pages are written, lists and feeds show the
story once) and puts `summits` into the template context.
"""
from __future__ import annotations

import math
import os
from datetime import date
from functools import partial
from pathlib import Path

from pelican.urlwrappers import Author
from pelican.utils import SafeDatetime, order_content

from . import early_link
from .linking import dates as date_text
from .linking.catalogue import load
from .linking.model import Doc, Linking
from .linking_cache import LinkingCache
from .stored import body_text
from .summit import PAGE_DEFAULTS, Summit
from .words import WordCounts

WORDS_PER_MINUTE = 230


def article_id(article) -> str:
    """Stable id: the seed's file name without extension."""
    return stem(os.path.basename(getattr(article, "seed", None) or article.source_path))


def stem(name: str) -> str:
    """`PurePath(name).stem` of a file name, by string operations (a tenth of the cost, 10,000 per build)."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def as_doc(article, doc_id: str) -> Doc:
    return doc_of(article.digest, doc_id)


def doc_of(doc, doc_id: str) -> Doc:
    """The linking `Doc` of a seed's `CleanedDoc`."""
    return Doc(
        id=doc_id,
        title=doc.title,
        text=body_text(doc),
        date=date.fromisoformat(doc.date) if doc.date else None,
        authors=tuple(doc.authors),
        outlet=doc.outlet,
        original_publisher=doc.original_publisher,
        original_url=doc.original_url,
        subtitle=doc.subtitle,
        comment_count=doc.comment_count(),
        summit=doc.summit,
    )


def reading_time(words: int) -> int:
    """Minutes for a body of `words` words."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def catalogue_path(settings: dict) -> Path | None:
    name = settings.get("DIGEST_CATALOGUE", "")
    return Path(settings.get("PATH", "."), name) if name else None


def link_articles(generator) -> None:
    """Receiver of `article_generator_pretaxonomy`: link the whole corpus once."""
    for key, value in PAGE_DEFAULTS.items():
        generator.settings.setdefault(key, value)
    articles = [a for a in generator.articles if hasattr(a, "digest")]
    ids = [article_id(a) for a in articles]
    by_id = dict(zip(ids, articles))
    catalogue = load(catalogue_path(generator.settings))
    result = early_link.taken(generator, articles, catalogue)
    if result is None:
        docs = [as_doc(a, doc_id) for a, doc_id in zip(articles, ids)]
        result = LinkingCache.from_settings(generator.settings).link(docs, catalogue)
    summits = build_summits(result, by_id, generator.settings)
    words = WordCounts(generator.settings)
    apply(result, by_id, summits, words)
    words.save()
    copies = [a for a in generator.articles if getattr(a, "duplicate_of", None)]
    originals = [a for a in generator.articles if not getattr(a, "duplicate_of", None)]
    generator.articles = order_content(originals, generator.settings["ARTICLE_ORDER_BY"])
    generator.hidden_articles.extend(copies)
    generator.context["summits"] = list(summits.values())
    # What the menu reads: a string that changes only when the index appears or moves, so a renamed
    # event does not change every page that shows the menu (see speedups.context_reads).
    generator.context["summits_url"] = generator.settings["SUMMITS_URL"] if summits else ""


def build_summits(result: Linking, by_id: dict, settings: dict) -> dict[str, Summit]:
    summits = {event.id: Summit(event, settings) for event in result.events}
    ordered = list(summits.values())
    for position, summit in enumerate(ordered):
        summit.prev = ordered[position - 1] if position else None
        summit.next = ordered[position + 1] if position + 1 < len(ordered) else None
    for event in result.events:
        summits[event.id].articles = [by_id[i] for i in event.members if i not in result.duplicate_of]
    return summits


def apply(result: Linking, by_id: dict, summits: dict[str, Summit], words: WordCounts) -> None:
    """Set what linking decided on each article (the last one of each id): one loop over 10,000 articles
    on every build, with the result's tables at hand and each dated article's label made once per day."""
    event_of, duplicate_of, confidence = result.event_of, result.duplicate_of, result.confidence
    relation, copies, inherited, related = result.relation, result.copies, result.inherited, result.related
    previous, following, guesses = result.previous, result.next, result.dates
    labels: dict[date, str] = {}
    for doc_id, article in by_id.items():
        summit = summits.get(event_of.get(doc_id))
        original = duplicate_of.get(doc_id)
        article.digest_id = doc_id
        article.summit = summit
        article.summit_confidence = confidence.get(doc_id, 0.0)
        article.summit_relation = relation.get(doc_id, "")
        article.duplicate_of = by_id[original] if original else None
        found = copies.get(doc_id)
        article.copies = [by_id[i] for i in found] if found else []
        found = inherited.get(doc_id)
        article.inherited = dict(found) if found else {}
        if article.inherited.get("authors"):
            article.authors = [Author(name, article.settings) for name in article.inherited["authors"]]
        found = related.get(doc_id)
        article.related = [by_id[i] for i in found] if found else []
        article.prev_in_summit = by_id.get(previous.get(doc_id) or "")
        article.next_in_summit = by_id.get(following.get(doc_id) or "")
        body = partial(body_text, article.digest)
        article.reading_time = reading_time(words(getattr(article, "digest_key", None), body))
        guess = guesses.get(doc_id)
        article.date_inferred = guess is not None
        if guess:
            day = guess.date
            article.date = SafeDatetime(day.year, day.month, day.day, tzinfo=article.date.tzinfo)
            article.locale_date = article.date.strftime(article.date_format)
        if guess and guess.source == "twin":
            article.date_label = f"{date_text.label(guess.date, False, '')}, as published elsewhere"
        elif guess:
            noun = "the event" if summit is None or summit.discovered else "the summit"
            article.date_label = date_text.label(guess.date, guess.approximate, article.summit_relation, noun)
        elif article.digest.date:
            day = article.date.date()
            if day not in labels:
                labels[day] = date_text.label(day, False, "")
            article.date_label = labels[day]
        else:
            article.date_label = "date unknown"
