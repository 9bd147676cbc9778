"""A real Pelican build over the project's seeds."""
import json
import logging
from pathlib import Path

from bs4 import BeautifulSoup

from support import build_site

ROOT = Path(__file__).resolve().parents[1]


def article_pages(site: Path) -> list[Path]:
    return sorted(site.glob("articles/*/index.html"))


def test_every_seed_becomes_an_article_page(seeds_site):
    assert len(article_pages(seeds_site)) == len(list((ROOT / "seeds").glob("*.txt")))


def test_index_links_every_article(seeds_site):
    """Every original; a syndicated copy is listed once, as its original (docs/linking.md)."""
    index = BeautifulSoup((seeds_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    linked = {a["href"].strip("/").removeprefix("./") for a in index.select("article a[href]")}
    digest = json.loads((seeds_site / "digest.json").read_text(encoding="utf-8"))
    copies = {a["url"].strip("/") for a in digest["articles"] if a["duplicate_of"]}
    for page in article_pages(seeds_site):
        if str(page.parent.relative_to(seeds_site)) not in copies:
            assert any(str(page.parent.relative_to(seeds_site)) in href for href in linked), page


def test_curator_pages_are_markdown_read_by_markdown_it(seeds_site):
    about = BeautifulSoup((seeds_site / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert about.select_one("article strong").get_text() == "what the cleaner removed"
    home = BeautifulSoup((seeds_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert any(a["href"].rstrip("/").endswith("about") for a in home.select(".site-nav a[href]"))


def test_a_markdown_page_draws_no_warning_about_python_markdown(seed_folder, tmp_path, caplog):
    """Pelican's own Markdown reader is disabled (Python-Markdown is not installed) but markdown-it-py reads
    `.md`: Pelican's warning that the page needs Python-Markdown would be false."""
    with caplog.at_level(logging.WARNING):
        build_site(seed_folder("robustness/crlf.txt"), tmp_path / "site", DIGEST_SEARCH=False)
    assert (tmp_path / "site" / "about" / "index.html").is_file()
    assert [record.getMessage() for record in caplog.records if "markdown" in record.getMessage().lower()] == []
