"""A Markdown reader on markdown-it-py for the curator's own pages (`content/pages/*.md`).

Pelican's built-in Markdown reader needs Python-Markdown, which is about three
times slower and not a dependency here; the benchmark's plain-Pelican baseline
uses this class too. Metadata is the usual `Key: value` header, one line each,
ended by a blank line. Pages are the curator's own text, so raw HTML is allowed.
"""
from __future__ import annotations

from markdown_it import MarkdownIt
from pelican.readers import BaseReader


class MarkdownItReader(BaseReader):
    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings):
        super().__init__(settings)
        self._md = MarkdownIt("commonmark")

    def read(self, source_path: str):
        with open(source_path, encoding="utf-8") as file:
            header, _, body = file.read().partition("\n\n")
        metadata = {}
        for line in header.splitlines():
            name, _, value = line.partition(":")
            metadata[name.strip().lower()] = self.process_metadata(name.strip().lower(), value.strip())
        return self._md.render(body), metadata
