"""Every kind of page renders at phone and desktop widths without sideways scrolling."""
from __future__ import annotations

import pytest

WIDTHS = {"narrowest": 320, "phone": 375, "desktop": 1280}
SCREENSHOT_WIDTHS = ("phone", "desktop")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["home", "article", "search", "summit"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_fits_the_width_and_is_kept_as_a_screenshot(site, page, screenshots, kind, width, scheme):
    pages = site.pages()
    if kind not in pages:
        pytest.skip(f"the build has no {kind} page yet (no summits in the template context)")
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(pages[kind])
    page.wait_for_load_state("networkidle")

    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{kind} page scrolls sideways by {overflow}px at {WIDTHS[width]}px"
    assert page.locator("h1").first.is_visible()
    if width in SCREENSHOT_WIDTHS:
        page.screenshot(path=screenshots / f"{kind}-{WIDTHS[width]}-{scheme}.png", full_page=True)


@pytest.mark.slow
def test_pages_make_no_request_to_another_host(site, page):
    """Fonts, styles and scripts all come from the site itself."""
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    for url in site.pages().values():
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert hosts == {site.url.split("/")[2]}
