"""digest.json's records: a cleaned doc's fields converted as `dataclasses.asdict` converts them."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from digest.cleaning import pipeline
from digest.cleaning.decode import UndecodableSeed
from digest.cleaning.model import CleanedDoc, Comment, Paragraph, Removed
from digest.generators import doc_fields

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def same(doc: CleanedDoc) -> None:
    fields = doc_fields(doc)
    assert fields == doc.to_dict()
    assert json.dumps(fields, sort_keys=True) == json.dumps(doc.to_dict(), sort_keys=True)


def test_a_cleaned_doc_converts_as_asdict_converts_it():
    seeds = sorted(FIXTURES.rglob("*.txt"))
    assert len(seeds) > 20
    cleaned = 0
    for seed in seeds:
        try:
            doc = pipeline.clean(seed.read_bytes())
        except UndecodableSeed:
            continue
        same(doc)
        cleaned += bool(doc.comments and doc.removed)
    assert cleaned  # some with comments and removed blocks
    reply = Comment("B", "Indeed.", date="2021-06-17", header="B says:")
    same(CleanedDoc(title="T", authors=["A", "B"], date=None, body=[Paragraph("heading", "H"), Paragraph("paragraph", "P")],
                    comments=[Comment("A", "First.", replies=[reply])], removed=[Removed("Photo: X", "caption", 3)],
                    warnings=["w"], overridden=["title"]))


def test_a_value_that_is_not_plain_data_is_left_to_asdict():
    """A tuple, a dict or another object in a doc: `asdict` converts (or copies) it, so it does all of it."""
    @dataclass
    class Odd:
        pair: tuple = (1, [Paragraph("paragraph", "x")])
        table: dict = None

    doc = CleanedDoc(title="T", body=[Odd(table={"k": Paragraph("heading", "y")})])
    fields = doc_fields(doc)
    assert fields == doc.to_dict()
    assert fields["body"][0]["table"] == {"k": {"type": "heading", "text": "y"}}


def test_a_summit_member_s_facts_follow_its_date_comments_and_copies():
    from types import SimpleNamespace

    from pelican.utils import SafeDatetime

    from digest.cleaning.model import Comment
    from digest.generators import summary_facts

    def member(day: int = 16, comments=(), copies=()) -> SimpleNamespace:
        doc = CleanedDoc(title="T", comments=list(comments), outlet="O")
        return SimpleNamespace(digest=doc, slug="t", title="T", date=SafeDatetime(2021, 6, day), locale_date="x",
                               copies=list(copies), reading_time=2)

    base = summary_facts(member())
    assert summary_facts(member()) == base
    assert summary_facts(member(day=17)) != base
    assert summary_facts(member(comments=[Comment("A", "Hi.", replies=[Comment("B", "Yes.")])]))[11] == 2
    assert summary_facts(member(copies=[member()])) != base
