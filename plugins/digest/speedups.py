"""Speed at scale: remove Pelican's quadratic steps, and render and write only what changed.

1. Groupings. For every tag, category and author, Pelican 4.12 builds that
   group's `dates` as `[a for a in self.dates if a in articles]`, a list
   membership test per article: O(n x group size), even when the group's pages
   are not written. `MembershipList` answers `in` from a set of identities
   (Pelican's `Content` has no `__eq__`, so identity is what `in` tests), and a
   grouping whose `*_SAVE_AS` is empty skips the loop, whose every write was a
   no-op. The output is the same.
   Translations. Pelican's `process_translations` lists the translations as
   `[x for x in content_list if x not in index]`, quadratic as well (about a
   third of Pelican's context step at 50,000 articles). A digest has none, so
   pelicanconf.py sets `ARTICLE_TRANSLATION_ID = None` and Pelican skips the
   step; `order_as_pelican` then restores the order the step left: by slug,
   then `ARTICLE_ORDER_BY` (ties between equal dates stay in slug order, not
   in the order the file system listed the seeds).
2. Pages. `IncrementalWriter` (under `render_pool.ForkingWriter`, on `get_writer`) fingerprints every
   article and page it is asked to write: the content object's own data and
   that of every article it links to (copies, cross-links), each pickled once
   per build (`PageKeys`; the cleaned doc and the body count by their cleaning-cache
   entry's key while they are that entry's objects, `Source`), the settings,
   the parts of the shared context that its template reads (found by
   parsing the template and every template it extends or includes), the
   theme and the plugin's code. A page whose fingerprint matches the last
   build and whose file is still the one it wrote (same size and modification
   time: a build that was not published may have written another) is not
   rendered at all. Every page that is rendered is written only if its bytes
   changed, so unchanged files keep their mtime and inode (rsync, browsers and
   the search indexer see no change).
3. Templates. Compiled templates are kept in CACHE_PATH between builds, and a template's file is
   checked once per build, not each time a page includes it.
4. URLs. Each article's and page's `url` is computed once: an article's when it is read, when the
   URL settings name only its slug (`pin_read_urls`), else once linking is done (`pin_urls`).
5. Collector. Reading 10,000 articles leaves millions of long-lived objects, and
   CPython's cyclic collector walks all of them in every full collection (a fifth
   of a no-change rebuild). Before each article is read, and again before
   linking, what exists is moved to the permanent generation (`gc.freeze`,
   constant time), so collections walk only what was allocated since;
   `finalized` unfreezes it for the next build in the same process. Reference
   counting still frees acyclic garbage as it goes.
"""
from __future__ import annotations

import gc
import hashlib
import io
import json
import logging
import os
import pickle
import types
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any, NamedTuple

import jinja2
from jinja2 import FileSystemBytecodeCache, TemplateError, meta
from pelican.contents import Article, Content
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, order_content, path_to_url, posixize_path
from pelican.writers import Writer

from . import sitemap
from .stale import folder_key, track

log = logging.getLogger(__name__)

