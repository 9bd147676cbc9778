"""Linking worked out while Pelican reads: taken when the articles read are the ones it linked."""
from __future__ import annotations

import filecmp
import logging
import pickle
import shutil
from pathlib import Path

import pytest

from digest import early_link
from digest.linking.model import Linking
from support import FIXTURES, ROOT, build_site
from test_render_pool import elsewhere, tree  # noqa: F401 (a fixture)

USED = ") is used"  # Pelican logs a message once per process: these carry the forked process's id
DISCARDED = "not those linked while reading"


def build(seeds: Path, output: Path) -> Path:
    return build_site(seeds, output, CACHE_PATH=str(output.parent / f"{output.name}.cache"),
                      DIGEST_SEARCH=False, DIGEST_WORKERS=2)


def same_site(tmp_path: Path, monkeypatch, site: Path, name: str) -> list[str]:
    """The files where `site` differs from a first build of the same seeds that links only in-process."""
    with monkeypatch.context() as patched:
        patched.setattr(early_link, "forkable", lambda: False)
        reference = build(tmp_path / "seeds", tmp_path / name)
    common = set(tree(site)) & set(tree(reference))
    return sorted(set(tree(site)) ^ set(tree(reference))) + [
        path for path in sorted(common) if not filecmp.cmp(site / path, reference / path, shallow=False)]


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    shutil.copytree(FIXTURES / "linking" / "syndicated", folder, dirs_exist_ok=True)  # a copy to link
    return folder


def edit(seed: Path, old: str, new: str) -> None:
    text = seed.read_text(encoding="utf-8")
    assert old in text
    seed.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_a_body(seeds: Path) -> None:
    """A sentence added to one seed's body: its title, date and place in Pelican's order stay."""
    edit(seeds / "003_eb0493873d130530.txt", "\n\n", "\n\nThe delegates met again on Tuesday.\n\n")


def rebuild_logged(seeds: Path, site: Path, caplog, level: int = logging.DEBUG) -> str:
    """Build `seeds` into `site` again; what `early_link` logged at `level` or above."""
    caplog.clear()
    with caplog.at_level(level, logger="digest.early_link"):
        build(seeds, site)
    return caplog.text


@pytest.fixture
def poisoned(monkeypatch) -> None:
    """The forked process hands back an empty `Linking`, so a site built from it shows it was taken."""
    linked_ahead = early_link.linked_ahead

    def poison(generator, reader) -> bytes:
        message = linked_ahead(generator, reader)
        if not message:
            return message
        seeds, catalogue, _ = pickle.loads(message)
        return pickle.dumps((seeds, catalogue, Linking()))

    monkeypatch.setattr(early_link, "linked_ahead", poison)


@pytest.mark.slow
def test_a_rebuild_after_an_edit_takes_the_link_worked_out_while_reading(
        tmp_path, monkeypatch, caplog, seeds, elsewhere):  # noqa: F811
    if elsewhere:
        return
    site = build(seeds, tmp_path / "site")
    edit_a_body(seeds)
    assert USED in rebuild_logged(seeds, site, caplog)
    assert same_site(tmp_path, monkeypatch, site, "reference") == []


@pytest.mark.slow
def test_a_rebuild_after_seeds_moved_in_pelican_s_order_takes_the_link_worked_out_in_the_new_order(
        tmp_path, monkeypatch, caplog, seeds, elsewhere):  # noqa: F811
    if elsewhere:
        return
    site = build(seeds, tmp_path / "site")
    changes = {
        "a date that moves a seed first": lambda: edit(seeds / "000_ef627debeb112140.txt",
                                                       "June 15, 2021", "June 15, 2023"),
        "a title that moves a seed": lambda: edit(seeds / "001_e024ea76d975c85e.txt", "Putin Is Meeting",
                                                  "Always Putin Is Meeting"),  # undated: ordered by slug
        "a seed added": lambda: shutil.copy(FIXTURES / "incremental" / "first_seed.txt", seeds / "new.txt"),
        "a seed renamed": lambda: (seeds / "new.txt").rename(seeds / "renamed.txt"),
        "a seed removed": lambda: (seeds / "renamed.txt").unlink(),
    }
    for number, (change, make) in enumerate(changes.items()):
        make()
        assert USED in rebuild_logged(seeds, site, caplog), change
        assert same_site(tmp_path, monkeypatch, site, f"reference{number}") == [], change


@pytest.mark.slow
@pytest.mark.parametrize("altered", ["a seed's key", "the order", "the catalogue"])
def test_a_link_of_other_docs_in_another_order_or_of_another_catalogue_is_discarded(
        tmp_path, monkeypatch, caplog, seeds, poisoned, altered, elsewhere):  # noqa: F811
    """What a seed was read as (an edit between the two processes' reads), the order foreseen, the catalogue:
    a result taken for other ones would be the poisoned one, and the site would show it."""
    if elsewhere:
        return
    site = build(seeds, tmp_path / "site")
    edit_a_body(seeds)
    linked_ahead = early_link.linked_ahead

    def alter(generator, reader) -> bytes:
        seeds, catalogue, linking = pickle.loads(linked_ahead(generator, reader))
        if altered == "the catalogue":
            catalogue = catalogue[1:]
        elif altered == "the order":
            seeds[0], seeds[1] = seeds[1], seeds[0]
        else:
            seeds[len(seeds) // 2] = (seeds[len(seeds) // 2][0], "another key")
        return pickle.dumps((seeds, catalogue, linking))

    monkeypatch.setattr(early_link, "linked_ahead", alter)
    logged = rebuild_logged(seeds, site, caplog)
    assert USED not in logged and DISCARDED in logged
    monkeypatch.undo()
    assert same_site(tmp_path, monkeypatch, site, "reference") == []


@pytest.mark.slow
def test_a_failure_while_linking_ahead_links_in_the_build(
        tmp_path, monkeypatch, caplog, seeds, elsewhere):  # noqa: F811
    if elsewhere:
        return
    site = build(seeds, tmp_path / "site")
    edit_a_body(seeds)

    def fail(generator, reader) -> bytes:
        raise RuntimeError("linking ahead broke")

    monkeypatch.setattr(early_link, "linked_ahead", fail)
    assert "linking ahead broke" in rebuild_logged(seeds, site, caplog, logging.WARNING)
    monkeypatch.undo()
    assert same_site(tmp_path, monkeypatch, site, "reference") == []
