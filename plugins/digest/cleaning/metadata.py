"""Stage 5, metadata: title, dek, authors, date and provenance, found among the blocks.

A page states its metadata in two places. The head, around the headline, holds
the title, the dek, the byline and the dateline; only that region is searched
for a date, so a banner's "Since July 1, 2024" or a date in the text never
becomes the article's. Provenance (original URL, "first published by",
"Source: ...", a wire agency's dateline or copyright) may stand anywhere in the
article. Blocks used here get TITLE / DEK / BYLINE / DATE / METADATA labels,
leave the body and show in the article header instead. `docs/metadata.md`
lists the rules and which source wins when two disagree.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from ..data import metadata as vocab
from ..data.patterns import has_any
from . import datelines
from .classify import words
from .model import Block, CleanedDoc, Label

TITLE_WINDOW = 150  # blocks from the top of the article where the headline is looked for (menus come first)
TITLE_MAX_WORDS = 30
HEAD_BEFORE = 6  # blocks before the headline where a byline or dateline may stand
HEAD_AFTER = 8  # ... and after it
BOILERPLATE_PENALTY = 2.0  # the classifier's doubt about a headline candidate (links, furniture words)
SHOUTING_PENALTY = 1.0  # an all-capitals line is more often a call to action than a headline
LONG_PARAGRAPH = 25  # words: a block this long is article text, and the head ends after two of them
DEK_WORDS = (6, 60)
BYLINE_MAX_WORDS = 20
NAME_WORDS = (1, 4)
LEADING_DATE_REACH = 12  # characters before a date that opens a byline ("Monday, ")
PROVENANCE_MAX_WORDS = 40
POSTED_DATE_REACH = 60  # characters after "posted" within which its date must start
SITE_NAME_MAX_WORDS = 5
#: Lines whose byline reading is kept: a page's head lines, and menus and footers seen on earlier pages.
BYLINE_CACHE_SIZE = 8192

_COMMENT_LABELS = (Label.COMMENT_HEADER, Label.COMMENT_TEXT)
_HEAD_LABELS = (Label.TITLE, Label.DEK, Label.BYLINE, Label.DATE, Label.METADATA)
_URL = re.compile(r"https?://[^\s<>()\"']+")
_LONE_URL = re.compile(r"^\W*<?(https?://[^\s<>()\"']+)>?\W*$")
_ORIGINAL_URL = re.compile(r"^\W*original\s+url\b", re.I)
_TOKEN = re.compile(r"[^\W_]+")
_CLAUSE_END = re.compile(
    r"(?<![A-Z])[.!?;,*(\[\]|]|\s[-–—]\s|\s+(?:on|in|at|since|where|which|and is|under)\s+(?=\w*\s*\d)"
    r"|\s+(?:under|with) the (?:headline|title)\b|\s+as\s+[\"“]"
)
_STRONG_SEPARATOR = re.compile(r"\s+(?:\||::|«|»|·)\s+")
_WEAK_SEPARATOR = re.compile(r"\s+[-–—:]\s+")
_BYLINE = re.compile(
    r"^\W*(?:(?:posted|published|written|filed|reported|words|story|text|opinion)\b[^|]{0,40}?\s)?by\s*:?\s+(?P<names>.+)$",
    re.I,
)
_AUTHOR_LABEL = re.compile(r"^\W*(?:authors?|writers?|reporters?|byline|posted by|written by)\s*:\s*(?P<names>.+)$", re.I)
_NAME_CUT = re.compile(
    r"\s+(?:on|at|in|for|from|updated|published|posted|via|\|)\s+|\s+[-–—|]\s+|\s*[|(•·]\s*|\s*,\s*(?=\w*\s*\d)",
    re.I,
)
_DANGLING = re.compile(r"[\s,|–—-]*(?:\b(?:on|at|updated|published|posted)\b)?[\s,|–—-]*$", re.I)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bwith\b)\s*", re.I)
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn", "y"})
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.)$")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)]*$")
_NOT_PROSE = re.compile(r"\s[|«»•]\s|^\W*_?by\b|!\[|\bfiled (?:under|as)\b", re.I)
_MENU = re.compile(r"^\s*(?:[*+•-]|\d+\.)\s|(?:\s\|\s.*){3}")
_IMAGE = re.compile(r"!\[[^\]]*\]\((?:[^()]|\([^()]*\))*\)")
_LEFT_LINK = re.compile(r"\[\s*([^\]]*?)\s*\]\((?:[^()]|\([^()]*\))*\)")
_COPYRIGHT_CUES = ("copyright", "(c)")
_DATELINE_AGENCY = r"\((?P<agency>{names})\)\s*[-–—:]"
_COPYRIGHT_AGENCY = r"(?:copyright|©|\(c\))\s*(?:©\s*)?(?:\d{{4}}\s*,?\s*)?(?:the\s+)?(?P<agency>{names})\b"
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")
_NOT_WORD = re.compile(r"\W")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]")
_SPELLING_WORD = re.compile(r"[\w&'’.-]+")
_POSTED = re.compile(
    r"(?:^|[.!?]\s+)\W*(?:(?:this|the) (?:entry|post|article|story) (?:was |is )?)?(?:posted|published)\b", re.I
)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|-|$)")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})
_SMALL_WORDS = frozenset({"of", "and", "the", "on", "for", "in", "&"})


def extract(blocks: list[Block], doc: CleanedDoc) -> None:
    """Fill `doc`'s metadata fields and label the blocks they came from."""
    article = [b for b in blocks if b.label not in _COMMENT_LABELS]
    _provenance(article, doc)
    site_name = _head(article, doc)
    if doc.date is None and doc.original_url:
        doc.date = date_from_url(doc.original_url)
    doc.outlet = find_outlet(doc.original_url, article, site_name)


