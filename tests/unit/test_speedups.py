"""The pieces of `speedups`: set-backed membership, page fingerprints, files that keep unchanged bytes."""
from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime

from digest.cleaning.model import CleanedDoc
from digest.filters import FILTERS
from digest.speedups import (MembershipList, PageKeys, Source, UnchangedFileGuard, cache_compiled_templates,
                             context_reads, fingerprint, order_as_pelican)


class Item:
    """Like Pelican's Content: no __eq__, so list membership is identity."""


def test_membership_list_answers_in_like_a_list():
    items = [Item() for _ in range(5)]
    members = MembershipList(items[:3])
    for item in items:
        assert (item in members) == (item in items[:3])
    assert list(members) == items[:3]


def test_fingerprint_follows_the_data():
    page = {"title": "Talks in Oslo", "body": ["one", "two"]}
    assert fingerprint(page) == fingerprint({"title": "Talks in Oslo", "body": ["one", "two"]})
    assert fingerprint(page) != fingerprint({"title": "Talks in Oslo", "body": ["one", "three"]})


def test_no_fingerprint_for_data_that_cannot_be_taken():
    assert fingerprint({"filter": lambda text: text}) is None
    cyclic: list = []
    cyclic.append(cyclic)
    assert fingerprint(cyclic) is None


def test_a_fingerprint_does_not_depend_on_which_values_are_shared_objects():
    """A doc cleaned in this process shares strings that the same doc loaded from the cache does not."""
    dek = "The two leaders met for three hours."
    equal_copy = "".join(list(dek))
    assert equal_copy is not dek
    assert fingerprint({"dek": dek, "summary": dek}) == fingerprint({"dek": dek, "summary": equal_copy})


def test_a_file_with_the_same_bytes_is_not_rewritten(tmp_path):
    path = tmp_path / "index.html"
    path.write_text("<p>same</p>", encoding="utf-8")
    os.utime(path, (1_000_000_000, 1_000_000_000))
    with UnchangedFileGuard(str(path), "utf-8") as file:
        file.write("<p>same</p>")
    assert path.stat().st_mtime == 1_000_000_000
    with UnchangedFileGuard(str(path), "utf-8") as file:
        file.write("<p>changed</p>")
    assert path.read_text(encoding="utf-8") == "<p>changed</p>"
    assert path.stat().st_mtime != 1_000_000_000


def article(body: str, title: str, source: str, **attributes) -> Article:
    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "{slug}/", "ARTICLE_SAVE_AS": "{slug}/index.html"}
    page = Article(body, metadata={"title": title, "date": SafeDatetime(2021, 6, 16)}, settings=settings,
                   source_path=source)
    for name, value in attributes.items():
        setattr(page, name, value)
    return page


def test_a_page_changes_with_an_article_it_links_to():
    def page_key(linked_body: str) -> str | None:
        linked = article(linked_body, "Copy", "copy.txt")
        page = article("<p>Original.</p>", "Original", "original.txt", copies=[linked])
        return PageKeys().key(page, ("article.html", "original/index.html", {}))

    assert page_key("<p>Same.</p>") == page_key("<p>Same.</p>")
    assert page_key("<p>Same.</p>") != page_key("<p>Edited.</p>")


def test_a_page_changes_with_its_summit_but_not_with_what_a_linked_article_links_to():
    from pelican.urlwrappers import URLWrapper

    def page_key(summit_name: str, far_body: str) -> str | None:
        summit = URLWrapper("Geneva talks", DEFAULT_CONFIG)
        summit.title = summit_name
        far = article(far_body, "Far", "far.txt")
        near = article("<p>Near.</p>", "Near", "near.txt", related=[far])
        page = article("<p>Page.</p>", "Page", "page.txt", summit=summit, related=[near])
        return PageKeys().key(page, ("article.html", "page/index.html", {}))

    assert page_key("Geneva", "<p>One.</p>") != page_key("Geneva 2021", "<p>One.</p>")
    assert page_key("Geneva", "<p>One.</p>") == page_key("Geneva", "<p>Two.</p>")


