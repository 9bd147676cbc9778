"""Stage 1, decode: seed bytes -> clean Unicode text with `\n` line ends.

Seeds arrive in whatever encoding the curator's browser or scraper produced.
The order of trust: a BOM, then UTF-16 without a BOM (every other byte NUL),
then strict UTF-8, then UTF-8 with a few stray cp1252 bytes (two sources
pasted together), then the single-byte code page whose reading gives the most
plausible words (cp1252 and cp1251 are the common ones, charset-normalizer
adds its own guess). ftfy then repairs mojibake (UTF-8 once read as cp1252),
and invisible characters go. Files that are not text (an image, a PDF, an
archive, random bytes) raise `UndecodableSeed` with the reason.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: File signatures of formats curators mistake for seeds, and what to call them.
_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "an executable"),
)
#: Single-byte code pages tried for legacy seeds, most likely first (ties go to the earlier one).
LEGACY_ENCODINGS = ("cp1252", "cp1251", "cp1250", "iso8859-15", "koi8-r", "latin-1")
#: Name of the reading "UTF-8, with stray bytes read as cp1252", and of its codec error handler.
MIXED_UTF8 = "utf-8+cp1252"
MAX_STRAY_BYTES = 50  # more bytes that are not UTF-8 than this and the seed is in a legacy code page
SAMPLE_BYTES = 4000  # bytes looked at to recognise UTF-16 or binary data
MAX_CONTROL_SHARE = 0.01  # more control characters than this and it is not text
UTF16_NUL_SHARE = 0.4  # share of NULs on one byte lane that marks ASCII-range UTF-16

# Zero-width and bidi controls that are invisible yet split words and break matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")  # each becomes one space
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_LINE_BREAKS = re.compile("[\r\u2028\u2029\x85]")
_WORD = re.compile(r"\S+")
#: ftfy's mojibake detector is a long alternation tried at every character: most of the decode time.
#: Each of its alternatives needs one character of these categories ("common" ones, such as "…" and
#: "’", only count next to another) and matches at most MOJIBAKE_WIDTH characters, so it only needs
#: to look around these characters; a unit test proves both from ftfy's own pattern.
MOJIBAKE_TRIGGERS = re.compile(
    "[" + "".join(chars for name, chars in MOJIBAKE_CATEGORIES.items() if name != "common") + "]"
)
MOJIBAKE_WIDTH = 7


class UndecodableSeed(ValueError):
    """The bytes are not text in any encoding we can recognise (e.g. an image)."""


def decode(data: bytes) -> str:
    """Return the seed as text; raise `UndecodableSeed` for data that is not text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise UndecodableSeed(f"{kind}, not a text file")
    encoding = detect_encoding(data)
    if encoding == MIXED_UTF8:
        text = data.decode("utf-8", errors=MIXED_UTF8)
    else:
        text = data.decode(encoding, errors="replace")
    controls = len(_CONTROL.findall(text[:SAMPLE_BYTES]))
    if controls > MAX_CONTROL_SHARE * min(len(text), SAMPLE_BYTES):
        raise UndecodableSeed(f"binary data: {controls} control characters in the first {SAMPLE_BYTES} characters")
    return normalise(text)


def detect_encoding(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    lanes = _utf16_lanes(data)
    if lanes:
        return lanes
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return MIXED_UTF8
    return legacy_encoding(data)


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray cp1252 bytes, as when a page pasted text from two sources."""
    stray, position = 0, 0
    while stray <= MAX_STRAY_BYTES:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            stray += 1
            position += error.start + 1
    return stray <= MAX_STRAY_BYTES and len(_UTF8_SEQUENCE.findall(data)) > stray


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: read a byte that is not UTF-8 as cp1252 (latin-1 where cp1252 has a hole)."""
    byte = error.object[error.start : error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


codecs.register_error(MIXED_UTF8, _cp1252_fallback)


def _utf16_lanes(data: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' when the text is UTF-16 without a BOM (ASCII with every other byte NUL)."""
    sample = data[:SAMPLE_BYTES]
    if len(sample) < 4:
        return ""
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if max(even_nuls, odd_nuls) > UTF16_NUL_SHARE and min(even_nuls, odd_nuls) < 0.05:
        return "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    return ""


def legacy_encoding(data: bytes) -> str:
    """The single-byte code page under which the seed reads as the most plausible words."""
    if b"\x00" in data[:SAMPLE_BYTES]:
        raise UndecodableSeed("binary data (NUL bytes), not a text file")
    candidates = list(LEGACY_ENCODINGS)
    best = from_bytes(data[: 4 * SAMPLE_BYTES]).best()
    if best is not None and best.encoding not in candidates:
        candidates.append(best.encoding)
    scored = []
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((plausibility(text), -rank, encoding))
    if not scored:
        raise UndecodableSeed("not text in any recognised encoding")
    return max(scored)[2]


def plausibility(text: str) -> int:
    """How many words with non-ASCII letters read as real words: letters of one script, not mostly accents.

    Cyrillic read as cp1252 gives words made wholly of accented Latin letters
    ("Ïåðåãîâîðû"); Polish read as cp1252 puts symbols inside words ("Za¿ó³æ").
    The right code page gives words in a single script with few accents.
    """
    score = 0
    for word in _WORD.findall(text):
        core = word.strip(".,;:!?\"'()[]«»“”‘’-–—…")
        if core.isascii():
            continue
        score += 1 if _reads_as_word(core) else -1
    return score


def _reads_as_word(word: str) -> bool:
    if not word.isalpha() or not (word.islower() or word.isupper() or word[1:].islower()):
        return False  # "рЕТЕЗПЧ" is KOI8-R read as cp1251
    scripts = {_script(ch) for ch in word if not ch.isascii()}
    if len(scripts) != 1:
        return False
    if scripts == {"latin"}:
        return sum(not ch.isascii() for ch in word) <= max(1, len(word) // 2)
    return all(not ch.isascii() for ch in word)  # a Cyrillic or Greek word has no Latin letters in it


def _script(char: str) -> str:
    code = ord(char)
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if 0x0370 <= code <= 0x03FF:
        return "greek"
    if code <= 0x024F:
        return "latin"
    return "other"


def normalise(text: str) -> str:
    """Fix mojibake, line ends and invisible characters; keep every visible character."""
    text = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    if not text.isascii():  # mojibake, composed forms, invisible and odd spaces are all outside ASCII
        if has_mojibake(text):
            text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=True)
        else:
            text = unicodedata.normalize("NFC", text)
        text = _INVISIBLE.sub("", text)
        text = _ODD_SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def has_mojibake(text: str) -> bool:
    """`ftfy.badness.is_bad(text)`, searched only in windows around trigger characters (merged when they overlap)."""
    start = stop = -1
    for trigger in MOJIBAKE_TRIGGERS.finditer(text):
        at = trigger.start()
        if 0 <= stop and at - MOJIBAKE_WIDTH < stop:  # overlaps the current window: widen it
            stop = at + MOJIBAKE_WIDTH
            continue
        if stop >= 0 and BADNESS_RE.search(text, start, stop):
            return True
        start, stop = max(0, at - MOJIBAKE_WIDTH + 1), at + MOJIBAKE_WIDTH
    return stop >= 0 and BADNESS_RE.search(text, start, stop) is not None