#: Groupings Pelican writes pages for, and the setting that names their pages.
GROUPINGS = {"tags": "TAG_SAVE_AS", "categories": "CATEGORY_SAVE_AS", "authors": "AUTHOR_SAVE_AS"}
#: Attributes of a content object that are not its own data.
SHARED_ATTRIBUTES = frozenset({"_context", "settings"})
#: The field by which the reader names the cleaning-cache entry an article was read from (a `Source`).
SOURCE = "digest_source"
#: Stands in a page's own data for what a `Source` vouches for: the entry's key, not its doc or body.
FROM_CACHE = "\0cleaning cache entry"
#: Settings that change on every run or do not reach a page.
VOLATILE_SETTINGS = frozenset({"generated_content", "static_links", "static_content", "localsiteurl"})
LEDGER_NAME = "digest-pages-{}.json"
#: What pickling a value that cannot be fingerprinted raises.
FINGERPRINT_ERRORS = (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError)
#: Mark what stands in a page's own data for a content object, grouping, date or time zone (`stands_for`),
#: a list of content objects (their joined tokens) and a list of groupings.
REFERENCE = "\0reference"
CONTENT_LIST = "\0content list"
GROUPING_LIST = "\0grouping list"
#: Types whose values `PageKeys.stand_in` leaves to the pickler: those of its fast path (tuples and dicts
#: rarely hold an object to stand in for; the pickler's `reducer_override` takes those).
LEFT_TO_PICKLER = frozenset({str, int, float, bool, type(None), bytes, tuple, dict})
#: Compiled templates, under CACHE_PATH (Jinja checks each template's source before using one).
TEMPLATE_CACHE_DIR = "digest-templates"
#: What the theme's templates read (`context_reads`), by template source, under CACHE_PATH.
READS_NAME = "digest-template-reads.json"
#: The settings of a Jinja environment that change how a template's source parses.
PARSER_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                  "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                  "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")
PACKAGE = Path(__file__).resolve().parent


class MembershipList(list):
    """A list whose `in` is a set lookup by identity. Built once, after the groupings are final."""

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self._ids = frozenset(map(id, self))

    def __contains__(self, item) -> bool:
        return id(item) in self._ids


def order_as_pelican(generator) -> None:
    """`article_generator_pretaxonomy` receiver: with translation detection off, sort each list of
    articles by slug and then by `ARTICLE_ORDER_BY`, as `process_translations` and Pelican would."""
    if generator.settings.get("ARTICLE_TRANSLATION_ID"):
        return
    order_by = generator.settings["ARTICLE_ORDER_BY"]
    for name in ("articles", "hidden_articles", "drafts"):
        by_slug = sorted(getattr(generator, name), key=lambda content: content.slug)
        setattr(generator, name, order_content(by_slug, order_by))


def linear_groupings(generator) -> None:
    """`article_generator_finalized` receiver: make the per-group `dates` filter linear."""
    generator.tags = {tag: MembershipList(articles) for tag, articles in generator.tags.items()}
    generator.categories = [(cat, MembershipList(articles)) for cat, articles in generator.categories]
    generator.authors = [(author, MembershipList(articles)) for author, articles in generator.authors]
    for grouping, setting in GROUPINGS.items():
        if not generator.settings.get(setting):
            setattr(generator, f"generate_{grouping}", skip_grouping)


def pin_urls(generator) -> None:
    """`article_generator_finalized` / `page_generator_finalized` receiver: compute each article's and
    page's `url`, and each article's `save_as`, once, now that slugs and dates are final.

    Pelican formats them from the settings on every access (a third of rendering an article page, which
    links to a dozen others; two path resolutions per access); Pelican's own per-content overrides
    (`override_url`, `override_save_as`, also set by `url` and `save_as` metadata fields) then answer with
    the same values. An `override_save_as` makes Pelican write the page with `override_output` (it may
    replace a file written earlier in the build), which `IncrementalWriter` honours. A page's `save_as` is
    left alone: a curator's page named like a direct template must still fail the build, not replace it.
    """
    for content in contents_of(generator):
        if isinstance(content, Article) and not hasattr(content, "override_url") \
                and not hasattr(content, "override_save_as"):
            content.override_url, content.override_save_as = article_urls(content)
            continue
        if not hasattr(content, "override_url"):
            content.override_url = content.url
        if isinstance(content, Article) and not hasattr(content, "override_save_as"):
            content.override_save_as = content.save_as


#: Metadata that names an article's URL or makes Pelican pick another URL setting than `ARTICLE_URL`.
URL_CHOOSERS = frozenset({"url", "save_as", "status", "lang"})