def test_a_page_changes_with_the_title_and_date_of_an_article_that_a_linked_article_lists():
    """Articles in a list (related, copies) count by a token of their title, date and summary."""
    def page_key(far_title: str, far_date: SafeDatetime) -> str | None:
        far = article("<p>Far.</p>", far_title, "far.txt", date=far_date)
        near = article("<p>Near.</p>", "Near", "near.txt", related=[far])
        page = article("<p>Page.</p>", "Page", "page.txt", related=[near])
        return PageKeys().key(page, ("article.html", "page/index.html", {}))

    june = SafeDatetime(2021, 6, 16)
    assert page_key("Far", june) == page_key("Far", june)
    assert page_key("Far", june) != page_key("Far away", june)
    assert page_key("Far", june) != page_key("Far", SafeDatetime(2021, 6, 17))


def test_a_fingerprint_follows_a_date_and_its_time_zone():
    from zoneinfo import ZoneInfo

    def key(day: int, zone: str) -> str | None:
        date = SafeDatetime(2021, 6, day, tzinfo=ZoneInfo(zone))
        return fingerprint({"date": date, "zone": ZoneInfo(zone)})

    assert key(16, "UTC") == key(16, "UTC")
    assert key(16, "UTC") != key(17, "UTC")
    assert key(16, "UTC") != key(16, "Europe/Oslo")


def read_article(key: str, title: str = "Talks", body: str = "<p>Body.</p>", doc=None,
                 **attributes) -> Article:
    """An article as the seed reader makes one: its doc and body are the cache entry's (`Source`)."""
    doc = CleanedDoc(title=title) if doc is None else doc
    body = "".join(list(body))  # a str of its own, as each cache entry's is
    source = Source(key, doc, body)
    page = article(body, title, f"{key}.txt", digest=doc, digest_key=key, digest_source=source, **attributes)
    page.metadata.update(digest=doc, digest_key=key, digest_source=source)
    return page


def key_of(page: Article) -> str | None:
    return PageKeys().key(page, ("article.html", "a/index.html", {}))


def test_a_doc_and_body_from_the_cache_count_by_the_entry_s_key_and_are_not_pickled():
    class Unpicklable:
        def __reduce__(self):
            raise TypeError("the doc was pickled")

    assert key_of(read_article("seed-one", doc=Unpicklable())) is not None
    # Equal docs and bodies, other objects: cleaned in this process, or loaded from the cache.
    assert key_of(read_article("seed-one")) == key_of(read_article("seed-one"))
    assert key_of(read_article("seed-one")) != key_of(read_article("seed-two"))


def test_the_seed_reader_s_doc_and_body_count_by_their_cache_key(tmp_path):
    """As Pelican makes an article of what the reader returns: its doc and body are the entry's objects."""
    from digest.reader import SeedReader
    from digest.speedups import FROM_CACHE, own_data

    seed = Path(__file__).resolve().parents[1] / "fixtures" / "incremental" / "first_seed.txt"
    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path), "ARTICLE_URL": "{slug}/",
                "ARTICLE_SAVE_AS": "{slug}/index.html"}
    keys = []
    for _ in range(2):  # cleaned, then loaded from the cache
        html, metadata = SeedReader(settings).read(str(seed))
        data = own_data(Article(html, metadata=metadata, settings=settings, source_path=str(seed)))
        vouched = (FROM_CACHE, metadata["digest_key"])
        assert data["_content"] == data["digest"] == data["metadata"]["digest"] == vouched
        keys.append(key_of(Article(html, metadata=metadata, settings=settings, source_path=str(seed))))
    assert keys[0] == keys[1] is not None


def test_a_body_changed_after_reading_changes_the_key():
    page = read_article("seed-one")
    before = key_of(page)
    page._content = page._content.replace("Body", "Edited body")
    assert key_of(page) != before
    page._content = "".join(list("<p>Body.</p>"))  # the entry's value again, but not its object: by bytes
    assert key_of(page) is not None


