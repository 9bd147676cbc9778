"""A doc from the cleaning cache keeps its bulky fields packed until read, and is the doc it was."""
from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from digest.cache import Cleaned, entry_bytes
from digest.cleaning.model import CleanedDoc, Comment, Paragraph, Removed
from digest.problems import SkippedSeed, check_doc
from digest import stored as stored_module
from digest.stored import StoredDoc, body_text, body_types


def doc_with_everything() -> CleanedDoc:
    reply = Comment("Ana", "Agreed.", "2021-06-17")
    return CleanedDoc(title="Talks", authors=["B. Writer"], date="2021-06-16",
                      body=[Paragraph("heading", "Day one"), Paragraph("paragraph", "Talks began."),
                            Paragraph("paragraph", "")],
                      comments=[Comment("Bo", "First!", replies=[reply], header="Bo says:")],
                      removed=[Removed("Donate now", "appeal", 3)], warnings=["no byline"],
                      overridden=["summit"])


def stored(doc: CleanedDoc) -> StoredDoc:
    return pickle.loads(entry_bytes(Cleaned(doc, ""))).doc


def test_the_packed_fields_become_the_doc_s_lists_when_first_read():
    doc = doc_with_everything()
    kept = stored(doc)
    assert isinstance(kept, StoredDoc)
    assert [type(vars(kept)[name]) for name in ("body", "comments", "removed")] == [tuple, bytes, bytes]
    assert kept.comment_count() == doc.comment_count() == 2
    assert body_text(kept) == body_text(doc) == "Day one\nTalks began.\n"
    assert list(body_types(kept)) == body_types(doc) == ["heading", "paragraph", "paragraph"]
    assert [type(vars(kept)[name]) for name in ("body", "comments", "removed")] == [tuple, bytes, bytes]
    assert (kept.body, kept.comments, kept.removed) == (doc.body, doc.comments, doc.removed)
    assert vars(kept)["body"] is kept.body and vars(kept)["comments"] is kept.comments  # made once
    assert body_text(kept) == body_text(doc)
    kept.comments = []
    assert kept.comment_count() == 0


@pytest.mark.parametrize("body", [
    [],
    [Paragraph("paragraph", "Two\nlines")],  # a text with a line break keeps its paragraphs
])
def test_a_body_that_its_text_cannot_give_back_is_stored_as_paragraphs(body):
    kept = stored(CleanedDoc(title="Odd", body=body))
    assert type(vars(kept)["body"]) is list and kept.body == body
    assert body_text(kept) == "\n".join(p.text for p in body)


def test_a_body_is_stored_as_paragraphs_when_a_paragraph_is_more_than_its_type_and_text(monkeypatch):
    monkeypatch.setattr(stored_module, "BODY_PACKS", False)
    kept = stored(doc_with_everything())
    assert type(vars(kept)["body"]) is list and kept == doc_with_everything()


def test_a_doc_without_comments_or_removed_blocks_stores_plain_lists():
    kept = stored(CleanedDoc(title="Bare", body=[Paragraph("paragraph", "Text.")]))
    assert vars(kept)["comments"] == [] and vars(kept)["removed"] == [] and kept.comment_count() == 0


def test_a_stored_doc_is_equal_to_copied_and_pickled_as_the_doc_it_was():
    doc = doc_with_everything()
    kept = stored(doc)
    assert kept == doc and doc == kept and kept != dataclasses.replace(doc, title="Other")
    copies = (pickle.loads(pickle.dumps(stored(doc))), copy.deepcopy(stored(doc)), copy.copy(stored(doc)))
    for copied in copies:
        assert type(copied) is CleanedDoc and copied == doc
    assert dataclasses.asdict(stored(doc)) == dataclasses.asdict(doc)
    assert dataclasses.replace(stored(doc), title="New") == dataclasses.replace(doc, title="New")
    assert stored(stored(doc)) == doc  # stored again as it was


def test_a_stored_doc_without_text_is_skipped_unpacked():
    kept = stored(CleanedDoc(title="Headings only", body=[Paragraph("heading", "Day one")],
                             removed=[Removed("Donate now", "appeal", 3)]))
    with pytest.raises(SkippedSeed, match=r"\(1 blocks removed\)"):
        check_doc(kept)
    published = stored(doc_with_everything())
    check_doc(published)
    assert type(vars(published)["body"]) is tuple
