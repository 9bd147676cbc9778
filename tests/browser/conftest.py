"""Browser fixtures: the seeds' site served under a project subpath, and Debian's Chromium.

Playwright drives the system browser through `executable_path`; it never
downloads one (`playwright install` is not part of the setup). The site is
served from a sub-folder so every link and the search are proven to work
under a project subpath, as on GitHub Pages.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from tests.conftest import ROOT, build_site

CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SUBPATH = "summit-digest"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's name
        pass


@dataclass(frozen=True)
class Site:
    url: str  # ends with "/"
    root: Path  # the built output folder

    def page_url(self, html_file: Path) -> str:
        return urljoin(self.url, html_file.parent.relative_to(self.root).as_posix() + "/")

    def pages(self) -> dict[str, str]:
        """The page of each kind the tests visit; the summit page only once summits are built."""
        home = BeautifulSoup((self.root / "index.html").read_text(encoding="utf-8"), "html.parser")
        articles = sorted(self.root.glob("articles/*/index.html"))
        with_comments = [path for path in articles if 'class="comment-thread"' in path.read_text(encoding="utf-8")]
        found = {
            "home": self.url,
            "article": self.page_url((with_comments or articles)[0]),
            "search": self.url + "search/",
        }
        summit_link = home.select_one(".summit-card-title a")
        if summit_link:
            found["summit"] = urljoin(self.url, summit_link["href"])
        return found


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """Build seeds/ into <www>/summit-digest/ and serve <www> on 127.0.0.1."""
    www = tmp_path_factory.mktemp("www")
    root = build_site(ROOT / "seeds", www / SUBPATH)
    handler = functools.partial(QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/", root)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """One Chromium with a fresh profile for the whole session."""
    if not CHROMIUM.exists() or not shutil.which(str(CHROMIUM)):
        pytest.skip(f"{CHROMIUM} is not installed (scripts/install-system.sh installs it)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=LAUNCH_ARGS,
        )
        yield context
        context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (scripts/bootstrap.sh does)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
