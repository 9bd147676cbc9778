"""The search page merges the index shards: one query and the filters reach articles in every shard."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from plugins.digest.search.shards import load_page_list, shard_names, shard_of
from plugins.digest.settings import DEFAULTS

QUERY = "Putin"  # in every seed of seeds/


def result_shards(site, page) -> set[str]:
    """The shard of each result on the page, from its link (/summit-digest/articles/<slug>/)."""
    names = shard_names(DEFAULTS["DIGEST_SEARCH_SHARDS"])
    keys = load_page_list(site.root.parent / f"{site.root.name}.cache", site.root)  # as tests/support.py sets
    links = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.pathname)")
    prefix = site.url.removeprefix(site.url.split("/summit-digest/")[0])
    return {shard_of(keys[link.removeprefix(prefix) + "index.html"], names) for link in links}


def expected_results(site) -> int:
    return sum(QUERY in path.read_text(encoding="utf-8") for path in site.root.glob("articles/*/index.html"))


@pytest.mark.slow
def test_one_query_finds_articles_in_different_shards(site, page):
    bundles = json.loads((site.root / "pagefind" / "shards.json").read_text(encoding="utf-8"))["bundles"]
    assert len(bundles) > 1, "the seeds' articles should fall into several shards"
    page.goto(site.pages()["search"] + f"?q={QUERY}")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for()
    expect(results).to_have_count(expected_results(site))
    assert len(result_shards(site, page)) > 1


@pytest.mark.slow
def test_an_outlet_filter_narrows_results_across_shards(site, page):
    page.goto(site.pages()["search"] + f"?q={QUERY}")
    page.locator(".pagefind-ui__result").first.wait_for()
    outlet = page.locator("details.pagefind-ui__filter-block", has_text="outlet")
    outlet.locator("summary").click()
    options = outlet.locator(".pagefind-ui__filter-value")
    counts = [re.fullmatch(r"(.+) \((\d+)\)", text.strip()).groups()
              for text in options.locator("label").all_inner_texts()]
    best = max(range(len(counts)), key=lambda index: int(counts[index][1]))
    label, count = counts[best][0], int(counts[best][1])
    assert 1 < count < expected_results(site), counts  # the seeds have one outlet in two articles
    options.nth(best).locator("input").check()
    expect(page.locator(".pagefind-ui__result")).to_have_count(count)
    assert len(result_shards(site, page)) == count  # merged from the shards of both articles
    for link in page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.pathname)"):
        html = (site.root / link.split("/summit-digest/", 1)[1] / "index.html").read_text(encoding="utf-8")
        assert f'data-pagefind-filter="outlet">{label}<' in html