def test_a_doc_replaced_after_reading_changes_the_key():
    page = read_article("seed-one")
    before = key_of(page)
    page.digest = CleanedDoc(title="Talks", subtitle="A dek added after reading")
    assert key_of(page) != before
    page = read_article("seed-one")
    page.metadata["digest"] = CleanedDoc(title="Talks", subtitle="A dek added after reading")
    assert key_of(page) != before


def test_a_linked_article_s_body_or_title_changed_after_reading_changes_the_key():
    def page_with_copy() -> tuple[Article, Article]:
        copy = read_article("copy-seed", "Copy")
        return read_article("seed-one", copies=[copy]), copy

    page, copy = page_with_copy()
    before = key_of(page)
    assert key_of(page_with_copy()[0]) == before
    copy._content += "<p>More.</p>"
    assert key_of(page) != before
    page, copy = page_with_copy()
    copy.title = "Copy, retitled"
    assert key_of(page) != before


def test_a_page_key_does_not_depend_on_which_pages_were_keyed_before():
    """One pickler and the memos serve every page of a build."""
    far = read_article("far-seed", "Far")
    near = read_article("near-seed", "Near", related=[far], prev_in_summit=far)
    pages = [read_article("seed-one", related=[near, far]), near, far]
    alone = [key_of(page) for page in pages]
    keys = PageKeys()
    assert [keys.key(page, ("article.html", "a/index.html", {})) for page in reversed(pages)] == alone[::-1]


def test_a_list_that_is_not_all_content_counts_by_its_data():
    def page_key(title: str) -> str | None:
        return key_of(read_article("seed-one", sources=[article("<p>x</p>", title, "b.txt"), "a note"]))

    assert page_key("Other") is not None
    assert page_key("Other") != page_key("Other, retitled")


def test_the_shared_context_counts_articles_by_title_not_body():
    def context_key(body: str, title: str) -> str | None:
        return fingerprint({"articles": [article(body, title, "a.txt")]})

    assert context_key("<p>One.</p>", "Talks") == context_key("<p>Two.</p>", "Talks")
    assert context_key("<p>One.</p>", "Talks") != context_key("<p>One.</p>", "Talks end")


def test_a_template_reads_what_it_and_the_templates_it_uses_name():
    env = Environment(loader=DictLoader({
        "base.html": "{% for p in pages %}{{ p.title }}{% endfor %}{% block content %}{% endblock %}",
        "article.html": '{% extends "base.html" %}{% block content %}{% include "aside.html" %}{% endblock %}',
        "aside.html": "{{ article.title }} {% if summits %}summits{% endif %}",
        "dynamic.html": "{% include article.template %}",
    }))
    assert context_reads(env, "article.html") == {"pages", "article", "summits"}
    assert context_reads(env, "dynamic.html") is None
    assert context_reads(env, "missing.html") is None


def test_the_theme_article_page_reads_no_corpus_wide_list():
    """Else one renamed event or retitled article elsewhere would re-render every article page."""
    theme = Path(__file__).resolve().parents[2] / "theme" / "templates"
    env = Environment(loader=FileSystemLoader(theme), extensions=["jinja2.ext.i18n"])
    env.filters.update(FILTERS)
    reads = context_reads(env, "article.html")
    assert reads is not None
    assert not reads & {"articles", "summits", "dates", "all_articles", "tags", "categories", "authors"}


def test_a_summit_in_the_shared_context_counts_by_name_not_members():
    from pelican.urlwrappers import URLWrapper

    def context_key(members: list) -> str | None:
        summit = URLWrapper("Geneva talks", DEFAULT_CONFIG)
        summit.articles = members
        return fingerprint({"summits": [summit]})

    assert context_key([article("<p>One.</p>", "Talks", "a.txt")]) == context_key([])


