"""The pieces of `speedups`: set-backed membership, page fingerprints, files that keep unchanged bytes."""
from __future__ import annotations

import os

from digest.speedups import MembershipList, UnchangedFileGuard, fingerprint


class Item:
    """Like Pelican's Content: no __eq__, so list membership is identity."""


def test_membership_list_answers_in_like_a_list():
    items = [Item() for _ in range(5)]
    members = MembershipList(items[:3])
    for item in items:
        assert (item in members) == (item in items[:3])
    assert list(members) == items[:3]


def test_fingerprint_follows_the_data():
    page = {"title": "Talks in Oslo", "body": ["one", "two"]}
    assert fingerprint(page) == fingerprint({"title": "Talks in Oslo", "body": ["one", "two"]})
    assert fingerprint(page) != fingerprint({"title": "Talks in Oslo", "body": ["one", "three"]})


def test_no_fingerprint_for_data_that_cannot_be_taken():
    assert fingerprint({"filter": lambda text: text}) is None


def test_a_file_with_the_same_bytes_is_not_rewritten(tmp_path):
    path = tmp_path / "index.html"
    path.write_text("<p>same</p>", encoding="utf-8")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    with UnchangedFileGuard(str(path), "utf-8") as file:
        file.write("<p>same</p>")
    assert path.stat().st_mtime == 1_000_000_000
    with UnchangedFileGuard(str(path), "utf-8") as file:
        file.write("<p>changed</p>")
    assert path.read_text(encoding="utf-8") == "<p>changed</p>"
    assert path.stat().st_mtime != 1_000_000_000
