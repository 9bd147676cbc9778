"""Stage 1, decode: seed bytes -> clean Unicode text with `\n` line ends.

Seeds arrive in whatever encoding the curator's browser or scraper produced.
We trust a BOM, then strict UTF-8, then charset-normalizer's guess, and finally
let ftfy repair mojibake (UTF-8 read as cp1252 and the like).
"""
from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Zero-width and bidi controls that are invisible yet split words and break matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e]")
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UndecodableSeed(ValueError):
    """The bytes are not text in any encoding we can recognise (e.g. an image)."""


def detect_encoding(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_like_utf16(data):
        return "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableSeed("not text in any recognised encoding")
    return best.encoding


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII text is NUL."""
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    return max(even_nuls, odd_nuls) > 0.4 and min(even_nuls, odd_nuls) < 0.05


def decode(data: bytes) -> str:
    """Return the seed as text; raise `UndecodableSeed` for binary data."""
    if b"\x00" in data[:4000] and not _looks_like_utf16(data) and not data.startswith(
        tuple(bom for bom, _ in _BOMS)
    ):
        raise UndecodableSeed("binary data (NUL bytes), not a text file")
    text = data.decode(detect_encoding(data), errors="replace")
    return normalise(text)


def normalise(text: str) -> str:
    """Fix mojibake, line ends and invisible characters; keep every visible character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=True)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    return "\n".join(_ODD_SPACES.sub(lambda m: " " * len(m.group()), line).rstrip() for line in text.split("\n"))