def test_pinned_urls_are_the_ones_pelican_computes():
    from types import SimpleNamespace

    from digest.speedups import pin_urls

    page = article("<p>Body.</p>", "Talks in Oslo", "a.txt")
    page.slug = "talks-in-oslo"
    expected = page.url, page.save_as
    pin_urls(SimpleNamespace(articles=[page]))
    page.settings = {**page.settings, "ARTICLE_URL": "elsewhere/{slug}/", "ARTICLE_SAVE_AS": "x/{slug}.html"}
    assert (page.url, page.save_as) == expected == ("talks-in-oslo/", "talks-in-oslo/index.html")


@pytest.mark.parametrize("metadata", [{}, {"status": "draft"}, {"status": "hidden"}, {"lang": "de"},
                                      {"lang": "de", "status": "draft"},
                                      {"lang": "de", "category": "Talks", "author": "Ana"}])
def test_pinned_article_urls_are_pelican_s_for_drafts_hidden_and_other_languages(metadata):
    from types import SimpleNamespace

    from pelican.urlwrappers import Author, Category

    from digest.speedups import pin_urls

    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "a/{date:%Y}/{slug}/",
                "ARTICLE_SAVE_AS": "a/{slug}/{lang}.html",
                "DRAFT_URL": "d/{slug}/", "DRAFT_SAVE_AS": "d/{path}.html",
                "ARTICLE_LANG_URL": "{lang}/{slug}/",
                "ARTICLE_LANG_SAVE_AS": "{lang}/{category}/{author}.html", "DRAFT_LANG_URL": "dl/{slug}/",
                "DRAFT_LANG_SAVE_AS": "dl/{slug}.html"}
    wrappers = {"category": Category, "author": Author}
    metadata = {name: wrappers[name](value, settings) if name in wrappers else value
                for name, value in metadata.items()}
    metadata = {"title": "Talks", "slug": "talks", "date": SafeDatetime(2021, 6, 16), **metadata}
    content = Article("<p>Body.</p>", metadata=metadata, settings=settings, source_path="seeds/talks.txt")
    expected = content.url, content.save_as
    pin_urls(SimpleNamespace(articles=[content]))
    assert (content.override_url, content.override_save_as) == expected


def article_as_read(settings: dict, **metadata) -> Article:
    """An article as Pelican's `read_file` makes it, with `pin_read_urls` as its context receiver."""
    from types import SimpleNamespace

    from digest.speedups import pin_read_urls

    metadata = {"title": "Talks", "slug": "talks", "date": SafeDatetime(2021, 6, 16), **metadata}
    pin_read_urls(SimpleNamespace(settings=settings), metadata)
    return Article("<p>Body.</p>", metadata=metadata, settings=settings, source_path="seeds/talks.txt")


@pytest.mark.parametrize("forms", [("articles/{slug}/", "articles/{slug}/index.html"),
                                   ("{slug!s}.html", "{slug:>12}.html"), ("a/", "b.html")])
def test_urls_pinned_at_reading_are_the_ones_pelican_computes(forms):
    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": forms[0], "ARTICLE_SAVE_AS": forms[1]}
    content = article_as_read(settings)
    pinned = content.override_url, content.override_save_as
    del content.override_url, content.override_save_as
    assert pinned == (content.url, content.save_as) == tuple(form.format(slug="talks") for form in forms)


@pytest.mark.parametrize("case", [{"ARTICLE_URL": "{date:%Y}/{slug}/"}, {"ARTICLE_SAVE_AS": "{slug:{lang}}"},
                                  {"ARTICLE_SAVE_AS": "{category}/{slug}.html"}, {"ARTICLE_URL": "{}/"},
                                  {"WITH_FUTURE_DATES": False}, {"status": "draft"}, {"status": "hidden"},
                                  {"lang": "de"}, {"url": "mine/"}, {"save_as": "mine.html"}])