# --- provenance: original URL, original publisher, wire agency --------------------------------------


def _provenance(article: list[Block], doc: CleanedDoc) -> None:
    last = len(article) - 1
    last_long = max((b.index for b in article if words(b.text) >= LONG_PARAGRAPH), default=-1)
    for position, block in enumerate(article):
        text = block.text
        if not doc.agency:
            doc.agency = agency_in(text)
        if _ORIGINAL_URL.match(text):
            url = _URL.search(text)
            following = article[position + 1] if position < last else None
            if not url and following is not None and (url := _URL.search(following.text)):
                following.mark(Label.METADATA, "original URL")
            if url:
                doc.original_url = doc.original_url or url.group().rstrip(">.")
            block.mark(Label.METADATA, "original URL")
        elif position in (0, last) and (lone := _LONE_URL.match(text)) and block.label is not Label.METADATA:
            doc.original_url = doc.original_url or lone.group(1).rstrip(".")
            block.mark(Label.METADATA, "original URL")
        elif words(text) <= PROVENANCE_MAX_WORDS and (publisher := publisher_in(text, block.index > last_long)):
            doc.original_publisher = doc.original_publisher or publisher
            block.mark(Label.METADATA, "original publisher")


def publisher_in(text: str, after_text: bool = True) -> str:
    """The publisher a provenance line names ("first published by X", "Source: X"), or ''.

    `after_text` says whether the line stands below the article's last long
    paragraph, where alone a "Source:" line names the publisher.
    """
    for cue, needs_after_text in vocab.publisher_cues():
        if needs_after_text and not after_text:
            continue
        if match := cue.search(text):
            name = _CLAUSE_END.split(match.group("name"), maxsplit=1)[0].strip(" .*_:\"'“”")
            if name.startswith("the "):
                name = name[4:]
            if name[:1].isupper() or name[:1].isdigit():
                return name
    return ""


