"""Repair scans only a paragraph's tail for its end-anchored patterns; that finds what a full scan finds."""
from __future__ import annotations

import random

import pytest

from digest.cleaning import repair

ENDINGS = ["the", "that,", "word “", "said ‘", "end. “", "he said '", 'a "', "(", "in 2012", "1999", "x2012",
           "— and", "done.", "ok!", "ends –", "so -", "why?”", "é", "9", "”"]


@pytest.mark.parametrize("pattern", [repair._ENDS_OPEN, repair._ENDS_MID_CLAUSE, repair._ENDS_YEAR])
def test_tail_scan_finds_what_a_full_scan_finds(pattern):
    rng = random.Random(7)
    pieces = ENDINGS + [" ", "  ", ".", "“", "'", '"', "a", "20", "12"]
    texts = [f"Some words before {ending}" for ending in ENDINGS]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    for text in texts:
        text = text.rstrip()  # `is_split` strips the paragraph first
        assert bool(repair._ends_with(pattern, text)) == bool(pattern.search(text)), text