def test_urls_that_may_change_after_reading_are_not_pinned_then(case):
    """A form that names the date (which linking may still infer), another field, a status or language that
    picks another setting, or a curator's own `url` / `save_as`: the reader's metadata stays Pelican's."""
    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "articles/{slug}/", "ARTICLE_SAVE_AS": "a/{slug}.html"}
    metadata = {name: value for name, value in case.items() if name.islower()}
    settings.update({name: value for name, value in case.items() if name.isupper()})
    content = article_as_read(settings, **metadata)
    assert getattr(content, "override_url", None) == metadata.get("url")
    assert getattr(content, "override_save_as", None) == metadata.get("save_as")


def test_a_curator_page_s_file_name_is_not_pinned():
    """A pinned `save_as` lets a page replace a file written before it; a page must not replace the search
    page or the summit index without the build failing."""
    from types import SimpleNamespace

    from pelican.contents import Page

    from digest.speedups import pin_urls

    page = Page("<p>About.</p>", metadata={"title": "About", "slug": "about"}, settings=DEFAULT_CONFIG,
                source_path="about.md")
    pin_urls(SimpleNamespace(pages=[page]))
    assert page.url == "pages/about.html"
    assert not hasattr(page, "override_save_as")


def test_an_unchanged_page_that_replaces_a_file_keeps_it_against_a_later_write(tmp_path):
    """Pelican writes an article with a pinned `save_as` with `override_output`: when the writer skips it
    as unchanged, a later plain write to the same file is skipped as Pelican skips it, not written over."""
    from digest.speedups import IncrementalWriter

    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache"), "THEME": str(tmp_path / "theme")}
    (tmp_path / "theme").mkdir()
    env = Environment(loader=DictLoader({"article.html": "{{ article.title }}", "other.html": "other"}))
    page = article("<p>Body.</p>", "Talks", "a.txt")

    def build(then_other: bool) -> tuple[str, int]:
        writer = IncrementalWriter(str(tmp_path / "out"), settings=settings)
        writer.write_file("a/index.html", env.get_template("article.html"), {}, article=page,
                          override_output=True)
        if then_other:
            writer.write_file("a/index.html", env.get_template("other.html"), {})
        writer.save_ledger()
        return (tmp_path / "out" / "a" / "index.html").read_text(encoding="utf-8"), writer.skipped

    assert build(then_other=False) == ("Talks", 0)
    assert build(then_other=True) == ("Talks", 1)


def test_the_reader_reads_a_cleaner_date_as_pelican_does():
    from pelican.readers import BaseReader

    from digest.reader import SeedReader

    reader, pelican = SeedReader({**DEFAULT_CONFIG, "CACHE_PATH": "unused"}), BaseReader(DEFAULT_CONFIG)
    for text in ("2021-06-16", "1970-01-01", "2000-02-29", "June 16, 2021"):
        date, expected = reader.date(text), pelican.process_metadata("date", text)
        assert (type(date), date, date.tzinfo) == (type(expected), expected, expected.tzinfo)


def test_without_translation_detection_articles_keep_pelicans_order():
    """Equal dates in slug order, newest first, whatever order the file system listed the seeds in."""
    from types import SimpleNamespace

    def dated(slug: str, day: int) -> Article:
        return article("<p>x</p>", slug, f"{slug}.txt", slug=slug, date=SafeDatetime(2021, 6, day))

    listed = [dated("c", 16), dated("a", 16), dated("d", 17), dated("b", 16)]
    settings = {"ARTICLE_TRANSLATION_ID": None, "ARTICLE_ORDER_BY": "reversed-date"}
    generator = SimpleNamespace(settings=settings, articles=listed, hidden_articles=[], drafts=[])
    order_as_pelican(generator)
    assert [a.slug for a in generator.articles] == ["d", "a", "b", "c"]