def pin_read_urls(generator, metadata: dict) -> None:
    """`article_generator_context` receiver: when `ARTICLE_URL` and `ARTICLE_SAVE_AS` name only the slug, an
    article's `url` and `save_as` are final once it is read, so they go into its metadata as the values
    `pin_urls` would pin; Pelican keeps them as `override_url` / `override_save_as`. Pelican's check of the
    file name (`is_valid`) then formats no URL: that and `pin_urls` were two path resolutions and a copy of
    the metadata per article. A draft, another language or a form that names another field (the date,
    which linking may still change) is left to `pin_urls`."""
    settings = generator.settings
    slug = metadata.get("slug")
    if not isinstance(slug, str) or not URL_CHOOSERS.isdisjoint(metadata) \
            or not settings.get("WITH_FUTURE_DATES", True):  # else a future date makes a draft
        return
    forms = str(settings["ARTICLE_URL"]), str(settings["ARTICLE_SAVE_AS"])
    if all(map(names_only_slug, forms)):
        metadata["url"], metadata["save_as"] = (form.format(slug=slug) for form in forms)


@lru_cache(maxsize=16)
def names_only_slug(form: str) -> bool:
    """Whether a URL setting formats nothing but `{slug}` (plain, with a conversion or a literal spec)."""
    try:
        fields = [(name, spec) for _, name, spec, _ in Formatter().parse(form) if name is not None]
        return all(name == "slug" and "{" not in spec for name, spec in fields)
    except ValueError:
        return False


def article_urls(article: Article) -> tuple[str, str]:
    """Pelican's `url` and `save_as` of an article, from one `url_format` instead of one each (it resolves
    the source path twice): the settings that `Article.get_url_setting` picks, formatted as it does."""
    kind = "DRAFT" if article.status == "draft" else "ARTICLE"
    lang = "" if article.in_default_lang else "LANG_"
    fields = article.url_format
    return tuple(str(article.settings[f"{kind}_{lang}{key}"]).format(**fields) for key in ("URL", "SAVE_AS"))


def contents_of(generator) -> list:
    lists = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts", "drafts_translations",
             "pages", "hidden_pages", "draft_pages")
    return [content for name in lists for content in getattr(generator, name, [])]


def skip_grouping(write) -> None:
    """Stands in for `generate_<grouping>` when that grouping's pages are not written."""


class Source(NamedTuple):
    """The cleaning-cache entry an article was read from: its key (a hash of the seed's bytes and of the
    cleaner), the doc and the body's HTML. The reader sets it as the `digest_source` field; page
    fingerprints count the article's doc and body by `key` while they are these very objects
    (`own_data`). Only the reader makes one, from what the cache gave it for `key`."""

    key: str
    doc: Any
    html: str


class FingerprintPickler(pickle.Pickler):
    """Pickles a value's data; other content objects and groupings count by what a page shows of them.

    An article or page counts by its title, date and summary, a grouping (its summit, a tag, an author) by
    its name (`stands_for`). With `reached`, each of them is also collected there, so that a page's key can
    add their own data (`PageKeys`). `reducer_override` is consulted only for objects that are not of a
    built-in type, so strings, lists and dicts stay on the C fast path. Without a memo (`fast`), equal
    values pickle to the same bytes whether or not they are one shared object: sharing depends on how a
    value was made (cleaned in this process, or loaded from a cache), which must not change a page's key.
    """

    def __init__(self, file, reached: list | None = None, shown: dict[int, bytes] | None = None) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True
        self.reached = reached
        self.shown = {} if shown is None else shown  # by id: what a page shows of a content object

    def reducer_override(self, obj):
        if obj is reference:  # in every reduction: the most frequent object here
            return NotImplemented
        fields = stands_for(obj, self.shown)
        if fields is None:
            return NotImplemented
        if self.reached is not None and isinstance(obj, (Content, URLWrapper)):
            self.reached.append(obj)
        return reference, fields


def stands_for(obj, shown: dict[int, bytes]) -> tuple | None:
    """What a fingerprint counts of `obj`, when that is not its data: a content object by what a page shows
    of it, a grouping by its name, a date or time zone by its repr (all its fields and its time zone, one
    string where the object would cost a reduction), a module by its name. None for anything else."""
    if isinstance(obj, Content):
        return (shown_token(obj, shown),)
    if isinstance(obj, URLWrapper):
        return (*identity(obj), obj.name)
    if isinstance(obj, (datetime, tzinfo)):
        return (repr(obj),)
    if isinstance(obj, types.ModuleType):
        return ("module", obj.__name__)
    return None


