"""The data every cleaning stage reads and writes.

A seed is split into `Block`s (runs of non-blank lines). Each stage refines the
blocks' labels; the final `CleanedDoc` is plain data that the reader, the
linker, the templates and `invoke inspect --json` all share.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Label(str, Enum):
    """Where a block ends up. Every block gets exactly one."""

    UNKNOWN = "unknown"
    TITLE = "title"
    DEK = "dek"
    BYLINE = "byline"
    DATE = "date"
    METADATA = "metadata"  # original URL, "Source: ...", "first published by ..."
    BODY = "body"
    HEADING = "heading"
    CAPTION = "caption"  # photo captions and credits: removed from the body
    BOILERPLATE = "boilerplate"
    COMMENT_HEADER = "comment_header"
    COMMENT_TEXT = "comment_text"


#: Labels whose blocks are removed from the article and listed with a reason.
REMOVED_LABELS = frozenset({Label.CAPTION, Label.BOILERPLATE, Label.UNKNOWN})


@dataclass
class Block:
    """A run of non-blank lines from the seed, with what the stages decided about it.

    `lines` keep the decoded text as it was (indentation included) so comment
    nesting and the cleaning report can use it; `text` is the same content with
    markdown markup stripped and whitespace folded, which is what the
    classifiers look at.
    """

    index: int
    first_line: int  # 1-based line number in the decoded seed
    lines: list[str]
    text: str
    indent: int = 0
    heading_level: int = 0  # markdown "#" level, 0 when the block is not a markdown heading
    emphasis: str = ""  # "bold" / "italic" when the whole block is wrapped in ** or *
    link_count: int = 0
    link_chars: int = 0  # characters of text inside [links](#)
    label: Label = Label.UNKNOWN
    reason: str = ""  # why the block got its label, for the cleaning report

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1

    def mark(self, label: Label, reason: str) -> None:
        self.label = label
        self.reason = reason


@dataclass
class Paragraph:
    type: str  # "paragraph" or "heading"
    text: str


@dataclass
class Comment:
    author: str
    text: str
    date: str = ""
    replies: list[Comment] = field(default_factory=list)
    #: The header's lines as the page printed them above the text ("09 Jul 2012 / NAME says:") and
    #: below it ("7:28 PM", "October 19, 2012 | NAME"): every seed line stays visible somewhere.
    #: `author` and `date` are what was read from them.
    header: str = ""
    footer: str = ""

    def count(self) -> int:
        """This comment and all its replies."""
        return 1 + sum(reply.count() for reply in self.replies)


@dataclass
class Removed:
    text: str
    reason: str
    line: int = 0


@dataclass
class CleanedDoc:
    """The result of cleaning one seed."""

    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD
    outlet: str = ""
    original_publisher: str = ""
    original_url: str = ""
    agency: str = ""
    body: list[Paragraph] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summit: str = ""  # the curator's `Summit:` override; linking prefers it to an inferred event
    overridden: list[str] = field(default_factory=list)  # fields the curator header set, "keep", "remove"

    def comment_count(self) -> int:
        return sum(comment.count() for comment in self.comments)

    def to_dict(self) -> dict:
        return asdict(self)
