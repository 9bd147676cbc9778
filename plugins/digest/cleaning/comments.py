"""Stage 3, comments: find the reader-comment section and rebuild its threads.

Comment systems print each comment as a header line naming the author
("NAME says", "NAME wrote:", "NAME on June 3, 2021 at 10:00") followed by its
text; replies are nested by indentation or numbering. Blocks in the section are
labelled COMMENT_HEADER / COMMENT_TEXT and turned into a tree of `Comment`s.
"""
from __future__ import annotations

import re

from .model import Block, Comment, Label

_SAYS = re.compile(r"^\s*(?:\d+\.\s+)?(?P<author>[^\n]{1,60}?)\s+(?:says|said|wrote|writes)\s*:?\s*$", re.I)


def comment_author(block: Block) -> str | None:
    """The author's name when the block is a comment header, else None."""
    if len(block.lines) != 1:
        return None
    match = _SAYS.match(block.lines[0])
    return match.group("author").strip() if match else None


def split_comments(blocks: list[Block]) -> list[Comment]:
    """Label comment blocks in place and return the threads they form."""
    roots: list[Comment] = []
    stack: list[tuple[int, Comment]] = []  # (indent, comment) of the open ancestors
    current: Comment | None = None
    for block in blocks:
        author = comment_author(block)
        if author is not None:
            current = Comment(author=author, text="")
            while stack and stack[-1][0] >= block.indent:
                stack.pop()
            (stack[-1][1].replies if stack else roots).append(current)
            stack.append((block.indent, current))
            block.mark(Label.COMMENT_HEADER, "comment header")
        elif current is not None and block.indent > stack[-1][0]:
            text = "\n".join(line.strip() for line in block.lines)
            current.text = f"{current.text}\n\n{text}" if current.text else text
            block.mark(Label.COMMENT_TEXT, "comment text")
        else:
            current = None
            stack.clear()
    return roots