class PageKeys:
    """Page fingerprints, with each content object's own data and each grouping's fields taken once.

    A page's key covers its own data, the own data of every article or page that data reaches (copies,
    cross-links, previous/next) and the fields of every grouping it reaches (its summit, with the identity
    of its members). What those reach in turn counts by what a page shows of it. Every article is
    pickled once per build, however many pages link to it. Content does not change while pages are written.

    Taken once per object, too: what a fingerprint counts of each content object, grouping, date and
    time zone (`stands_for`), put in place of the object in a copy of the own data before pickling, so
    that the pickler runs without calling back into Python for them. These memos are by `id`, and every
    object in them is kept alive (`kept`), so no other object can take its id while the keys are taken.
    """

    def __init__(self) -> None:
        self.digests: dict[int, bytes | None] = {}  # by id: a content's own data or a grouping's fields
        self.reached: dict[int, list] = {}  # by id: the contents and groupings a content's data reaches
        self.shown: dict[int, bytes] = {}  # by id: what a page shows of a content object (`shown_token`)
        self.named: dict[int, tuple] = {}  # by id: what stands for a grouping
        self.dated: dict[int, tuple] = {}  # by id: what stands for a date or time zone
        self.kept: list = []
        self.buffer = io.BytesIO()
        self.pickler = FingerprintPickler(self.buffer, None, self.shown)

    def key(self, content: Content, extra) -> str | None:
        """The key of a page showing `content`, with `extra` (template, file name, other arguments)."""
        own = self.own_data(content)
        extra_reached: list = []
        parts = [own, self.fingerprint(extra, extra_reached)]
        self.kept += extra_reached
        reached = self.reached[id(content)] + extra_reached
        digests = list(map(self.digests.get, map(id, reached)))
        if None in digests:  # one not taken yet, or one that cannot be taken
            for obj, digest in zip(reached, digests):
                if digest is None and id(obj) not in self.digests:
                    self.own_data(obj) if isinstance(obj, Content) else self.grouping(obj)
            digests = list(map(self.digests.get, map(id, reached)))
        parts += digests
        if None in parts:
            return None
        return hashlib.blake2b(b"".join(parts), digest_size=16).hexdigest()

    def own_data(self, content: Content) -> bytes | None:
        """The digest of `content`'s own data (its metadata too), with what stands for each object in it."""
        if id(content) in self.digests:
            return self.digests[id(content)]
        reached: list = []
        data = own_data(content)
        self.stand_in(data, reached)
        if type(data.get("metadata")) is dict:
            self.stand_in(data["metadata"], reached)
        digest = self.fingerprint(data, reached)
        self.kept.append(content)
        self.digests[id(content)], self.reached[id(content)] = digest, reached
        return digest

    def stand_in(self, data: dict, reached: list) -> None:
        """Put in place of each content object, grouping, date and time zone in `data` what stands for it
        (`stands_for`), and of each list of content objects or of groupings a tuple of those; collect the
        content objects and groupings in `reached`. Other values (tuples and dicts too) are left to the
        pickler. A memo entry found by a value's id proves the value is that object, which is kept alive."""
        for name, value in data.items():
            if type(value) in LEFT_TO_PICKLER:
                continue
            if type(value) is list:
                if value and (replaced := self.list_stand_in(value)) is not None:
                    reached += value
                    data[name] = replaced
            elif id(value) in self.shown:
                data[name] = (REFERENCE, self.shown[id(value)])
                reached.append(value)
            elif id(value) in self.named:
                data[name] = self.named[id(value)]
                reached.append(value)
            elif id(value) in self.dated:
                data[name] = self.dated[id(value)]
            elif isinstance(value, Content):
                data[name] = (REFERENCE, self.token(value))
                reached.append(value)
            elif isinstance(value, URLWrapper):
                data[name] = self.name(value)
                reached.append(value)
            elif isinstance(value, (datetime, tzinfo)):
                data[name] = self.date(value)

    def list_stand_in(self, items: list) -> tuple | None:
        """A list of content objects (related articles, copies) as the joined tokens of what a page shows of
        them, a list of groupings (authors) as what stands for each; None for any other list."""
        if isinstance(items[0], Content):
            try:
                return CONTENT_LIST, b"".join(map(self.shown.__getitem__, map(id, items)))
            except KeyError:
                if all(isinstance(item, Content) for item in items):
                    return CONTENT_LIST, b"".join([self.token(item) for item in items])
        elif isinstance(items[0], URLWrapper):
            try:
                return (GROUPING_LIST, *map(self.named.__getitem__, map(id, items)))
            except KeyError:
                if all(isinstance(item, URLWrapper) for item in items):
                    return (GROUPING_LIST, *[self.named.get(id(item)) or self.name(item) for item in items])
        return None

    def token(self, content: Content) -> bytes:
        if id(content) not in self.shown:
            self.kept.append(content)
        return shown_token(content, self.shown)

    def name(self, grouping: URLWrapper) -> tuple:
        self.kept.append(grouping)
        self.named[id(grouping)] = (REFERENCE, *stands_for(grouping, self.shown))
        return self.named[id(grouping)]

    def date(self, value: datetime | tzinfo) -> tuple:
        self.kept.append(value)
        self.dated[id(value)] = (REFERENCE, *stands_for(value, self.shown))
        return self.dated[id(value)]

    def grouping(self, grouping: URLWrapper) -> bytes | None:
        """The digest of a grouping's fields; what they reach is not followed (`shallow`), only kept."""
        reached: list = []
        digest = self.fingerprint((identity(grouping), grouping.name, shallow(grouping)), reached)
        self.kept += [grouping, *reached]
        self.digests[id(grouping)] = digest
        return digest

    def fingerprint(self, value, reached: list | None) -> bytes | None:
        """`fingerprint`'s digest (as bytes), from the one reused pickler."""
        self.buffer.seek(0)
        self.buffer.truncate()
        self.pickler.reached = reached
        try:
            self.pickler.dump(value)
        except FINGERPRINT_ERRORS as error:
            log.debug("No fingerprint (%s): the page is rendered", error)
            self.pickler = FingerprintPickler(self.buffer, None, self.shown)  # no state left from the error
            return None
        return hashlib.blake2b(self.buffer.getvalue(), digest_size=16).digest()


