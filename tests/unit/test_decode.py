"""The decode stage: one tiny byte string per encoding case, written here so the bytes are visible."""
from __future__ import annotations

import codecs

import pytest

from digest.cleaning.decode import UndecodableSeed, decode, detect_encoding

HEADLINE = "Talks in Genève end — “no deal”, says négociateur"
RUSSIAN = "Переговоры в Женеве закончились без соглашения, сообщили официальные лица."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (HEADLINE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + HEADLINE.encode("utf-8"), "utf-8-sig"),
        (HEADLINE.encode("utf-16"), "utf-16"),  # with its BOM
        ("Talks end without a deal.\nBoth sides left.".encode("utf-16-le"), "utf-16-le"),
        ("Talks end without a deal.\nBoth sides left.".encode("utf-16-be"), "utf-16-be"),
        (RUSSIAN.encode("cp1251"), "cp1251"),
        ("Le président a déclaré que les négociations étaient « difficiles ».".encode("cp1252"), "cp1252"),
        ("Zażółć gęślą jaźń, powiedział minister.".encode("cp1250"), "cp1250"),
    ],
)
def test_detect_encoding(data, encoding):
    assert detect_encoding(data) == encoding


@pytest.mark.parametrize(
    "data",
    [
        HEADLINE.encode("utf-8"),
        codecs.BOM_UTF8 + HEADLINE.encode("utf-8"),
        HEADLINE.encode("utf-16"),
        HEADLINE.encode("utf-16-le"),
        HEADLINE.encode("utf-16-be"),
        codecs.BOM_UTF16_BE + HEADLINE.encode("utf-16-be"),
    ],
)
def test_unicode_forms_decode_to_the_same_text(data):
    assert decode(data) == HEADLINE


def test_cp1251_text():
    assert decode(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_latin1_text():
    text = "Café crème, naïve façade, über groß."
    assert decode(text.encode("latin-1")) == text


def test_koi8r_text():
    assert decode(RUSSIAN.encode("koi8-r")) == RUSSIAN


def test_utf8_with_stray_cp1252_bytes():
    data = "Russia’s “red lines” — détente. ".encode("utf-8") + "Café crème".encode("cp1252")
    assert detect_encoding(data) == "utf-8+cp1252"
    assert decode(data) == "Russia’s “red lines” — détente. Café crème"


def test_line_ends_become_newlines():
    assert decode(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_invisible_characters_removed_and_odd_spaces_become_spaces():
    data = "Geneva\u200b summit\u00a0talks, un\u00adbroken\ufeff word\u2060s".encode("utf-8")
    assert decode(data) == "Geneva summit talks, unbroken words"


def test_mojibake_repaired():
    broken = "Russia’s red lines — détente".encode("utf-8").decode("cp1252").encode("utf-8")
    assert decode(broken) == "Russia’s red lines — détente"


def test_trailing_spaces_dropped_indentation_kept():
    assert decode(b"  1. Jane says   \n    text  ") == "  1. Jane says\n    text"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
        (bytes(range(256)) * 8, "binary data"),
    ],
)
def test_binary_data_is_undecodable_with_a_reason(data, reason):
    with pytest.raises(UndecodableSeed, match=reason):
        decode(data)
