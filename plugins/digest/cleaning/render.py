"""Stage 8, render: a `CleanedDoc`'s body -> HTML for Pelican.

Seed text is untrusted: every piece is escaped, nothing from a seed becomes
markup. Dead `(#)` links were already reduced to their text by `segment`.
"""
from __future__ import annotations

from markupsafe import escape

from .model import Paragraph


def render_body(body: list[Paragraph]) -> str:
    parts = []
    for paragraph in body:
        tag = "h2" if paragraph.type == "heading" else "p"
        parts.append(f"<{tag}>{escape(paragraph.text)}</{tag}>")
    return "\n".join(parts)