def shown_of(content: Content) -> tuple:
    """Which content object, with its title, date and summary; the date as its repr (all its fields and
    its time zone), which pickles as one string where the datetime would cost a reduction per reference."""
    date = repr(getattr(content, "date", None))
    return (*identity(content), getattr(content, "title", None), date, content.metadata.get("summary"))


def shown_token(content: Content, shown: dict[int, bytes]) -> bytes:
    """A digest of `shown_of(content)`, memoised in `shown` by id: a page that lists 40 articles pickles
    40 short tokens, not 40 tuples of titles, paths and deks."""
    token = shown.get(id(content))
    if token is None:
        token = hashlib.blake2b(repr(shown_of(content)).encode(), digest_size=16).digest()
        shown[id(content)] = token
    return token


def identity(obj) -> tuple:
    """Which content or grouping `obj` is, from plain attributes: its URL follows from its slug and the
    settings (in the site key), and Pelican computes `url` anew on every access (a path join per call)."""
    if isinstance(obj, Content):
        return ("content", obj.source_path, getattr(obj, "slug", None))
    if isinstance(obj, URLWrapper):
        return (type(obj).__name__, obj.slug)
    return (obj,)


def shallow(grouping: URLWrapper) -> tuple:
    """A grouping's own fields, with the articles and groupings it lists counted by identity (a summit's
    members). Keys named like a property are skipped: Pelican's `URLWrapper.as_dict()`, called for every
    `url`, copies `name` and `slug` into the instance's dict, so they appear once a page was rendered."""
    fields = []
    for key, value in vars(grouping).items():
        if key in SHARED_ATTRIBUTES or isinstance(getattr(type(grouping), key, None), property):
            continue
        if isinstance(value, (list, tuple)):
            value = tuple(identity(item) for item in value)
        elif isinstance(value, (Content, URLWrapper)):
            value = identity(value)
        fields.append((key, value))
    return tuple(fields)


