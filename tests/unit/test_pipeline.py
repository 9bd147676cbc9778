"""Pipeline: every block of every fixture ends in exactly one place."""
from pathlib import Path

import pytest

from digest.cleaning.model import REMOVED_LABELS, Label
from digest.cleaning.pipeline import label_blocks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cleaning"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PLACES = {
    "body": {Label.BODY, Label.HEADING},
    "metadata": {Label.TITLE, Label.DEK, Label.BYLINE, Label.DATE, Label.METADATA},
    "comments": {Label.COMMENT_HEADER, Label.COMMENT_TEXT},
    "removed": set(REMOVED_LABELS),
}


def every_seed():
    return sorted(FIXTURES.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", every_seed(), ids=lambda p: p.name)
def test_every_block_ends_in_exactly_one_place(path):
    text = path.read_text(encoding="utf-8")
    doc, blocks = label_blocks(text)
    for block in blocks:
        places = [place for place, labels in PLACES.items() if block.label in labels]
        assert len(places) == 1, (block.text, block.label)
        assert block.label is not Label.UNKNOWN or block.reason, block.text
    removed = [b for b in blocks if b.label in REMOVED_LABELS]
    assert [(r.line, r.reason) for r in doc.removed] == [(b.first_line, b.reason) for b in removed]
    assert all(r.reason for r in doc.removed)


@pytest.mark.parametrize("path", every_seed(), ids=lambda p: p.name)
def test_every_line_of_the_seed_is_in_exactly_one_block(path):
    text = path.read_text(encoding="utf-8")
    _, blocks = label_blocks(text)
    covered = [block.first_line + offset for block in blocks for offset in range(len(block.lines))]
    wanted = [number for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    assert sorted(covered) == wanted
