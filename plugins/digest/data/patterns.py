"""Vocabularies of page furniture, grouped by concept, and the stoplist.

Each furniture group is a list of regular expressions in a text file next to
this module (`boilerplate/<group>.txt`, one pattern per line, `#` comments). A
short block that matches a group is removed with the group's name as the
reason. `stopwords/english.txt` holds the function words whose density tells
running prose from menus, tags and lists of names.
"""
from __future__ import annotations

import re
import re._parser
from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).parent
_BOILERPLATE = _DIR / "boilerplate"

#: Furniture groups whose blocks are photo captions or credits rather than boilerplate.
CAPTION_GROUPS = frozenset({"captions"})
#: The group of donation/subscription appeals, also matched inside long blocks at a page's edge.
APPEAL_GROUP = "appeals"
#: The group of headings of the sections that follow an article (author box, related links).
ARTICLE_END_GROUP = "article_ends"
#: The group of headings that open a reader-comment section.
COMMENT_SECTION_GROUP = "comment_sections"
#: Groups that mark where a section starts rather than furniture to remove on sight.
_SECTION_GROUPS = frozenset({ARTICLE_END_GROUP, COMMENT_SECTION_GROUP})


def _entries(path: Path) -> list[str]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=None)
def groups() -> dict[str, re.Pattern]:
    return {
        path.stem: re.compile("|".join(f"(?:{entry})" for entry in _entries(path)), re.I)
        for path in sorted(_BOILERPLATE.glob("*.txt"))
    }


@lru_cache(maxsize=None)
def stopwords(language: str = "english") -> frozenset[str]:
    return frozenset(_entries(_DIR / "stopwords" / f"{language}.txt"))


@lru_cache(maxsize=None)
def furniture() -> dict[str, tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]]:
    """The furniture groups, each split into the patterns anchored at the start ("^...") and the rest,
    with a pattern for the words one of which the `lowered` text must hold for the rest to match (None
    when some pattern has none).

    A group matches a text when one of its patterns does. `search` with an
    alternation tries every pattern at every position, though an anchored one
    can only match at the first, and most texts hold none of the words the
    others need: trying the anchored ones once with `match`, and the others only
    when one of their words is in the text, is a third of the cost.
    """
    split = {}
    for path in sorted(_BOILERPLATE.glob("*.txt")):
        if path.stem in _SECTION_GROUPS:
            continue
        entries = _entries(path)
        anchored = [entry for entry in entries if _is_anchored(entry)]
        rest = [entry for entry in entries if entry not in anchored]
        needs = [required_words(entry) for entry in rest]
        words = None if None in needs else any_word(set().union(*needs))
        anchored_pattern, rest_pattern = (re.compile("|".join(f"(?:{entry})" for entry in part), re.I) if part else None
                                          for part in (anchored, rest))
        split[path.stem] = anchored_pattern, rest_pattern, words
    return split


def any_word(words) -> re.Pattern:
    """A pattern that finds one of the words in a text, one scan instead of one per word; a word that
    holds another is left out (wherever it is, the shorter one is too)."""
    kept = sorted(word for word in set(words) if not any(other != word and other in word for other in words))
    return re.compile("|".join(map(re.escape, kept)))


def _is_anchored(entry: str) -> bool:
    """Whether every match of `entry` starts at the start of the text (it opens with "^", no "|" around)."""
    return re._parser.parse(entry, re.I).data[:1] == [(re._parser.AT, re._parser.AT_BEGINNING)]