def reference(*fields):
    """Stands for an object in a fingerprint; never called, since fingerprints are not unpickled."""
    return fields


def own_data(content: Content) -> dict:
    """A copy of a content object's data (its metadata copied too). What its `digest_source` vouches for
    counts by that cache entry's key: the `Source` itself, and the doc (`digest`, also in `metadata`) and
    the body while they are the very objects the entry gave. The body is a str, so being that object means
    having that value; the doc is a dataclass that nothing changes after cleaning (linking, templates and
    outputs only read it). A doc or body replaced after reading is pickled in full."""
    data = vars(content).copy()
    for name in SHARED_ATTRIBUTES:
        data.pop(name, None)
    copies = [data]
    if type(data.get("metadata")) is dict:
        data["metadata"] = data["metadata"].copy()
        copies.append(data["metadata"])
    source = data.get(SOURCE)
    if type(source) is Source:
        vouched = (FROM_CACHE, source.key)
        for fields in copies:
            for name, value in ((SOURCE, source), ("digest", source.doc), ("_content", source.html)):
                if fields.get(name) is value:
                    fields[name] = vouched
    return data


def fingerprint(value, reached: list | None = None, shown: dict[int, bytes] | None = None) -> str | None:
    """A digest of `value`'s data, or None when it cannot be taken (the page is then always rendered);
    the content objects and groupings it reaches are appended to `reached`. `shown` memoises
    `shown_token` across calls while content does not change."""
    buffer = io.BytesIO()
    try:
        FingerprintPickler(buffer, reached, shown).dump(value)
    except FINGERPRINT_ERRORS as error:
        log.debug("No fingerprint (%s): the page is rendered", error)
        return None
    return hashlib.blake2b(buffer.getvalue(), digest_size=16).hexdigest()


def context_reads(env, name: str, known: dict | None = None, found: dict | None = None) -> frozenset[str] | None:
    """The context variables that template `name` and the templates it extends, includes or imports
    read; None when one of them is named at run time or cannot be loaded (then a page counts all).
    `known` (kept under CACHE_PATH by the writer) holds what each template was found to read, by name
    and source, so a build parses only templates that changed (parsing the theme's page templates costs
    0.05 s); `found` collects what this build looked at."""
    reads: set[str] = set()
    pending, seen = [name], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            variables, referenced = template_reads(env, current, known or {}, {} if found is None else found)
        except TemplateError:
            return None
        if None in referenced:
            return None
        reads.update(variables)
        pending.extend(referenced)
    return frozenset(reads)


def template_reads(env, name: str, known: dict, found: dict) -> tuple[list[str], list[str | None]]:
    """What template `name` reads and the templates it names, from `known` when it holds them for this
    source as parsed by a parser set up like `env`'s, else parsed; noted in `found` under `name`."""
    source = env.loader.get_source(env, name)[0]
    parser = [getattr(env, option) for option in PARSER_OPTIONS] + [sorted(env.extensions), jinja2.__version__]
    key = hashlib.blake2b(json.dumps([parser, source]).encode(), digest_size=16).hexdigest()
    entry = found.get(name) or known.get(name)
    if not entry or entry[0] != key:
        tree = env.parse(source)
        entry = [key, sorted(meta.find_undeclared_variables(tree)), list(meta.find_referenced_templates(tree))]
    found[name] = entry
    return entry[1], entry[2]