def agency_in(text: str) -> str:
    """The wire agency a dateline "(AP) —" or a copyright line "Copyright 2021 AP" states, or ''.

    A mention such as "she told AFP" is a quote attribution, not a credit, and
    does not count.
    """
    dateline, copyright = agency_forms()
    # Each form is searched only when the text holds what it must hold: a ")" or a copyright sign.
    forms = [dateline] if ")" in text else []
    if "©" in text or has_any(text, _COPYRIGHT_CUES):
        forms.append(copyright)
    for form in forms:
        for match in form.finditer(text):
            written = match.group("agency")
            short = vocab.agencies()[written.lower()]
            # The short name counts only as the agency writes it: "Copyright 2020 Pa..." is not the PA.
            if written == short or written.lower() != short.lower():
                return short
    return ""


@lru_cache(maxsize=None)
def agency_forms() -> tuple[re.Pattern, ...]:
    """The dateline and copyright forms with every agency alias in them, compiled once."""
    names = vocab.agency_alternation()
    return tuple(re.compile(form.format(names=names), re.I) for form in (_DATELINE_AGENCY, _COPYRIGHT_AGENCY))


# --- head: title, dek, byline, dateline ------------------------------------------------------------


def _head(article: list[Block], doc: CleanedDoc) -> str:
    """Fill title, dek, authors and date; return the site name the page title carried, if any."""
    content = [b for b in article if b.label is not Label.METADATA]
    title_block = choose_title(content[:TITLE_WINDOW], doc.original_url)
    if title_block is None:
        return ""
    page_title = content[0] if content[0] is not title_block and _is_page_title(content[0], title_block) else None
    doc.title, site_name = split_site_name(headline_text(title_block), article)
    title_date = trailing_date(doc.title)
    if title_date is not None:  # "Headline 9 December, 2011": blogs print the date after the title
        doc.title = doc.title[: title_date.start].rstrip(" -–—|,")
    title_block.mark(Label.TITLE, "title")
    if page_title is not None:
        site_name = split_site_name(page_title.text, article)[1] or _suffix_of(page_title.text, title_block.text)
        page_title.mark(Label.TITLE, "page title (repeats the headline)")
    position = article.index(title_block)
    region = head_region(article, position)
    _dek(article[position + 1 :], doc)
    _byline_and_date(region, title_block, doc)
    if doc.date is None and title_date is not None:
        doc.date = title_date.iso
    if doc.date is None:
        _posted_date(article, doc)
    return site_name


def trailing_date(title: str) -> datelines.FoundDate | None:
    """A date that closes the headline line, with at least three words of headline before it."""
    found = datelines.find_date(title)
    if found is None or title[found.end :].strip(" .") or words(title[: found.start]) < 3:
        return None
    return found


def choose_title(candidates: list[Block], url: str) -> Block | None:
    """The block most likely to be the headline, or None.

    Signals, added up: a markdown level-1 or -2 heading, sharing words with the
    URL's slug, repeating the page's <title> line, being the first line of the
    page, and being followed soon by article text, or by a byline or a date. The earliest of equal
    texts wins.
    """
    slug = set(_tokens(urlsplit(url).path)) if url else set()
    page_title = candidates[0] if candidates and candidates[0].first_line <= 2 else None
    scored = []
    head_lines: dict[int, bool] = {}  # `_is_byline_or_date` by position: a block follows up to three candidates

    def is_head_line(at: int) -> bool:
        if at not in head_lines:
            head_lines[at] = _is_byline_or_date(candidates[at])
        return head_lines[at]

    for position, block in enumerate(candidates):
        if not _could_be_title(block):
            continue
        score = {1: 3.0, 2: 2.0, 3: 1.0}.get(block.heading_level, 0.0)
        tokens = _tokens(headline_text(block))
        if len(slug) >= 3 and tokens:
            score += 4.0 * len(set(tokens) & slug) / len(set(tokens))
        if page_title is not None and block is not page_title and _is_page_title(page_title, block):
            score += 3.0
        if not scored and position <= 1:
            score += 2.0
        if block.label is Label.BOILERPLATE:
            score -= BOILERPLATE_PENALTY
        if block.text.isupper():
            score -= SHOUTING_PENALTY
        following = range(position + 1, min(position + 4, len(candidates)))
        if any(words(candidates[at].text) >= LONG_PARAGRAPH for at in following):
            score += 1.0
        if any(map(is_head_line, following)):
            score += 1.0
        scored.append((score - 0.01 * position, position, block))
    if not scored:
        return None
    best = max(scored, key=lambda item: item[0])[2]
    same = _fold(best.text)
    return next(block for _, _, block in scored if _fold(block.text) == same)


