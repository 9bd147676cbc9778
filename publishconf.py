"""Publishing settings: pelicanconf.py with absolute URLs, for GitHub Pages or any other host.

SITEURL is the address the site is served from, without a trailing slash: a domain root
(https://digest.example.org) or a project path (https://USER.github.io/REPO). The Pages
workflow passes the real one on the command line, as Pelican allows:

    pelican -s publishconf.py -e SITEURL='"https://USER.github.io/REPO"' \
                                 FEED_DOMAIN='"https://USER.github.io/REPO"'

The value below serves `invoke preview` followed by `invoke serve`.
"""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = "http://localhost:8000"
RELATIVE_URLS = False
# A published build starts from an empty output folder, so nothing stale is deployed.
DELETE_OUTPUT_DIRECTORY = True