def required_words(pattern: str) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which every match of `pattern` (case-blind) contains, or None."""
    return _required(re._parser.parse(pattern, re.I).data)


def _required(items) -> frozenset[str] | None:
    """For a parsed sequence: the most selective set found among its runs of items that spell out
    fixed strings (literal characters, sets of them, groups and alternations of such runs: "get (the|our)
    app" needs "get the app" or "get our app") and its groups, alternations and repeats (at least once)
    whose every branch has one."""
    found, run = [], _EMPTY_RUN
    for op, argument in [*items, (None, None)]:
        spelled = _spellings(op, argument)
        if spelled is not None and len(run) * len(spelled) <= MAX_SPELLINGS:
            run = frozenset(before + after for before in run for after in spelled)
            continue
        if run != _EMPTY_RUN and all(run):
            found.append(run)
        run = _EMPTY_RUN
        if op is re._parser.SUBPATTERN:
            inner = _required(argument[-1])
        elif op is re._parser.BRANCH:
            branches = [_required(branch) for branch in argument[1]]
            inner = None if None in branches else frozenset().union(*branches)
        elif op in (re._parser.MAX_REPEAT, re._parser.MIN_REPEAT) and argument[0] >= 1:
            inner = _required(argument[2])
        else:
            inner = None
        if inner:
            found.append(inner)
    return max(found, key=lambda words: (min(map(len, words)), -len(words)), default=None)


#: The most strings a run of items may spell before it is cut (an alternation of many words after another).
MAX_SPELLINGS = 64
_EMPTY_RUN = frozenset([""])


def _spellings(op, argument) -> frozenset[str] | None:
    """Every lower-case ASCII string one parsed item matches (case-blind), or None when that is not a
    short list: a literal character, a set of them, a group or an alternation of runs of such items."""
    if op is re._parser.LITERAL:
        return frozenset([chr(argument).lower()]) if argument < 128 else None
    if op is re._parser.IN:
        chars = [value for kind, value in argument if kind is re._parser.LITERAL and value < 128]
        return frozenset(chr(value).lower() for value in chars) if len(chars) == len(argument) else None
    if op is re._parser.SUBPATTERN:
        return _sequence_spellings(argument[-1])
    if op is re._parser.BRANCH:
        branches = [_sequence_spellings(branch) for branch in argument[1]]
        return None if None in branches else frozenset().union(*branches)
    return None


def _sequence_spellings(items) -> frozenset[str] | None:
    spelled = _EMPTY_RUN
    for op, argument in items:
        part = _spellings(op, argument)
        if part is None or len(spelled) * len(part) > MAX_SPELLINGS:
            return None
        spelled = frozenset(before + after for before in spelled for after in part)
    return spelled


#: Letters `re.I` matches with an ASCII character but `str.lower` does not lower to it (a test checks all).
_ODD_CASES = {"İ": "i", "ı": "i", "ſ": "s"}


def lowered(text: str) -> str:
    """The text lowered so that a lower-case ASCII word is in it wherever a case-blind pattern finds it."""
    for odd, letter in _ODD_CASES.items():
        if odd in text:
            text = text.replace(odd, letter)
    return text.lower()


def has_any(text: str, words) -> bool:
    """Whether one of the lower-case ASCII `words` occurs in the text in any case, as `re.I` would find
    it, in a third of a case-blind pattern's time."""
    low = lowered(text)
    return any(word in low for word in words)


@lru_cache(maxsize=8192)  # menus, share buttons and footers repeat from page to page
def boilerplate_reason(text: str) -> str:
    """The name of the first furniture group the text matches, or ''."""
    low = None
    for name, (anchored, rest, words) in furniture().items():
        if anchored and anchored.match(text):
            return name.replace("_", " ")
        if rest is None:
            continue
        if words is not None:
            low = lowered(text) if low is None else low
            if not words.search(low):
                continue
        if rest.search(text):
            return name.replace("_", " ")
    return ""


def is_appeal(text: str) -> bool:
    """Whether the text asks the reader for money, a subscription or a sign-up."""
    return bool(groups()[APPEAL_GROUP].search(text))


def opens_comments(text: str) -> bool:
    """Whether the text is a heading that opens a reader-comment section."""
    return bool(groups()[COMMENT_SECTION_GROUP].search(text))


def ends_article(text: str) -> bool:
    """Whether the text is a heading of a section that follows the article."""
    return bool(groups()[ARTICLE_END_GROUP].search(text))