def tree_digest(folders: list[Path]) -> bytes:
    """A digest of every file under `folders` (the theme, the plugin's code and data)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.digest()


class UnchangedFileGuard(io.StringIO):
    """A text file that, on close, writes its path only if the bytes differ from what is there."""

    def __init__(self, path: str, encoding: str) -> None:
        super().__init__()
        self.path, self.encoding_name = path, encoding

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self.encoding_name)
            if not same_bytes(self.path, data):
                with open(self.path, "wb") as file:
                    file.write(data)
        super().close()


def same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except FileNotFoundError:
        return False


class OutputPaths(Writer):
    """A writer that joins each page's name to the output folder once: the incremental writer, the
    deferring writer and the join of forked pages each need the path, and Pelican's `sanitised_join`
    resolves the folder anew on every call (two joins were a sixth of deciding that 10,000 pages are
    unchanged)."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.output_paths: dict[str, str] = {}
        self.output_base = posixize_path(os.path.abspath(self.output_path))

    def output_file(self, name: str) -> str:
        """`sanitised_join(self.output_path, name)` (the same path, the same error for a name outside the
        folder), with the folder resolved once."""
        path = self.output_paths.get(name)
        if path is None:
            path = posixize_path(os.path.abspath(os.path.join(self.output_path, name)))
            if not path.startswith(self.output_base):
                raise RuntimeError(f"Attempted to break out of output directory to {path}")
            self.output_paths[name] = path
        return path


class IncrementalWriter(OutputPaths):
    """Pelican's writer that skips pages whose inputs did not change and files whose bytes did not."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings=settings)
        self.ledger_path = Path(self.settings["CACHE_PATH"]) / LEDGER_NAME.format(folder_key(output_path))
        self.previous = load_ledger(self.ledger_path)
        self.current: dict[str, list] = {}  # page -> [key, stamp of the file as written or kept]
        self.unstamped: dict[str, tuple[str, str]] = {}  # page -> (key, path) rendered, stamped when saved
        self.code: str | None = None
        self.site_keys: dict[str, str] = {}  # by template name
        self.pages = PageKeys()
        self.skipped = 0
        self.made_beside: set[str] = set()  # files the ledgers of other outputs made or kept (stale.py)
        self.reads_path = Path(self.settings["CACHE_PATH"]) / READS_NAME
        self.known_reads: dict | None = None  # last build's template reads, loaded when first needed
        self.found_reads: dict[str, list] = {}
        track(self)

    def _site_key(self, context: dict, template) -> str | None:
        """What every page of `template` may show: theme, plugin code, settings and the shared context
        that the template reads (all of it when the template's includes cannot be followed)."""
        if template.name not in self.site_keys:
            if self.code is None:
                self.code = tree_digest([Path(self.settings["THEME"]), PACKAGE]).hex()
            if self.known_reads is None:
                self.known_reads = load_ledger(self.reads_path)
            reads = context_reads(template.environment, template.name, self.known_reads, self.found_reads)
            shared = {key: value for key, value in context.items() if key not in VOLATILE_SETTINGS
                      and (reads is None or key.isupper() or key in reads)}
            self.site_keys[template.name] = fingerprint((self.code, shared)) or ""
        return self.site_keys[template.name] or None

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        content = kwargs.get("article") or kwargs.get("page")
        key = None
        if content is not None and name and paginated is None:
            key = self.page_key(name, template, content, context, kwargs)
        elif template.name == sitemap.TEMPLATE and name and paginated is None:
            key = self.sitemap_key(name, template, context, relative_urls, template_name, url, kwargs)
        if key is not None:
            path = self.output_file(name)
            # The stamp tells the file this writer wrote from one a build that was not published left there.
            unchanged = self.previous.get(name) == [key, stamp(path)]
            if unchanged and path not in self._written_files:
                self.current[name] = self.previous[name]
                self._written_files.add(path)
                if override_output:  # the file stays this page's: a later write to it is skipped
                    self._overridden_files.add(path)
                if content is not None:
                    self.skipped += 1
                elif relative_urls:  # the sitemap: as Pelican leaves it after a render
                    context["localsiteurl"] = path_to_url(get_relative_path(name))
                return
        super().write_file(name, template, context, relative_urls, paginated, template_name, override_output,
                           url, **kwargs)
        if key is not None:
            self.unstamped[name] = (key, path)  # the file may be written later (render_pool holds pages back)

    def page_key(self, name, template, content, context, kwargs) -> str | None:
        site = self._site_key(context, template)
        extra = {key: value for key, value in kwargs.items() if key not in {"article", "page"}}
        page = self.pages.key(content, (template.name, name, extra))
        return f"{site}:{page}" if site and page else None

    def sitemap_key(self, name, template, context, relative_urls, template_name, url, kwargs) -> str | None:
        """The sitemap's key: what it shows (`sitemap.shown`), the settings, theme and code; None (render)
        when it cannot be taken."""
        if self.code is None:
            self.code = tree_digest([Path(self.settings["THEME"]), PACKAGE]).hex()
        settings = {key: value for key, value in context.items() if key.isupper()}
        extra = {key: value for key, value in kwargs.items() if key not in {"articles", "dates"}}
        try:
            shown = sitemap.shown(context, kwargs)
        except (AttributeError, KeyError, TypeError) as error:
            log.debug("No sitemap key (%s): it is rendered", error)
            return None
        return fingerprint((self.code, template.name, name, relative_urls, template_name, url, extra, settings,
                            shown))

    def _open_w(self, filename, encoding, override=False):
        """Pelican's guard against writing a file twice, then a file that keeps unchanged bytes."""
        if filename in self._overridden_files or (filename in self._written_files and not override):
            return super()._open_w(filename, encoding, override)  # raises, or writes to os.devnull
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return UnchangedFileGuard(filename, encoding)

    def save_ledger(self) -> None:
        self.current.update((name, [key, stamp(path)]) for name, (key, path) in self.unstamped.items())
        self.unstamped.clear()
        # A file written from a key stays true while its stamp holds, so when the last ledger already has
        # every entry of this one (nothing changed), it is kept as it is.
        if any(self.previous.get(name) != entry for name, entry in self.current.items()):
            self.ledger_path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.ledger_path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.current), encoding="utf-8")
            os.replace(temporary, self.ledger_path)
        if self.known_reads is not None and any(self.known_reads.get(name) != entry
                                                for name, entry in self.found_reads.items()):
            self.known_reads.update(self.found_reads)
            self.reads_path.write_text(json.dumps(self.known_reads), encoding="utf-8")


