"""Bench only: the product's settings and middleware, with one trivial page as the whole site.

bench/pages.py serves this exactly as it serves the product (gunicorn alongside.wsgi, three workers, the same
database and signed-in people), so a page's requests per second divided by this page's is what the page
itself costs above Django, the middleware, the session and gunicorn. The product gains no endpoint.
"""

from alongside.settings import *  # noqa: F403

ROOT_URLCONF = "bench.trivial.urls"
