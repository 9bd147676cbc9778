"""Search: a Pagefind index of the written site, built once the whole site is on disk.

Pagefind reads the finished HTML, so it runs on Pelican's `finalized` signal.
Only elements marked `data-pagefind-body` (the article pages) are indexed;
`data-pagefind-filter` attributes in the templates give the outlet and summit
filters. Pagefind also writes its own search UI into `pagefind/`, so the
search page loads nothing from another site.
"""
from __future__ import annotations

import logging
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

#: Folder of the index and UI inside the output, as the search page expects it.
BUNDLE_DIR = "pagefind"
#: The index of a few thousand pages takes seconds; a stuck binary should not hang the build.
INDEX_TIMEOUT_SECONDS = 600


def pagefind_command(site: Path) -> list[str]:
    """The command that indexes `site` in place."""
    from pagefind_bin import get_executable

    return [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE_DIR, "--quiet"]


def build_index(pelican) -> None:
    """Index the written site; a failure is logged as an error and the built pages stay."""
    if not pelican.settings.get("DIGEST_SEARCH", True):
        return
    site = Path(pelican.output_path)
    try:
        result = subprocess.run(
            pagefind_command(site), capture_output=True, text=True, timeout=INDEX_TIMEOUT_SECONDS
        )
    except (FileNotFoundError, ImportError, subprocess.TimeoutExpired) as error:
        log.error("Search index not built: %s", error)
        return
    if result.returncode != 0:
        log.error("Search index not built: pagefind exited %d: %s", result.returncode, result.stderr.strip())
        return
    log.info("Search index written to %s", site / BUNDLE_DIR)