def _is_byline_or_date(block: Block) -> bool:
    """News pages print the byline and the date right under the headline (a dek may come between)."""
    if block.label in (Label.BYLINE, Label.DATE):
        return True
    return len(block.lines) == 1 and (datelines.is_dateline(block.text) or bool(parse_byline(block.text)))


def _could_be_title(block: Block) -> bool:
    """A headline is one line of a few words that does not end like a sentence, nor
    a menu: no list bullet, no row of " | "-separated items, no leftover markup."""
    text = headline_text(block)
    count = words(text)
    if len(block.lines) != 1 or not 2 <= count <= TITLE_MAX_WORDS or block.label in _HEAD_LABELS:
        return False
    if block.label is Label.CAPTION:  # a photo credit ("Photo: Name / Agency") names no story
        return False
    # A teaser cut short ("...") is not a headline, but the page's <title> line may end in a site name like that.
    teaser = text.endswith(("...", "…")) and block.first_line > 2
    if teaser or text.endswith((".", ",", ";", ":")) and not text.endswith("...") or _MENU.search(block.lines[0]):
        return False
    return not datelines.is_dateline(text) and not parse_byline(text)


def headline_text(block: Block) -> str:
    """The block's text without an image html2text put before the headline, or link markup left in it."""
    if "](" not in block.text:  # neither an image nor a link: skip the two scans
        return block.text.strip()
    return _LEFT_LINK.sub(r"\1", _IMAGE.sub("", block.text)).strip()


def _is_page_title(page_title: Block, headline: Block) -> bool:
    """The page's <title> line repeats the headline, usually with the site's name added.

    The headline is the larger part of that line; the site's name, also in it, is not.
    """
    inner, outer = _fold(headline_text(headline)), _fold(page_title.text)
    size = len(inner.split())
    return size >= 2 and inner in outer and inner != outer and size >= len(outer.split()) / 2


def split_site_name(title: str, article: list[Block]) -> tuple[str, str]:
    """Split "Headline | Site" into headline and site name; the site part must be short.

    A weak separator (" - ", " – ") splits only when the short part is also
    printed elsewhere on the page, as site names are in headers and footers.
    """
    for separator, needs_echo in ((_STRONG_SEPARATOR, False), (_WEAK_SEPARATOR, True)):
        parts = separator.split(title)
        if len(parts) < 2:
            continue
        headline = max(parts, key=len)
        rest = [p for p in parts if p is not headline]
        site = rest[-1] if rest else ""
        if words(site) > SITE_NAME_MAX_WORDS or words(headline) < 2:
            continue
        if needs_echo and not any(_fold(site) in _fold(b.text) for b in article[1:]):
            continue
        return headline, site
    return title, ""


def _suffix_of(page_title: str, headline: str) -> str:
    start = _fold(page_title).find(_fold(headline))
    rest = page_title[:start] + page_title[start + len(headline) :] if start >= 0 else ""
    rest = rest.strip(" |-–—:·»«")
    return rest if 0 < words(rest) <= SITE_NAME_MAX_WORDS else ""


def head_region(article: list[Block], title_position: int) -> list[Block]:
    """The blocks around the headline where bylines and datelines stand; it ends after two long paragraphs."""
    region = article[max(0, title_position - HEAD_BEFORE) : title_position]
    long_ones = 0
    for block in article[title_position + 1 : title_position + 1 + HEAD_AFTER]:
        if long_ones >= 2:
            break
        region.append(block)
        long_ones += words(block.text) >= LONG_PARAGRAPH
    return region


