"""The cleaning pipeline, one named stage per module:

    decode    bytes -> text (encodings, BOM, CRLF, mojibake, invisible characters)
    segment   text -> blocks (both raw styles: page text and html2text markdown)
    comments  find the reader-comment section, label it, rebuild the threads
    (split)   every other multi-line block becomes one block per line
    classify  first label per block from its own signals
    metadata  title, dek, byline, date, original URL and publisher
    revise    correct labels from neighbouring blocks
    repair    join paragraphs split mid-sentence
    render    escaped HTML for the article body

`clean()` runs them in order and returns plain data (`CleanedDoc`); every block
ends in exactly one place: body, heading, metadata, comments or `removed`.
"""
from __future__ import annotations

from . import classify, comments, decode, metadata, overrides, repair, revise, segment
from .model import Block, CleanedDoc, Label, Paragraph, REMOVED_LABELS, Removed

#: Bump when a change to the cleaner changes its output; keys the cleaning cache.
CLEANER_VERSION = "10"


def clean(data: bytes) -> CleanedDoc:
    """Clean one seed's bytes. Raises `decode.UndecodableSeed` for binary input."""
    return clean_text(decode.decode(data))


def clean_text(text: str) -> CleanedDoc:
    return label_blocks(text)[0]


def label_blocks(text: str) -> tuple[CleanedDoc, list[Block]]:
    """Run the stages; return the document and the blocks with their final labels."""
    header, text = overrides.split_header(text)
    blocks = segment.segment(text)
    doc = CleanedDoc()
    doc.comments = comments.split_comments(blocks)
    blocks = segment.split_runs(blocks)
    qualities = classify.classify(blocks)
    metadata.extract(blocks, doc)
    revise.revise(blocks, qualities, doc.title)
    overrides.apply_decisions(blocks, header, doc)
    body = []
    for block in blocks:
        if block.label is Label.BODY:
            body.append(Paragraph("paragraph", block.text))
        elif block.label is Label.HEADING:
            body.append(Paragraph("heading", block.text))
        elif block.label in REMOVED_LABELS:
            doc.removed.append(Removed(block.raw, block.reason or block.label.value, block.first_line))
    doc.body = repair.join_split_paragraphs(body)
    overrides.apply_fields(doc, header)
    return doc, blocks
