"""Properties of the cleaner on any input (hypothesis): it never raises, and it accounts for every line.

"Accounts for" means: every non-blank line of the seed (outside the curator
header) lies in exactly one block, every block ends in exactly one place (body,
metadata, comments or removed), and the document agrees with the blocks.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.cleaning.decode import UndecodableSeed
from digest.cleaning.model import REMOVED_LABELS, Label
from digest.cleaning.overrides import split_header
from digest.cleaning.pipeline import clean, label_blocks

PLACES = {
    "body": {Label.BODY, Label.HEADING},
    "metadata": {Label.TITLE, Label.DEK, Label.BYLINE, Label.DATE, Label.METADATA},
    "comments": {Label.COMMENT_HEADER, Label.COMMENT_TEXT},
    "removed": set(REMOVED_LABELS),
}
#: Lines shaped like the parts of a scraped article, so the examples reach every stage.
SEED_LINES = [
    "# Leaders meet in Geneva", "**A dek in bold that runs for several words**", "By Jane Roe and John Doe",
    "June 16, 2021", "2021-02-30", "Photo: Reuters", "Share this article", "Read more: [Related](#)",
    "Original URL: https://example.org/a", "Source: Example Wire", "Donate today!", "Title: Curated",
    "Summit: geneva-2021", "Remove: Share", "Keep: line 3", "Jane says", "  John says", "    1. Ann wrote:",
    "    I agree with this.", "The talks ended without a statement, officials said.", "and then the",
    "<script>alert(1)</script>", "{{ 7*7 }}", "", "   ", "\t",
]
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

seed_texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(SEED_LINES), st.text(max_size=60)), max_size=40).map("\n".join),
)


@PROPERTY_SETTINGS
@given(seed_texts)
def test_the_cleaner_never_raises_and_accounts_for_every_line(text):
    doc, blocks = label_blocks(text)
    header, rest = split_header(text)
    covered = sorted(block.first_line + offset for block in blocks for offset in range(len(block.lines)))
    wanted = [number for number, line in enumerate(rest.split("\n"), start=1) if line.strip()]
    assert covered == wanted
    for block in blocks:
        assert sum(block.label in labels for labels in PLACES.values()) == 1, (block.text, block.label)
    removed = [block for block in blocks if block.label in REMOVED_LABELS]
    assert [(r.line, r.text) for r in doc.removed] == [(b.first_line, b.raw) for b in removed]
    kept = [block for block in blocks if block.label in PLACES["body"]]
    assert bool(doc.body) == bool(kept) and len(doc.body) <= len(kept)
    body = " ".join(paragraph.text for paragraph in doc.body)
    assert all(block.text in body for block in kept)


@PROPERTY_SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_clean_or_are_refused_as_undecodable(data):
    try:
        clean(data)
    except UndecodableSeed as refusal:
        assert str(refusal)
