"""Every HTML page of a real publish build through the Nu HTML Checker (vnu), in one JVM call."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Checking a few hundred pages takes seconds once the JVM is up.
VNU_TIMEOUT_SECONDS = 300


def nu_check(pages: list[Path]) -> list[dict]:
    """vnu's messages (errors only) for `pages`; vnu reports on stderr as one JSON document."""
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm ci` (scripts/bootstrap.sh does)"
    assert shutil.which("java"), "java is missing: scripts/install-system.sh installs it"
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=VNU_TIMEOUT_SECONDS,
    )
    return json.loads(result.stderr)["messages"]


def test_every_page_is_valid_html(published_site):
    pages = sorted(published_site.output.rglob("*.html"))
    assert len(pages) > 3
    problems = [
        f"{Path(message['url'].removeprefix('file:')).relative_to(published_site.output)}"
        f":{message.get('lastLine')}: {message['message']}"
        for message in nu_check(pages)
    ]
    assert problems == []


def test_the_checker_reports_an_invalid_page(tmp_path):
    """The check above can fail: vnu flags a page with an element where it may not be."""
    page = tmp_path / "bad.html"
    page.write_text("<!doctype html><html lang=en><title>x</title><p><div>block in p</div></p></html>")
    assert nu_check([page])
