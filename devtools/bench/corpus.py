"""Synthetic seeds for the benchmark: one list of articles, written two ways.

`articles(n, seed)` makes `n` articles spread over events, deterministically
from `seed` (each article has its own `random.Random`, so article i is the
same whatever `n` is). `raw_seed()` writes one as a dirty seed in either raw
style (A: plain page text, B: html2text-like markdown) with the noise real
seeds have; `clean_markdown()` writes the same article already clean, as
Markdown with Pelican metadata, for the plain-Pelican baseline.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

WORDS = (
    "the a of to and in on for with that by as at from its their this was were is are has have said "
    "president minister leaders talks summit meeting delegation agreement sanctions security trade "
    "border troops treaty officials allies partners government ministry foreign defence energy gas "
    "nuclear arms control climate deal statement press conference vote parliament council envoy "
    "negotiations dialogue relations tensions crisis region week month year morning evening session "
    "question answer proposal plan support pressure concerns interests position side both two three "
    "several many new old first last next final joint public private economic political military "
    "diplomatic strategic global regional national local bilateral signed agreed rejected discussed "
    "warned insisted expected announced reported confirmed denied urged called offered demanded held "
    "met spoke returned arrived left visited according however while although because after before "
    "during despite against between among across under over without within around about nearly only"
).split()
SYLLABLES = ("ka ri mo ta lu ne si vo da pe ga ro mi te lo sa vi ne ku ra po de li ma to bo re na fe zu "
             "an el or is um ar en ol ir us").split()
#: Tail words beyond WORDS: news text has a long tail of rare words, and linking relies on it.
TAIL_SIZE = 20_000
ZIPF_EXPONENT = 1.1
#: Share of a sentence's words drawn from its event's own names and terms.
EVENT_WORD_SHARE = 0.08


def vocabulary() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """WORDS then TAIL_SIZE made-up words, with cumulative Zipf weights for `random.choices`."""
    rng = random.Random("vocabulary")
    tail: dict[str, None] = {}
    while len(tail) < TAIL_SIZE:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in WORDS:
            tail[word] = None
    words = tuple(WORDS) + tuple(tail)
    return words, tuple(itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(words) + 1)))


VOCABULARY, CUMULATIVE_WEIGHTS = vocabulary()

FIRST_NAMES = "Anna Boris Carla Dmitri Elena Farid Grace Hugo Irina Jonas Keiko Lars Maria Nikolai Olga "\
    "Pavel Quinn Rosa Sergei Tamara Ugo Vera Walter Xenia Yusuf Zofia".split()
LAST_NAMES = "Abrams Berger Castillo Dorn Eriksen Fischer Gordon Halvorsen Ivanova Jensen Kowalski "\
    "Lindqvist Moreau Novak Okafor Petrov Quaid Romero Schultz Tanaka Ulrich Volkov Weber Yilmaz".split()
CITIES = "Geneva Vienna Helsinki Reykjavik Singapore Hanoi Osaka Brussels Madrid Vilnius Ankara Tashkent "\
    "Astana Lisbon Oslo Warsaw Tbilisi Baku Doha Nairobi Lima Ottawa Canberra Seoul".split()
KINDS = ("summit", "talks", "conference", "forum", "negotiations")
OUTLETS = ("The Daily Ledger", "World Wire", "Capital Review", "Northern Post", "Evening Courier",
           "Policy Monitor", "Global Dispatch", "The Observer Desk")

#: Shares of articles with each trait (the real seeds show all of them).
SYNDICATED_SHARE = 0.08
UNDATED_SHARE = 0.1
COMMENTED_SHARE = 0.4
SPLIT_PARAGRAPH_SHARE = 0.3
#: One event per this many articles, so the event pages stay a realistic size.
ARTICLES_PER_EVENT = 40

BANNERS = (
    ("Enjoying ad-free content?",
     "Since January we have disabled all ads to improve your reading experience.",
     "This commitment costs us a lot every month. Your support can help us fill the gap.", "Support us"),
    ("Subscribe to our newsletter", "Get the day's top stories in your inbox every morning.", "Sign up"),
    ("Advertisement",),
)
APPEALS = (
    ("… we have a small favor to ask. Independent journalism costs money, and we rely on readers like you.",
     "Your support, no matter how small, makes a world of difference. If you can, please support us "
     "monthly starting from just $2. Thank you.", "Not ready to support today?", "Remind me later."),
    ("Donate now to keep this site free for everyone.",),
)
FOOTERS = ("Back to top button", "Read more", "Share this article",
           "Copyright {year} {outlet}. All rights reserved.")


@dataclass(frozen=True)
class Event:
    name: str
    city: str
    start: date
    keywords: tuple[str, ...]  # its participants' names and its topic words, shared by its coverage


@dataclass(frozen=True)
class Comment:
    author: str
    text: str
    depth: int


@dataclass(frozen=True)
class Article:
    stem: str
    title: str
    dek: str
    author: str
    outlet: str
    date: date | None
    event: Event
    paragraphs: tuple[str, ...]
    comments: tuple[Comment, ...]
    style: str  # "A" plain page text, "B" html2text markdown
    url: str


def events(seed: int, count: int) -> list[Event]:
    rng = random.Random(f"events:{seed}")
    result = []
    for i in range(count):
        city, kind = rng.choice(CITIES), rng.choice(KINDS)
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        people = [made_up_name(rng) for _ in range(rng.randint(2, 4))]
        topics = rng.sample(VOCABULARY[len(WORDS):len(WORDS) + 5000], 6)
        result.append(Event(f"{city} {kind} {start.year} #{i}", city, start, (city, *people, *topics)))
    return result


def articles(n: int, seed: int = 0) -> list[Article]:
    """`n` articles over `n / ARTICLES_PER_EVENT` events; a few are syndicated copies of earlier ones."""
    pool = events(seed, max(1, n // ARTICLES_PER_EVENT))
    result: list[Article] = []
    for i in range(n):
        rng = random.Random(f"article:{seed}:{i}")
        if result and rng.random() < SYNDICATED_SHARE:
            result.append(syndicated_copy(rng.choice(result), i, rng))
        else:
            result.append(new_article(i, rng.choice(pool), rng))
    return result


def new_article(i: int, event: Event, rng: random.Random) -> Article:
    title = sentence(rng, 6, 11, end="", event=event).title().replace(" The ", " the ")
    title = f"{event.city} {event.name.split()[1]}: {title}"
    undated = rng.random() < UNDATED_SHARE
    outlet = rng.choice(OUTLETS)
    return Article(
        stem=f"{i:06d}_{rng.getrandbits(48):012x}",
        title=title,
        dek=sentence(rng, 12, 22, event=event),
        author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        outlet=outlet,
        date=None if undated else event.start + timedelta(days=rng.randrange(-5, 6)),
        event=event,
        paragraphs=tuple(paragraph(rng, event) for _ in range(rng.randint(7, 14))),
        comments=comment_thread(rng) if rng.random() < COMMENTED_SHARE else (),
        style=rng.choice("AB"),
        url=f"https://{outlet.lower().replace(' ', '')}.example/{event.start.year}/{i}",
    )


def syndicated_copy(original: Article, i: int, rng: random.Random) -> Article:
    """The same text republished by another outlet under another title."""
    outlet = rng.choice([o for o in OUTLETS if o != original.outlet])
    return Article(
        stem=f"{i:06d}_{rng.getrandbits(48):012x}",
        title=f"{sentence(rng, 5, 9, end='', event=original.event).title()} in {original.event.city}",
        dek=original.dek,
        author=original.author,
        outlet=outlet,
        date=original.date,
        event=original.event,
        paragraphs=original.paragraphs,
        comments=(),
        style="B" if original.style == "A" else "A",
        url=f"https://{outlet.lower().replace(' ', '')}.example/copy/{i}",
    )


def made_up_name(rng: random.Random) -> str:
    return " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize() for _ in range(2))


def sentence(rng: random.Random, shortest: int, longest: int, end: str = ".", event: Event | None = None):
    words = rng.choices(VOCABULARY, cum_weights=CUMULATIVE_WEIGHTS, k=rng.randint(shortest, longest))
    if event:
        for _ in range(round(len(words) * EVENT_WORD_SHARE) or 1):
            words[rng.randrange(len(words))] = rng.choice(event.keywords)
    text = " ".join(words)
    return text[0].upper() + text[1:] + end


def paragraph(rng: random.Random, event: Event) -> str:
    return " ".join(sentence(rng, 10, 24, event=event) for _ in range(rng.randint(2, 5)))


def comment_thread(rng: random.Random) -> tuple[Comment, ...]:
    comments = []
    depth = 0
    for _ in range(rng.randint(2, 9)):
        depth = rng.randint(0, min(depth + 1, 2))
        full_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        name = rng.choice([full_name, rng.choice(LAST_NAMES).lower()])
        text = " ".join(sentence(rng, 6, 18) for _ in range(rng.randint(1, 3)))
        comments.append(Comment(name, text, depth))
    return tuple(comments)


def raw_seed(article: Article) -> str:
    """The article as a scraped page in its raw style, with banners, appeals, credits and comments."""
    rng = random.Random(f"noise:{article.stem}")
    style_b = article.style == "B"
    lines: list[str] = []
    if style_b and rng.random() < 0.8:
        lines += [f"Original url: <{article.url}>", ""]
    if rng.random() < 0.5:
        lines += ["\n".join(rng.choice(BANNERS)), ""]
    if style_b:
        lines += [f"# {article.title}", "", f"**{article.dek}**", "", f"By [{article.author}](#)", ""]
    else:
        lines += [article.title, "", article.dek, "", f"By {article.author}", ""]
    if article.date:
        lines += [f"{article.date:%B %d, %Y}", ""]
    lines += [photo_credit(rng, style_b), ""]
    for position, text in enumerate(article.paragraphs):
        if style_b and rng.random() < 0.3:
            words = text.split(" ")
            at = rng.randrange(len(words))
            words[at] = f"[{words[at]}](#)"
            text = " ".join(words)
        if rng.random() < SPLIT_PARAGRAPH_SHARE and " " in text:
            words = text.split(" ")
            cut = rng.randrange(3, max(4, len(words) - 3))
            lines += [" ".join(words[:cut]), "", " ".join(words[cut:]), ""]
        else:
            lines += [text, ""]
        if position == 2:
            related = sentence(rng, 5, 9, end="")
            line = f"**Related article:** [{related}](#)" if style_b else f"Related article: {related}"
            lines += [line, ""]
    lines += ["\n".join(rng.choice(APPEALS)), ""]
    if article.comments:
        lines += comment_lines(article.comments)
    footer = rng.choice(FOOTERS).format(year=article.event.start.year, outlet=article.outlet)
    lines += [footer, ""]
    if not style_b and rng.random() < 0.5:
        lines += [f"Source link {article.title}", ""]
    return "\n".join(lines)


def photo_credit(rng: random.Random, style_b: bool) -> str:
    credit = f"Photo: {rng.choice(LAST_NAMES)} / {rng.choice(('AP', 'Reuters', 'AFP', 'press service'))}"
    return f"*{credit}*" if style_b else credit


def comment_lines(comments: tuple[Comment, ...]) -> list[str]:
    """Comments as the seeds show them: numbered "NAME says" headers, replies indented."""
    lines = [f"{len(comments)} Comments", ""]
    numbers = [0, 0, 0]
    for comment in comments:
        numbers[comment.depth] += 1
        numbers[comment.depth + 1:] = [0] * (2 - comment.depth)
        pad = "  " * (comment.depth + 1)
        lines += [f"{pad}{numbers[comment.depth]}. {comment.author} says", ""]
        lines += [f"{pad}  {comment.text}", ""]
    return lines


def clean_markdown(article: Article) -> str:
    """The same article already clean, as Markdown with Pelican metadata (the baseline's input)."""
    header = [f"Title: {article.title}", f"Authors: {article.author}", f"Summary: {article.dek}"]
    header.append(f"Date: {article.date or date(1970, 1, 1)}")
    body = list(article.paragraphs)
    if article.comments:
        body.append("## Comments")
        body += [f"{'> ' * c.depth}**{c.author}**: {c.text}" for c in article.comments]
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 0) -> None:
    """Write `n` raw seeds to `folder/seeds` and the same articles as Markdown to `folder/markdown`."""
    raw, markdown = folder / "seeds", folder / "markdown"
    raw.mkdir(parents=True, exist_ok=True)
    markdown.mkdir(parents=True, exist_ok=True)
    for article in articles(n, seed):
        (raw / f"{article.stem}.txt").write_text(raw_seed(article), encoding="utf-8")
        (markdown / f"{article.stem}.md").write_text(clean_markdown(article), encoding="utf-8")
