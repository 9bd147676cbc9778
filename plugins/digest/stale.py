"""Files an earlier build wrote that this build no longer makes: deleted, so a removed seed leaves the site.

Builds keep the output folder, so that unchanged pages are not written again.
Then nothing else would delete the page of a seed the curator removed, the
page and feeds of an event that no longer exists, or the last page of a list
that got shorter. Pelican's writer knows every file it wrote, or kept
unchanged, in this build, and the ledgers of the outputs made beside it
(`OutputLedger`) tell it theirs: the summit pages' directly, the report's,
digest.json's and the feeds' through `side_outputs`, whose process hands back
what it made; the list is stored under CACHE_PATH (one per output folder),
and on `finalized` the files on the last build's list and not on this one's
are deleted, with the folders they leave empty. Only files that a build of
this site made are ever deleted: the static files Pelican copies, and anything
else put in the output folder, are on no list.

A build may be thrown away after it ran (`invoke build --strict` with a
problem): the output it deleted from comes back, with the files it removed, and
its list is already stored. So the list also keeps what the build removed, and
the next build removes those again if they are back and it does not make them.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from weakref import WeakValueDictionary

from pelican.utils import posixize_path, sanitised_join

log = logging.getLogger(__name__)

LIST_NAME = "digest-written-{}.json"
#: The writer of the build in progress, by output folder: `finalized` carries only the Pelican object.
WRITERS: WeakValueDictionary = WeakValueDictionary()


def track(writer) -> None:
    """Called by the writer Pelican makes for a build; the newest writer of a folder is that build's."""
    WRITERS[os.path.abspath(writer.output_path)] = writer


def made_beside(output_path: str, name: str) -> None:
    """A ledger wrote `name` or found it current, beside Pelican's writer: it belongs to this build."""
    writer = WRITERS.get(os.path.abspath(output_path))
    if writer is not None:
        writer.made_beside.add(sanitised_join(output_path, name))


def remove_stale_outputs(pelican) -> None:
    """`finalized` receiver: delete what the last build's writer wrote and this build's did not."""
    writer = WRITERS.pop(os.path.abspath(pelican.output_path), None)
    if writer is None:
        return
    site = Path(writer.output_path)
    listing = Path(pelican.settings["CACHE_PATH"]) / LIST_NAME.format(folder_key(site))
    made = sorted(map(relative_name(str(site)), writer._written_files | writer.made_beside))
    last_made, last_removed = load(listing)
    gone = sorted((set(last_made) | set(last_removed)) - set(made))
    removed = [name for name in gone if remove_output(site, name)]
    if removed:
        log.info("Removed %d files this build no longer makes: %s", len(removed), ", ".join(removed[:5])
                 + (", ..." if len(removed) > 5 else ""))
    listing.parent.mkdir(parents=True, exist_ok=True)
    temporary = listing.with_suffix(".tmp")
    temporary.write_text(json.dumps({"made": made, "removed": removed}), encoding="utf-8")
    os.replace(temporary, listing)


def relative_name(site: str):
    """A function from a path the writer noted (`sanitised_join` of the output folder and a name, so
    absolute and normalised) to its name in the folder, "/"-separated; by string, as ten thousand
    `Path.relative_to` cost a tenth of a rebuild's second."""
    prefix = posixize_path(os.path.abspath(site)).rstrip("/") + "/"

    def name(path: str) -> str:
        return path[len(prefix):] if path.startswith(prefix) else Path(path).relative_to(site).as_posix()
    return name


def remove_output(site: Path, name: str) -> bool:
    """Delete `name` (a path inside the output folder) and the folders it leaves empty; False when it
    was not there."""
    path = Path(sanitised_join(str(site), name))
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    for folder in path.parents:
        if folder == site or site not in folder.parents:
            break
        try:
            folder.rmdir()  # fails when something is left in it
        except OSError:
            break
    return True


def folder_key(output_path) -> str:
    """The name an output folder's ledgers and lists go by under CACHE_PATH."""
    return hashlib.sha256(os.path.abspath(output_path).encode()).hexdigest()[:16]


def load(path: Path) -> tuple[list[str], list[str]]:
    """What the last build made and what it removed (a list of names alone: made, by an older build)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return [], []
    if isinstance(stored, list):
        stored = {"made": stored}
    if not isinstance(stored, dict):
        return [], []
    return names(stored.get("made")), names(stored.get("removed"))


def names(value) -> list[str]:
    return [name for name in value if isinstance(name, str)] if isinstance(value, list) else []
