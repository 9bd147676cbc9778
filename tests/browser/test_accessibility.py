"""axe-core finds no WCAG 2.2 A/AA violation on any kind of page, in light and dark mode.

axe's colour-contrast rule checks the colours the page really computes, so
running it under each emulated colour scheme proves both palettes.
"""
from __future__ import annotations

import pytest

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page, axe_source: str) -> list[dict]:
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    # govern: a <script> tag would be blocked, as the policy intends for anything not from the site.
    page.evaluate(f"() => {{ {axe_source}\n }}")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["home", "summit", "article", "search"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violations(site, page, axe_source, kind, scheme):
    pages = site.pages()
    if kind not in pages:
        pytest.skip(f"the build has no {kind} page yet (no summits in the template context)")
    page.emulate_media(color_scheme=scheme)
    page.goto(pages[kind])
    page.wait_for_load_state("networkidle")
    if kind == "search":
        # Check the search UI with results and filters showing, not only its empty box.
        page.fill(".pagefind-ui__search-input", "summit")
        page.wait_for_selector(".pagefind-ui__result")
    for details in page.locator("details").all():
        details.evaluate("element => element.open = true")
    assert axe_violations(page, axe_source) == []
