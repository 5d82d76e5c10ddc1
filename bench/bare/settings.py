"""Bench only: a bare Django view, the reference issue #11 measured the pages against.

The same settings, database and gunicorn as the product, but no middleware at all: no session, no sign-in,
no security headers. bench/pages.py gives each page's requests per second as a ratio to this page too, so
the figure says what a page costs compared with the least Django can do, the way the issue's first
measurements did (0.6 to 2.8 per cent on PostgreSQL before the fix).
"""

from bench.trivial.settings import *  # noqa: F403

MIDDLEWARE: list[str] = []