def _dek(after_title: list[Block], doc: CleanedDoc) -> None:
    """A standfirst: bold or italic right after a markdown title, or a lone summary sentence before the byline.

    Either way it reads as prose: it ends like a sentence and is not a dateline,
    a byline, a provenance line or a row of tags or links.
    """
    near = [b for b in after_title[:3] if b.label not in _HEAD_LABELS]
    if not near:
        return
    first, text = near[0], near[0].text
    low, high = DEK_WORDS
    if not low <= words(text) <= high or len(first.lines) > 2 or not _ENDS_SENTENCE.search(text):
        return
    if _NOT_PROSE.search(text) or datelines.find_date(text) or parse_byline(text) or publisher_in(text):
        return
    emphasised = first.emphasis in ("bold", "italic") and not first.heading_level
    then = near[1] if len(near) > 1 else None
    before_byline = then is not None and (parse_byline(then.text) or datelines.is_dateline(then.text))
    one_sentence = len(_SENTENCE_STOP.findall(text)) <= 1
    if emphasised or (before_byline and one_sentence):
        doc.subtitle = text
        first.mark(Label.DEK, "dek")


def _byline_and_date(region: list[Block], title: Block, doc: CleanedDoc) -> None:
    """Authors from the first byline; the date from the best dateline (see `dateline_rank`)."""
    ranked = []
    after_title = False
    for block in region:
        after_title = after_title or block.index > title.index
        if block.label in _HEAD_LABELS:
            continue
        text = block.text
        names = parse_byline(text) if words(text) <= BYLINE_MAX_WORDS else []
        if names and not doc.authors:
            doc.authors = names
            block.mark(Label.BYLINE, "byline")
            if found := datelines.find_date(text):
                ranked.append((dateline_rank(text, after_title) + 1, found.iso))
        elif part := datelines.dateline_part(text):
            block.mark(Label.DATE, "date")
            ranked.append((dateline_rank(part, after_title), datelines.find_date(part).iso))
    if ranked and doc.date is None:
        doc.date = max(ranked, key=lambda item: item[0])[1]


def dateline_rank(text: str, after_title: bool) -> int:
    """Which of several head dates is the article's: a "Published" line beats a bare
    date, a date under the headline beats one above it (often today's date in the
    page header), and an "Updated" line comes last. Ties go to the first."""
    return 2 * datelines.is_published(text) + after_title - 3 * datelines.is_update(text)


def _posted_date(article: list[Block], doc: CleanedDoc) -> None:
    """Blogs print "Posted on <date> by <name>" or "This entry was posted on <date>"
    under the post; such a line dates it too, wherever it stands in the article."""
    for block in article:
        text = block.text
        if block.label is Label.BOILERPLATE or words(text) > PROVENANCE_MAX_WORDS:
            continue
        cue = _POSTED.search(text)
        found = datelines.find_date(text[cue.end() : cue.end() + POSTED_DATE_REACH]) if cue else None
        if found is None:
            continue
        doc.date = found.iso
        names = parse_byline(text)
        if names and not doc.authors:
            doc.authors = names
            block.mark(Label.BYLINE, "byline")
        elif datelines.is_dateline(text):
            block.mark(Label.DATE, "date")
        return


def parse_byline(text: str) -> list[str]:
    """Authors' names from "By A and B", "By A, B", "Author: A", "Posted by A on <date>"; [] when not a byline."""
    return list(_byline_names(text, datelines.year_limit_for(text)))


