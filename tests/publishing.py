"""Helpers for the publishing checks: a build with publishconf.py, a local web server, a link crawler.

The crawler reads what a browser or a feed reader would follow: HTML links and
assets, `url(...)` in stylesheets, addresses in feeds and the sitemap. It only
talks to the local server it is given, and stops after `MAX_FETCHES` requests.
"""
from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from support import build_site

#: A site of a few hundred pages needs far fewer; a link loop must not run forever.
MAX_FETCHES = 3000
FETCH_TIMEOUT_SECONDS = 10
#: Elements and attributes that name another resource in HTML.
HTML_REFERENCES = {
    "a": "href", "link": "href", "script": "src", "img": "src", "source": "src",
    "iframe": "src", "video": "src", "audio": "src", "form": "action",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:")


def build_published(seeds: Path, output: Path, siteurl: str, **overrides) -> Path:
    """Build `seeds` with publishconf.py for the address `siteurl`, as the Pages workflow does."""
    return build_site(seeds, output, "publishconf.py", SITEURL=siteurl, FEED_DOMAIN=siteurl, **overrides)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def http_server(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port); yield the origin, e.g. http://127.0.0.1:40123."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass(frozen=True)
class ServedSite:
    """A built site being served: `output` on disk, `base_url` where it is served (no trailing slash)."""

    output: Path
    base_url: str


@dataclass
class CrawlReport:
    fetched: dict[str, int] = field(default_factory=dict)  # address -> HTTP status
    outside: set[str] = field(default_factory=set)  # same server, but not under the site's base
    referrers: dict[str, str] = field(default_factory=dict)  # address -> first page that named it

    @property
    def broken(self) -> dict[str, str]:
        """Addresses that did not answer 200, each with the page that linked to it."""
        return {url: self.referrers.get(url, "") for url, status in self.fetched.items() if status != 200}


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def references(url: str, content_type: str, body: bytes) -> list[str]:
    """The addresses one fetched resource names, made absolute."""
    if content_type == "text/html":
        soup = BeautifulSoup(body, "html.parser")
        found = [tag.get(attr) for name, attr in HTML_REFERENCES.items() for tag in soup.find_all(name)]
        srcsets = [tag.get("srcset", "") for tag in soup.find_all(["img", "source"])]
        found += [part.split()[0] for srcset in srcsets for part in srcset.split(",") if part.strip()]
    elif content_type == "text/css":
        found = CSS_URL.findall(body.decode("utf-8", "replace"))
    elif content_type in ("application/xml", "text/xml") or url.endswith(".xml"):
        found = xml_references(body)
    elif content_type == "application/json" or url.endswith(".json"):
        found = json_references(json.loads(body))
    else:
        found = []
    return [urljoin(url, ref.strip()) for ref in found if ref and not ref.strip().startswith(NOT_FETCHED)]


def xml_references(body: bytes) -> list[str]:
    """Links in a feed or sitemap: href attributes, and the text of <loc> and RSS <link> elements."""
    found = []
    for element in ET.fromstring(body).iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if element.get("href"):
            found.append(element.get("href"))
        elif tag in ("loc", "link") and (element.text or "").strip():
            found.append(element.text.strip())
    return found


def json_references(feed: dict) -> list[str]:
    found = [feed.get("home_page_url"), feed.get("feed_url")]
    found += [item.get("url") for item in feed.get("items", [])]
    return [url for url in found if url]


def crawl(start: str, base: str) -> CrawlReport:
    """Fetch everything reachable from `start` on the same server; flag addresses outside `base`."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    base = base.rstrip("/") + "/"
    report = CrawlReport()
    queue = deque([start])
    report.referrers[start] = ""
    while queue and len(report.fetched) < MAX_FETCHES:
        url = queue.popleft()
        status, content_type, body = fetch(url)
        report.fetched[url] = status
        if status != 200:
            continue
        for target in references(url, content_type, body):
            target = urldefrag(target).url
            if not target.startswith(origin + "/") or target in report.referrers:
                continue
            report.referrers[target] = url
            if target.startswith(base):
                queue.append(target)
            else:
                report.outside.add(target)
    assert not queue, f"crawl stopped after {MAX_FETCHES} fetches"
    return report
