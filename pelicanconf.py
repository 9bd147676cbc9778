"""Local settings: build `seeds/` into `output/` for reading on this machine."""
AUTHOR = "Summit Digest"
SITENAME = "Summit Digest"
SITESUBTITLE = "Press coverage of summits, cleaned and linked"
SITEURL = ""

# The project root is Pelican's content path: seeds are articles, content/pages are pages.
PATH = "."
ARTICLE_PATHS = ["seeds"]
ARTICLE_EXCLUDES = []
PAGE_PATHS = ["content/pages"]
STATIC_PATHS = []
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = False

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["digest"]
THEME = "theme"
# Seed text is untrusted: templates escape everything unless marked safe.
JINJA_ENVIRONMENT = {"autoescape": True}

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_CATEGORY = "Coverage"
ARTICLE_ORDER_BY = "reversed-date"
# A digest has no translations: skip Pelican's quadratic search for them (plugins/digest/speedups.py).
ARTICLE_TRANSLATION_ID = None

ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"

# Groupings the digest does not publish: summits are its grouping.
DIRECT_TEMPLATES = ["index", "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# The home page is not an archive: it shows the newest summits and the latest coverage (theme/templates/
# index.html), and each summit's page lists all of its coverage; so the index is one page, unpaginated.
DEFAULT_PAGINATION = False
RELATIVE_URLS = True
SLUGIFY_SOURCE = "title"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Feeds are written by the digest plugin (plugins/digest/feeds.py; file names in DIGEST_FEED_*) with the
# outlet, the original URL and entry ids that survive rebuilds, so Pelican's own feeds stay off (above).
# They are served from FEED_DOMAIN when set, else from SITEURL.
# Each feed lists its newest FEED_MAX_ITEMS stories (Pelican's setting; None lists all): feed readers
# poll for what is new, and a summit's feed stays complete until its summit has more coverage than that.
FEED_MAX_ITEMS = 100

# Files for other machines, as theme templates: the 404 page, sitemap.xml and robots.txt.
DIRECT_TEMPLATES += ["404", "sitemap", "robots"]
TEMPLATE_EXTENSIONS = [".html", ".xml", ".txt"]
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"

# Summit pages (plugins/digest/summit.py) and the summit index.
SUMMIT_URL = "summits/{slug}/"
SUMMIT_SAVE_AS = "summits/{slug}/index.html"
SUMMITS_URL = "summits/"
SUMMITS_SAVE_AS = "summits/index.html"
