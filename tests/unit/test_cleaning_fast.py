"""The cleaner's quick paths give what the slower code they replaced gave, on every line of the
project's seeds and fixtures and on random strings built from the characters each path cares about."""
from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest

from digest.cleaning import datelines, segment
from digest.cleaning.comments import lines, vocabulary
from digest.data import patterns

ROOT = Path(__file__).resolve().parents[2]


def corpus_lines() -> list[str]:
    """Every distinct line of the seeds and test fixtures, and each with words around it."""
    found = set()
    for path in [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/fixtures/**/*.txt")]:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            found.update((line, line.strip(), f"see {line.strip()} here"))
    return sorted(found)


def random_texts(pieces: list[str], count: int = 20000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(count)]


LINES = corpus_lines()


def test_a_text_without_a_year_holds_no_date():
    pieces = ["19", "20", "1999", "2012", "٢٠١٢", "12", "05", "/", "-", ".", " ", "May", "June 5,", "5th of", "Mon",
              "on", "x", "at 10:00", "2O12", "１９９９", ", ", "|"]
    for text in LINES + random_texts(pieces):
        slow = datelines._first_date(text, 2100)
        assert datelines.find_date(text, 2100) == slow, text
        if not datelines._YEAR_HINT.search(text):
            assert slow is None and not any(datelines._first_date(part, 2100)
                                            for part in datelines._FIELD_SEPARATOR.split(text)), text


def test_squeeze_is_the_white_space_substitution():
    space = "".join(chr(code) for code in range(0x110000) if re.fullmatch(r"\s", chr(code)) or chr(code).isspace())
    pieces = [*space, "a", "bc", "·", ""]
    for text in LINES + random_texts(pieces) + [space, f"a{space}b"]:
        assert segment.squeeze(text) == re.sub(r"\s+", " ", text).strip(), repr(text)


def slow_boilerplate_reason(text: str) -> str:
    """Each furniture group's whole alternation searched, as before the anchored patterns were split off."""
    for name, pattern in patterns.groups().items():
        if name not in patterns._SECTION_GROUPS and pattern.search(text):
            return name.replace("_", " ")
    return ""


def test_furniture_groups_match_as_their_whole_alternations_do():
    entries = [entry for path in patterns._BOILERPLATE.glob("*.txt") for entry in patterns._entries(path)]
    words = sorted({word for entry in entries for word in re.findall(r"[a-z][a-z' -]*[a-z]", entry)})
    pieces = [*words, " ", "  ", ":", "©", "«", "»", "->", "(", ")", ".", "2012", "www.example.com", "*", "#", "\n"]
    texts = LINES + random_texts(pieces, 30000) + [f"{word} {word}" for word in words]
    assert sum(map(bool, map(slow_boilerplate_reason, texts))) > 1000
    for text in texts:
        assert patterns.boilerplate_reason.__wrapped__(text) == slow_boilerplate_reason(text), text


def test_a_pattern_is_anchored_only_when_every_branch_starts_at_the_start():
    assert patterns._is_anchored(r"^\W*ads?\W*$")
    assert not patterns._is_anchored(r"^\W*(«|‹)|(»|›)\W*$")
    assert not patterns._is_anchored(r"\bad[- ]free\b")
    assert not patterns._is_anchored(r"(^|[.)]\s+)www\.")


OLD_HINT = re.compile(r"\d|ago\b|yesterday|just now", re.I)


def test_the_date_hint_lets_through_every_text_the_case_blind_pattern_did():
    pieces = ["ago", "AGO", "Ago", "agora", "yesterday", "YESTERDAY", "yeſterday", "juſt now", "JUST NOW", "just",
              "now", "3", "٣", "hours", "a few days", " ", ",", "İ", "K", "on"]
    for text in LINES + random_texts(pieces):
        slow = vocabulary.DATE.search(text) if OLD_HINT.search(text) else None
        fast = vocabulary.find_date(text)
        assert (fast and fast.span()) == (slow and slow.span()), text


def test_every_character_a_case_blind_pattern_matches_is_found_by_has_any():
    """So `has_any` finds a hint word, a verb or a furniture word wherever the case-blind patterns would."""
    every = "".join(map(chr, range(0x110000))).encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    for letter in string.printable[:95]:
        for char in re.findall(re.escape(letter), every, re.I):
            assert patterns.has_any(f"x{char}x", (letter.lower(),)), (letter, hex(ord(char)))


def test_every_match_of_a_furniture_pattern_holds_one_of_its_required_words():
    entries = [entry for path in patterns._BOILERPLATE.glob("*.txt") for entry in patterns._entries(path)]
    words = sorted({word for entry in entries for word in re.findall(r"[a-z][a-z' -]*[a-z]", entry)})
    texts = LINES + random_texts([*words, " ", ".", "©", "com", "2012", "ſ", "İ"], 20000) + [w.upper() for w in words]
    checked = 0
    for entry in entries:
        required = patterns.required_words(entry)
        if required is None:
            continue
        pattern = re.compile(entry, re.I)
        for text in texts:
            if match := pattern.search(text):
                checked += 1
                assert patterns.has_any(match.group(), required), (entry, text)
    assert checked > 500
    assert patterns.required_words(r"\b(donate|donations?)\b") == {"donat"}  # the parser factors out the prefix
    # a set and literals spell both
    assert patterns.required_words(r"\bad[- ]free\b") == {"ad-free", "ad free"}
    assert patterns.required_words(r"\bget (the|our) (app|newsletter)\b") == {
        "get the app", "get the newsletter", "get our app", "get our newsletter"}
    assert patterns.required_words(r"(x)?\W*$") is None


def test_a_line_without_a_verb_is_never_a_says_header():
    pieces = ["says", "SAID", "Say", "saıd", "SAİD", "ſays", "wrote", "Writes", "commented", "replied", "RESPONDED",
              "Jane", "on May 5, 2012,", " ", ":", "at 10:00", "x", "essay", "on"]
    for text in LINES + random_texts(pieces):
        window = text[:lines.SHORT_LINE_CHARS]
        if vocabulary.says().match(window):
            assert patterns.has_any(window, vocabulary.verb_words()), text


@pytest.mark.parametrize("seed", range(3))
def test_inner_text_is_the_edge_substitution(seed):
    edges = re.compile(r"^[^\w(]+|[^\w)]+$")
    pieces = ["a", "Z", "_", "9", "٣", "é", "(", ")", "[", "]", " ", "\u00a0", ".", "-", "–", "'", '"', "!", "…", "ab cd"]
    for text in LINES + random_texts(pieces, seed=seed):
        assert lines.inner(text) == edges.sub("", text), repr(text)


def test_a_tail_that_may_hold_no_date_holds_none():
    """`dated_item` skips the case-blind date scan of a list item's tail when `may_hold_date` says no."""
    pieces = ["ago", "AGO", "yeſterday", "JUST NOW", "3", "٣", "12:30 pm", "May 5", "2012-05-06", "hours",
              " ", ",", "İ", "x", "(", ")"]
    for text in LINES + random_texts(pieces):
        if not vocabulary.may_hold_date(text):
            assert vocabulary.DATE.search(text) is None, text


def test_markup_is_stripped_as_before_the_quick_return():
    """A text without "[", "*", "_" or "<" has no emphasis: `strip_markup` returns before testing for it."""
    pieces = ["a", "b c", "*", "**", "_", "__", "[x](#)", "![i](#)", "<https://x.y>", "#", " ", "\n", "."]
    bold, heading, italic = segment._BOLD, segment._BOLD_HEADING, segment._ITALIC
    for text in LINES + random_texts(pieces):
        stripped = text.strip()
        emphasis = ("bold" if bold.fullmatch(stripped) or heading.fullmatch(stripped)
                    else "italic" if italic.fullmatch(stripped) else "")
        assert segment.strip_markup.__wrapped__(text)[1] == emphasis, repr(text)


def test_any_word_finds_what_testing_each_word_finds():
    words = ["donat", "donate", "get ", "free", "free trial", "com", "gov", ".com", "a+b", "x|y"]
    pattern = patterns.any_word(words)
    pieces = [*words, " ", "do", "nat", "fre", "e", "+", "|", "x", "y", "."]
    for text in LINES + random_texts(pieces):
        low = patterns.lowered(text)
        assert bool(pattern.search(low)) == any(word in low for word in words), repr(text)


@pytest.mark.parametrize("seed", range(3))
def test_every_date_the_pattern_finds_passes_the_date_hint(seed):
    pieces = ["May", "june", "SEPT.", "Sept", "dec", "5", "12", "2012", "5th", "1st", "of", " ", "  ", "\n",
              ",", ".", "-", "/", ":", "at", "10:00", "pm", "p.m.", "a", "few", "hours", "ago", "Mon",
              "Tuesday", "x", "İ", "ſ", "٣", "(", ")"]
    texts = LINES + random_texts(pieces, 30000, seed=seed)
    assert sum(1 for text in texts if vocabulary.DATE.search(text)) > 400
    for text in texts:
        if vocabulary.DATE.search(text):
            assert vocabulary.may_hold_date(text), repr(text)