def stamp(path) -> list[int] | None:
    """Size and modification time of a file: a file another build (or anyone) wrote since has another."""
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return [status.st_size, status.st_mtime_ns]


def load_ledger(path: Path) -> dict[str, list]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def cache_compiled_templates(generator) -> None:
    """`generator_init` receiver: keep compiled templates between builds (a third of a small rebuild), and
    check a template's file once per build, not at each use: with `auto_reload`, Jinja reads the file's
    modification time every time a page includes a partial (a dozen times a page; 0.5 CPU-s of a cold
    build at 10,000 seeds). Each build makes new generators, so an edited template is still seen by the
    next build (`invoke serve` too). A site that sets `auto_reload` in JINJA_ENVIRONMENT keeps its choice."""
    folder = Path(generator.settings["CACHE_PATH"]) / TEMPLATE_CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    if "auto_reload" not in generator.settings.get("JINJA_ENVIRONMENT", {}):
        generator.env.auto_reload = False


def save_ledger(generator, writer) -> None:
    """`article_writer_finalized` / `page_writer_finalized` receiver: remember what was written."""
    if isinstance(writer, IncrementalWriter):
        writer.save_ledger()
        log.info("%d unchanged pages were not rendered again", writer.skipped)


def freeze_collected(generator) -> None:
    """`article_generator_preread` / `_pretaxonomy` receiver: hide what exists from the cyclic collector."""
    gc.freeze()


def unfreeze_collected(pelican) -> None:
    """`finalized` receiver: hand the build's objects back to the collector."""
    gc.unfreeze()
