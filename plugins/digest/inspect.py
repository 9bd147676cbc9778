"""What the cleaner did to one seed, for a person (`invoke inspect`) or a program (`--json`)."""
from __future__ import annotations

import json
import textwrap

from .cleaning.model import Block, CleanedDoc, Comment, Label

#: Labels of the blocks the header of an article is made from, listed in the report's HEAD section.
HEAD_LABELS = (Label.TITLE, Label.DEK, Label.BYLINE, Label.DATE, Label.METADATA)


def report(data: bytes, json_output: bool = False) -> str:
    """Clean a seed's bytes and describe the result (what `invoke inspect` prints)."""
    from .cleaning.decode import decode  # the cleaner when it is used: a build imports this module's keys
    from .cleaning.pipeline import label_blocks

    doc, blocks = label_blocks(decode(data))
    return as_json(doc) if json_output else as_text(doc, blocks=blocks)

INSPECT_KEYS = (
    "title", "subtitle", "authors", "date", "outlet", "original_publisher",
    "original_url", "agency", "body", "comments", "removed", "warnings", "summit", "overridden",
)


def as_json(doc: CleanedDoc) -> str:
    data = doc.to_dict()
    return json.dumps({key: data[key] for key in INSPECT_KEYS}, ensure_ascii=False, indent=2)


def as_text(doc: CleanedDoc, width: int = 100, blocks: list[Block] | None = None) -> str:
    """The report; given the labelled blocks it also lists the lines each metadata field came from."""
    out = ["METADATA"]
    for key in ("title", "subtitle", "authors", "date", "outlet", "original_publisher", "original_url", "agency",
                "summit", "overridden"):
        value = getattr(doc, key)
        out.append(f"  {key:<19} {(', '.join(value) if isinstance(value, list) else value) or '-'}")
    if blocks is not None:
        head = [b for b in blocks if b.label in HEAD_LABELS]
        out.append(f"\nHEAD AND PROVENANCE LINES ({len(head)} blocks)")
        for block in head:
            why = block.label.value if block.reason == block.label.value else f"{block.label.value}: {block.reason}"
            out.append(f"  line {block.first_line:>4} [{why}] {_one_line(block.text, width - 40)}")
    out.append(f"\nBODY ({len(doc.body)} blocks)")
    for paragraph in doc.body:
        marker = "##" if paragraph.type == "heading" else "  "
        out.append(textwrap.fill(paragraph.text, width, initial_indent=f"{marker} ", subsequent_indent="   "))
    out.append(f"\nREMOVED ({len(doc.removed)} blocks)")
    for removed in doc.removed:
        out.append(f"  line {removed.line:>4} [{removed.reason}] {_one_line(removed.text, width - 30)}")
    out.append(f"\nCOMMENTS ({doc.comment_count()} in {len(doc.comments)} threads)")
    out.extend(_thread_lines(doc.comments, 1, width))
    if doc.warnings:
        out.append("\nWARNINGS")
        out.extend(f"  {warning}" for warning in doc.warnings)
    return "\n".join(out)


def _thread_lines(comments: list[Comment], depth: int, width: int) -> list[str]:
    lines = []
    for comment in comments:
        lines.append(f"{'  ' * depth}- {comment.author}{' · ' + comment.date if comment.date else ''}: "
                     f"{_one_line(comment.text, width - 2 * depth - len(comment.author) - 4)}")
        lines.extend(_thread_lines(comment.replies, depth + 1, width))
    return lines


def _one_line(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), max(width, 20), placeholder=" …")