def test_what_a_template_reads_is_kept_by_source_and_found_again_when_it_changes():
    sources = {"base.html": "{{ pages }}{% block content %}{% endblock %}",
               "article.html": '{% extends "base.html" %}{% block content %}{{ article }}{% endblock %}'}
    known, found = {}, {}
    assert context_reads(Environment(loader=DictLoader(sources)), "article.html", known, found) == {"pages", "article"}
    assert set(found) == {"base.html", "article.html"}
    known = json.loads(json.dumps(found))  # as the writer stores it
    again = {}
    assert context_reads(Environment(loader=DictLoader(sources)), "article.html", known, again) == {"pages", "article"}
    assert again == known
    sources["base.html"] = "{{ summits }}{% block content %}{% endblock %}"  # an edited template
    assert context_reads(Environment(loader=DictLoader(sources)), "article.html", known, {}) == {"summits", "article"}
    odd = Environment(loader=DictLoader(sources), variable_start_string="[[", variable_end_string="]]")
    assert context_reads(odd, "article.html", known, {}) == set()  # "{{ ... }}" is text to this parser


def test_the_writer_joins_a_page_name_as_pelican_does(tmp_path):
    """`output_file` is Pelican's `sanitised_join`, the folder resolved once: the same path for names
    Pelican writes, and the same refusal of one that leaves the output folder."""
    from pelican.utils import sanitised_join

    from digest.speedups import IncrementalWriter

    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache")}
    for folder in (str(tmp_path / "out"), str(tmp_path / "out") + "/", str(tmp_path / "x" / ".." / "out")):
        writer = IncrementalWriter(folder, settings=settings)
        for name in ("index.html", "a/b/index.html", "./a//b/../c.html", "feeds/all.atom.xml"):
            assert writer.output_file(name) == sanitised_join(folder, name)
            assert writer.output_file(name) == sanitised_join(folder, name)  # and when kept
        for name in ("../elsewhere.html", "/etc/passwd"):
            with pytest.raises(RuntimeError):
                sanitised_join(folder, name)
            with pytest.raises(RuntimeError):
                writer.output_file(name)


def test_a_build_that_changes_no_page_keeps_the_ledger_file(tmp_path):
    """The ledger is written only when an entry changed; the kept one still lets the next build skip."""
    from digest.speedups import IncrementalWriter

    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache"), "THEME": str(tmp_path / "theme")}
    (tmp_path / "theme").mkdir()
    env = Environment(loader=DictLoader({"article.html": "{{ article.title }}"}))
    pages = [article("<p>Body.</p>", "Talks", "a.txt"), article("<p>Body.</p>", "Meeting", "b.txt")]

    def build(titles: list[str]) -> tuple[int, int]:
        writer = IncrementalWriter(str(tmp_path / "out"), settings=settings)
        for name, page, title in zip(("a.html", "b.html"), pages, titles):
            page.title = title
            writer.write_file(name, env.get_template("article.html"), {}, article=page)
        writer.save_ledger()
        return writer.skipped, writer.ledger_path.stat().st_mtime_ns

    skipped, first = build(["Talks", "Meeting"])
    assert skipped == 0
    os.utime(next((tmp_path / "cache").glob("digest-pages-*.json")), ns=(1, 1))
    assert build(["Talks", "Meeting"]) == (2, 1)  # nothing changed: the file is left alone
    skipped, written = build(["Talks", "Meeting again"])
    assert (skipped, written != 1) == (1, True)
    assert (tmp_path / "out" / "b.html").read_text(encoding="utf-8") == "Meeting again"
    assert build(["Talks", "Meeting again"])[0] == 2


@pytest.mark.parametrize(("jinja", "checks_each_use"), [({}, False), ({"auto_reload": True}, True)])
def test_templates_are_checked_once_per_build_unless_the_site_asks_otherwise(tmp_path, jinja, checks_each_use):
    generator = SimpleNamespace(settings={"CACHE_PATH": str(tmp_path), "JINJA_ENVIRONMENT": jinja},
                                env=Environment(auto_reload=True))
    cache_compiled_templates(generator)
    assert generator.env.auto_reload is checks_each_use