@lru_cache(maxsize=BYLINE_CACHE_SIZE)  # the head's lines are asked about by several rules, menus repeat
def _byline_names(text: str, latest: int) -> tuple[str, ...]:
    match = _BYLINE.match(text) or _AUTHOR_LABEL.match(text)
    leading = datelines.find_date(text, latest or None)
    if not match and leading and leading.start <= LEADING_DATE_REACH:  # "Monday, May 7, 2012, by A"
        match = _BYLINE.match(text[leading.end :])
    if not match:
        return ()
    names = match.group("names")
    found = datelines.find_date(names, latest or None)
    if found:
        names = _DANGLING.sub("", names[: found.start])
    names = vocab.role_label().sub("", names.strip(" :"))
    names = _NAME_CUT.split(names, maxsplit=1)[0]
    parts = [p.strip(" .:-–—|'\"") for p in _NAME_SPLIT.split(names)]
    parts = [p for p in parts if p and not vocab.roles().search(p)]
    people = [p for p in parts if looks_like_name(p)]
    return tuple(people) if people and len(people) == len(parts) else ()


def looks_like_name(text: str) -> bool:
    parts = text.split()
    low, high = NAME_WORDS
    if not low <= len(parts) <= high or any(ch.isdigit() for ch in text):
        return False
    capitalised = [p for p in parts if p.lower() not in _NAME_PARTICLES]
    return bool(capitalised) and all(_NAME_WORD.match(p) for p in capitalised)


def date_from_url(url: str) -> str | None:
    """News URLs often carry the publication date: /2021/06/15/slug."""
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    found = datelines.find_date("-".join(match.groups()))
    return found.iso if found else None


# --- outlet ----------------------------------------------------------------------------------------


def find_outlet(url: str, article: list[Block], site_name: str = "") -> str:
    """The outlet's display name: a curated name for the URL's domain, else the name
    the page itself prints that spells the domain ("The Example Times" for
    theexampletimes.com), else the site name from the page title, else the domain."""
    domain = registered_domain(url) if url else ""
    if domain:
        curated = vocab.outlets().get(domain)
        if curated:
            return curated
        spelled = name_spelling(domain.split(".")[0], article)
        if spelled:
            return spelled
    return site_name or domain


def registered_domain(url: str) -> str:
    """The domain a site registered: example.co.uk for news.example.co.uk, jane.blogspot.com for a hosted blog."""
    labels = (urlsplit(url).hostname or "").lower().split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    if ".".join(labels[-keep:]) in vocab.platforms():
        keep += 1
    return ".".join(labels[-keep:])


def name_spelling(label: str, article: list[Block]) -> str:
    """A capitalised run of words in the page whose letters spell the domain label."""
    target = label.lower().replace("-", "")
    for block in article:
        if target not in letters_and_digits(block.text).lower():
            continue
        found = _SPELLING_WORD.findall(block.text)
        spelled = [_NOT_WORD.sub("", word).lower() for word in found]
        for start in range(len(found)):
            if not target.startswith(spelled[start]):  # the run would not spell the label from its start
                continue
            compact = ""
            for end in range(start, min(start + 7, len(found))):
                compact += spelled[end]
                if len(compact) >= len(target):
                    break
            run = found[start : end + 1]
            if compact == target and _capitalised_run(run):
                return " ".join(run).rstrip(".-'’")
    return ""


#: The ASCII bytes that are not a letter or a digit, for `bytes.translate` to delete.
_ASCII_NOT_ALNUM = bytes(code for code in range(128) if not chr(code).isalnum())


def letters_and_digits(text: str) -> str:
    """The text without what `[\\W_]` matches; an ASCII text as bytes, in a fortieth of the time."""
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_NOT_ALNUM).decode("ascii")
    return _NOT_LETTER_OR_DIGIT.sub("", text)


def _capitalised_run(run: list[str]) -> bool:
    return run[0][:1].isupper() and run[-1][:1].isupper() and all(
        w[:1].isupper() or w.lower() in _SMALL_WORDS for w in run
    )


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text.replace("'", "").replace("’", ""))]


@lru_cache(maxsize=8192)  # the page's title line and head lines are compared with every candidate
def _fold(text: str) -> str:
    return " ".join(_tokens(text))
