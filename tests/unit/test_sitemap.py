"""sitemap.shown covers what sitemap.xml shows: the writer keeps the file when `shown` and settings did not change."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader, meta, nodes

from plugins.digest import sitemap

TEMPLATES = Path(__file__).resolve().parents[2] / "theme" / "templates"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
SETTINGS = {"SITEURL": "https://digest.example.org", "SEARCH_URL": "search/", "SUMMITS_URL": "summits/"}


def article(slug: str, **fields) -> SimpleNamespace:
    values = {"url": f"articles/{slug}/", "title": slug.title(), "duplicate_of": None,
              "date": datetime(2024, 5, 2, 9, 30, tzinfo=timezone.utc), "summary": "A summary.",
              "digest": SimpleNamespace(date="2024-05-02", outlet="Wire")}
    return SimpleNamespace(**{**values, **fields})


def variables(**changes) -> dict:
    base = {"summits": [SimpleNamespace(url="summits/lisbon/", title="Lisbon")],
            "articles": [article("one"), article("two")], "pages": [SimpleNamespace(url="about/", title="About")]}
    return {**base, **changes}


def render(values: dict) -> str:
    return ENV.get_template(sitemap.TEMPLATE).render({**SETTINGS, **values})


VARIANTS = {
    "an address": variables(articles=[article("one", url="articles/uno/"), article("two")]),
    "a day": variables(articles=[article("one", date=datetime(2024, 5, 3, tzinfo=timezone.utc)), article("two")]),
    "a doc's date gone": variables(articles=[article("one", digest=SimpleNamespace(date=None)), article("two")]),
    "a copy": variables(articles=[article("one"), article("two", duplicate_of=article("one"))]),
    "an article more": variables(articles=[article("one"), article("two"), article("three")]),
    "the order": variables(articles=[article("two"), article("one")]),
    "a summit's address": variables(summits=[SimpleNamespace(url="summits/porto/", title="Lisbon")]),
    "no summits": variables(summits=[]),
    "a page's address": variables(pages=[SimpleNamespace(url="contact/", title="About")]),
    "a title": variables(articles=[article("one", title="Another"), article("two")]),
    "an hour": variables(articles=[article("one", date=datetime(2024, 5, 2, 23, 0, tzinfo=timezone.utc)),
                                   article("two")]),
    "a summary and outlet": variables(articles=[article("one", summary="Other.",
                                                        digest=SimpleNamespace(date="x", outlet="Post")),
                                                article("two")]),
}


@pytest.mark.parametrize("change", VARIANTS)
def test_whatever_changes_the_sitemap_changes_what_it_is_keyed_by(change):
    base, variant = variables(), VARIANTS[change]
    if render(variant) != render(base):
        assert sitemap.shown(variant, {}) != sitemap.shown(base, {})


def test_what_the_sitemap_does_not_show_does_not_change_its_key():
    base = sitemap.shown(variables(), {})
    for change in ["a title", "an hour", "a summary and outlet"]:
        assert render(VARIANTS[change]) == render(variables())
        assert sitemap.shown(VARIANTS[change], {}) == base


def test_the_direct_templates_articles_are_the_ones_shown():
    """Pelican passes `articles` to a direct template beside the context: the template reads those."""
    only = [article("one")]
    assert sitemap.shown(variables(), {"articles": only}) == sitemap.shown(variables(articles=only), {})


def test_reads_names_every_variable_and_attribute_the_template_reads():
    """A value the template starts to read that `shown` does not take fails here (then extend both)."""
    tree = ENV.parse(ENV.loader.get_source(ENV, sitemap.TEMPLATE)[0])
    loops = {target.name for loop in tree.find_all(nodes.For) for target in loop.target.find_all(nodes.Name)}
    attributes = list(tree.find_all(nodes.Getattr))
    chains = {dotted(node) for node in attributes}
    chains = {chain for chain in chains if not any(other.startswith(chain + ".") for other in chains)}
    under_attribute = {id(node.node) for node in attributes}
    bare = {node.name for node in tree.find_all(nodes.Name)
            if node.ctx == "load" and node.name in loops and id(node) not in under_attribute}
    variables_read = {name for name in meta_variables(tree) if not name.isupper()}
    assert bare == set()  # a loop variable is read only through an attribute in READS
    assert chains | variables_read == set(sitemap.READS)


def dotted(node) -> str:
    return f"{dotted(node.node)}.{node.attr}" if isinstance(node, nodes.Getattr) else node.name


def meta_variables(tree) -> set[str]:
    return meta.find_undeclared_variables(tree)
