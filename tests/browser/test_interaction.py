"""What a reader does: search for an article, open and close the comments from the keyboard."""
from __future__ import annotations

import pytest

#: Press Tab at most this often to reach the comments from the top of an article.
MAX_TABS = 60


@pytest.mark.slow
def test_typing_a_query_finds_the_article(site, page):
    page.goto(site.pages()["search"])
    page.fill(".pagefind-ui__search-input", "Navalny")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for()
    # Only the 002 seed mentions him; its link must lead into the served subpath.
    assert "002_b8038788f3ef300b" in first.get_attribute("href")
    assert first.get_attribute("href").startswith("/summit-digest/articles/")
    assert page.locator(".pagefind-ui__result").count() == 1


@pytest.mark.slow
def test_search_offers_outlet_filters(site, page):
    page.goto(site.pages()["search"])
    page.fill(".pagefind-ui__search-input", "Putin")
    page.locator(".pagefind-ui__result").first.wait_for()
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert any("outlet" in name.lower() for name in filters), filters


@pytest.mark.slow
def test_search_opens_a_result(site, page):
    page.goto(site.pages()["search"] + "?q=Navalny")
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_load_state()
    assert "/summit-digest/articles/" in page.url
    assert page.locator("article.article h1").is_visible()


@pytest.mark.slow
def test_comments_open_and_close_from_the_keyboard(site, page):
    page.goto(site.pages()["article"])
    summary = page.locator(".comments summary")
    details = page.locator(".comments details")
    assert details.evaluate("element => element.open") is False, "comments must start closed"
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail(f"the comments' summary was not reached in {MAX_TABS} presses of Tab")

    page.keyboard.press("Enter")
    assert details.evaluate("element => element.open") is True
    assert page.locator(".comments .comment").first.is_visible()
    page.keyboard.press("Space")
    assert details.evaluate("element => element.open") is False
    assert not page.locator(".comments .comment").first.is_visible()
