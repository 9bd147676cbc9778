"""The decode fast path (skip ftfy's detector when no mojibake trigger character is present) changes nothing."""
from __future__ import annotations

import codecs
import random
import unicodedata
from re import _constants as sre_constants
from re import _parser as sre_parse

import ftfy
import pytest
from ftfy.badness import BADNESS_RE, is_bad

from digest.cleaning.decode import (
    MIXED_UTF8,
    MOJIBAKE_TRIGGERS,
    MOJIBAKE_WIDTH,
    has_mojibake,
    _CONTROL,
    _INVISIBLE,
    _LINE_BREAKS,
    _ODD_SPACES,
    decode,
    detect_encoding,
    normalise,
)


def _members(op, argument) -> set[str] | None:
    """The characters one pattern element matches, or None when it is not a plain literal or set."""
    if op is sre_constants.LITERAL:
        return {chr(argument)}
    if op is not sre_constants.IN:
        return None
    chars: set[str] = set()
    for item, value in argument:
        if item is sre_constants.LITERAL:
            chars.add(chr(value))
        elif item is sre_constants.RANGE:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        else:  # a negated set or a category such as \w
            return None
    return chars


def test_every_mojibake_pattern_needs_a_trigger_character():
    """Each alternative of ftfy's detector has a required element whose characters are all triggers."""
    triggers = {chr(code) for code in range(0x80, 0x10000) if MOJIBAKE_TRIGGERS.match(chr(code))}
    (op, (_, alternatives)), = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data
    assert op is sre_constants.BRANCH
    for alternative in alternatives:
        sets = [_members(op, argument) for op, argument in alternative.data]  # top-level items are required
        assert any(chars is not None and chars <= triggers for chars in sets), alternative


def _operators(items, found: set) -> set:
    for op, argument in items:
        found.add((op, argument) if op is sre_constants.AT else op)
        for part in argument if isinstance(argument, (list, tuple)) else ():
            for sub in part if isinstance(part, (list, tuple)) else (part,):
                if isinstance(sub, sre_parse.SubPattern):
                    _operators(sub.data, found)
    return found


def test_mojibake_matches_are_short_and_need_no_context():
    """Windows around the triggers find every match: none is longer than MOJIBAKE_WIDTH, none looks
    beyond its own characters (no lookaround, no end anchor; `^` still only matches at the real start)."""
    tree = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert tree.getwidth()[1] <= MOJIBAKE_WIDTH
    allowed = {sre_constants.BRANCH, sre_constants.IN, sre_constants.LITERAL, sre_constants.ANY,
               sre_constants.MAX_REPEAT, (sre_constants.AT, sre_constants.AT_BEGINNING)}
    assert _operators(tree.data, set()) <= allowed


def test_windowed_search_agrees_with_ftfy():
    rng = random.Random(7)
    plain, odd = "aZ .,\n", "ÃÂ€œ¢£©®°±²³µ¼½¾ÐØÙàâéêïó–—‘’“”•…™ВГРСвЂβΒΓ¦¬ˆ√≈‚Ä\x85\ufffd"
    texts = TRICKY + [
        "".join(rng.choice(plain if rng.random() < share else odd) for _ in range(rng.randint(0, 40)))
        for share in (0.3, 0.8, 0.95)
        for _ in range(7000)
    ]
    for text in texts:
        assert has_mojibake(text) == is_bad(text), repr(text)


def slow_normalise(text: str) -> str:
    """`normalise` as it was before the fast path: ftfy's detector on every text, odd spaces line by line."""
    text = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    if is_bad(text):
        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=True)
    else:
        text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    return "\n".join(_ODD_SPACES.sub(lambda m: " " * len(m.group()), line).rstrip() for line in text.split("\n"))


CLEAN = "Talks in Genève end — “no deal”, says négociateur… Président’s « réponse »\u00a0\u2009 \n  indented  \r\n"
TRICKY = [
    "plain ASCII line\nsecond line   \n",
    "ASCII with controls\x01 \x7f and\tabs\t \r\nCRLF\rCR \x0b\x0c end  ",
    "Ellipsis only… and ’quotes’ – dashes — and\u00a0spaces",
    CLEAN,
    CLEAN.encode("utf-8").decode("cp1252", errors="replace"),  # mojibake
    CLEAN.encode("utf-8").decode("latin-1"),  # mojibake with C1 controls
    "Переговоры в Женеве закончились".encode("utf-8").decode("cp1251"),  # "Рџ..." mojibake
    "Переговоры в Женеве закончились".encode("cp1251").decode("cp1252"),
    "Zażółć gęślą jaźń".encode("cp1250").decode("cp1252"),
    "\ufeffBOM\u200b inside\u200e words\u00ad and\u2028line\u2029breaks\x85end",
    "Ã ",
    "word Â  word",
    "1 × ² and ½ cup, 10 € or £5, © 2012 ®",
    "kaomoji ┐(´ー`)┌ and box │ drawing",
    "Ελληνικά κείμενα και ρωσικά: привет",
    "e\u0301 decomposed accents, ﬁ ligature",
]


@pytest.mark.parametrize("text", TRICKY)
def test_normalise_matches_the_slow_path(text):
    assert normalise(text) == slow_normalise(text)
    if is_bad(text):
        assert MOJIBAKE_TRIGGERS.search(text)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + CLEAN.encode("utf-8"),
        CLEAN.encode("utf-16"),
        CLEAN.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"),
        "Russia’s red lines — détente".encode("utf-8").decode("cp1252").encode("utf-8"),
        "Переговоры в Женеве закончились без соглашения.".encode("cp1251"),
        CLEAN.encode("utf-8") + "Café crème".encode("cp1252"),
    ],
)
def test_decode_matches_the_slow_path(data):
    encoding = detect_encoding(data)
    errors = MIXED_UTF8 if encoding == MIXED_UTF8 else "replace"
    text = data.decode("utf-8" if encoding == MIXED_UTF8 else encoding, errors=errors)
    assert decode(data) == slow_normalise(text)


def test_normalise_matches_the_slow_path_on_random_texts():
    """ASCII texts skip the steps that only touch other characters; mixed texts take them all."""
    rng = random.Random(11)
    pieces = ["word", " ", "  ", "\t", "\n", "\r\n", "\r", "\x01", "\x7f", "\x85", "\u00a0", "\u2009",
              "\u200b", "\u00ad", "é", "e\u0301", "’", "â€™", "Ã©", "\ufffd", "\u2028"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert normalise(text) == slow_normalise(text), repr(text)
