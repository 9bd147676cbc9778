"""The render stage: seed text is untrusted and comes out escaped; headings are h2."""
from __future__ import annotations

from html.parser import HTMLParser

from digest.cleaning.model import Paragraph
from digest.cleaning.render import render_body


class Tags(HTMLParser):
    """Collect (tag, text) pairs with the real HTML parser."""

    def __init__(self):
        super().__init__()
        self.found: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append([tag, ""])

    def handle_data(self, data):
        if self.found:
            self.found[-1][1] += data


def parsed(html: str) -> list[tuple[str, str]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return [(tag, text.strip()) for tag, text in parser.found]


def test_paragraphs_and_headings():
    body = [Paragraph("heading", "What Biden wants"), Paragraph("paragraph", "He wants stability.")]
    assert parsed(render_body(body)) == [("h2", "What Biden wants"), ("p", "He wants stability.")]


def test_markup_in_seed_text_is_escaped():
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    html = render_body([Paragraph("paragraph", hostile), Paragraph("heading", "<b>bold</b>")])
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert parsed(html) == [("p", hostile), ("h2", "<b>bold</b>")]


def test_empty_body_renders_nothing():
    assert render_body([]) == ""
