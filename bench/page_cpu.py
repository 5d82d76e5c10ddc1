"""Benchmark: each key page's CPU time and queries per request, in one process (not a test).

bench/pages.py measures the product under gunicorn through real connections; on a shared, busy machine its
requests per second move with everyone else's work. This renders the same pages with Django's test client, as
the same people (one organisation of 16 per role, made by tests/live/harness.py), in this one process, and
reports for each page the median over rounds of this process's CPU time per request (`time.process_time`) and
the queries one request runs (first for two pages that show what every signed-in page pays before its own
work: ``FIXED_COST_PAGES``). Other work on the machine changes CPU time far less than it changes wall time.
On PostgreSQL the database server's own CPU time is not in it: it is printed apart ("database ms": the backend
serving this process's connection, read from /proc). Comparing two versions of the code: run this in each
version's worktree in turn, several times, interleaved, and compare the medians.

Run: .venv/bin/python bench/page_cpu.py [--database sqlite|postgres] [--requests 96] [--rounds 3]
                                        [--breakdown] [--queries] [--profile PAGE [--profile-out FILE]]
PostgreSQL: BENCH_POSTGRES_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); a scratch
database is made there and dropped afterwards. ``--breakdown`` then renders each page again with a few of
Django's functions timed (their own CPU time, not that of what they call): compiling SQL, running it (the
driver), rendering templates, and the rest (middleware, the view's own code, building querysets, reading rows).
``--queries`` then prints the SQL of one request of each page. ``--profile`` (a page's name as printed, e.g.
"dashboard (admin)") runs that page under cProfile afterwards, timed in CPU time, and prints the top functions
by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import logging
import os
import pstats
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import CONNECTIONS, PAGES, POSTGRES, machine  # noqa: E402
from tests.live.harness import scratch  # noqa: E402

WARMUP_PER_PERSON = 3
# What every signed-in page pays before its own work, measured alone: the middleware (a signed-in /healthz, whose
# own work is one query) and the middleware with base.html and the navigation (the password confirmation page,
# a form of one field). As the organisation admin, who has the longest navigation.
FIXED_COST_PAGES = [
    ("fixed: signed-in /healthz", "admin", "/healthz"),
    ("fixed: confirm password", "admin", "/account/confirm-password/"),
]


def browsers_for(people: list[dict[str, Any]], address: str) -> list[tuple[Any, str]]:
    """A test client per person, signed in with their session, and the address they ask for. Made once per
    page and kept: a new client loads the middleware again (WhiteNoise alone reads every static file's name),
    which gunicorn's workers do once."""
    from django.test import Client

    browsers = []
    for person in people:
        browser = Client()
        browser.cookies["sessionid"] = person["session"]
        browsers.append((browser, address.format(**person)))
    return browsers


def visit(browsers: list[tuple[Any, str]], count: int) -> None:
    """``count`` GETs, the people taking turns."""
    for number in range(count):
        browser, path = browsers[number % len(browsers)]
        status = browser.get(path).status_code
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")


def queries_per_request(browsers: list[tuple[Any, str]]) -> int:
    """The most queries one request of the page ran, over one request per person."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for browser in browsers:
        with CaptureQueriesContext(connection) as captured:
            visit([browser], 1)
        counts.append(len(captured))
    return max(counts)


def cpu_ms(browsers: list[tuple[Any, str]], requests: int) -> tuple[float, float]:
    """This process's CPU ms per request, and the database server's (PostgreSQL's backend serving this
    process's connection, read from /proc; 0 on SQLite, whose work is in this process's)."""
    server_started = database_server_seconds()
    started = time.process_time()
    visit(browsers, requests)
    own = 1000 * (time.process_time() - started) / requests
    return own, 1000 * (database_server_seconds() - server_started) / requests


def database_server_seconds() -> float:
    """The CPU seconds (user and system) that the PostgreSQL backend serving this process has used; it runs on
    this machine, so /proc has it. Ticks of 10 ms: meaningful over many requests, not one."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def timed_parts() -> Iterator[Counter[str]]:
    """While inside, the CPU time spent in each part, exclusive: time in a timed function that another timed
    function called counts to the inner one only. Django's own functions are wrapped, and put back after."""
    from django.db.backends.utils import CursorWrapper
    from django.db.models.sql.compiler import SQLCompiler
    from django.template.backends.django import Template

    spent: Counter[str] = Counter()
    running: list[list[Any]] = [["rest", time.process_time()]]  # [part, since], innermost last

    def timing(part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            now = time.process_time()
            outer = running[-1]
            spent[outer[0]] += now - outer[1]
            running.append([part, now])
            try:
                return function(*args, **kwargs)
            finally:
                now = time.process_time()
                inner = running.pop()
                spent[inner[0]] += now - inner[1]
                running[-1][1] = now

        return timed

    wrapped = [
        (SQLCompiler, "as_sql", "compiling SQL"),
        (CursorWrapper, "execute", "running SQL"),
        (Template, "render", "templates"),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in wrapped]
    for owner, name, part in wrapped:
        setattr(owner, name, timing(part, getattr(owner, name)))
    try:
        yield spent
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
        spent[running[0][0]] += time.process_time() - running[0][1]


PARTS = ("compiling SQL", "running SQL", "templates", "rest")


def breakdown(pages: list[tuple[str, Any]], requests: int) -> None:
    print(f"\nWhere each page's CPU time goes, ms per request ({requests} requests, one round):")
    print(f"{'page':<30}" + "".join(f" {part:>14}" for part in PARTS))
    for name, browsers in pages:
        with timed_parts() as spent:
            visit(browsers, requests)
        print(f"{name:<30}" + "".join(f" {1000 * spent[part] / requests:14.2f}" for part in PARTS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--requests", type=int, default=96, help="per page and round (default 96)")
    parser.add_argument("--rounds", type=int, default=3, help="every page once per round (default 3)")
    parser.add_argument("--breakdown", action="store_true", help="then where each page's time goes")
    parser.add_argument("--queries", action="store_true", help="then the SQL one request of each page runs")
    parser.add_argument("--profile", help="a page's name: profile it afterwards")
    parser.add_argument("--profile-out", help="write the profile's statistics to this file too")
    options = parser.parse_args()
    print(f"Machine: {machine()}", flush=True)
    with scratch(POSTGRES if options.database == "postgres" else None) as env:
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings"
        import django

        django.setup()
        from tests.live.harness import populate

        logging.disable(logging.INFO)  # one "signed in" line per person otherwise
        organisation = populate(sizes=[CONNECTIONS])[0]
        pages = [(name, browsers_for(organisation[role], address)) for name, role, address in FIXED_COST_PAGES + PAGES]
        for _, browsers in pages:
            visit(browsers, WARMUP_PER_PERSON * len(browsers))
        rounds: dict[str, list[float]] = {name: [] for name, _ in pages}
        server: dict[str, list[float]] = {name: [] for name, _ in pages}
        for _ in range(options.rounds):
            for name, browsers in pages:
                own, database = cpu_ms(browsers, options.requests)
                rounds[name].append(own)
                server[name].append(database)
        print(f"{options.database}: {options.requests} requests per page and round, {options.rounds} rounds")
        print(f"{'page':<30} {'CPU ms (median)':>15} {'rounds':>24} {'queries':>8} {'database ms':>12}")
        for name, browsers in pages:
            each = " ".join(f"{value:.2f}" for value in rounds[name])
            median = statistics.median(rounds[name])
            database = statistics.median(server[name])
            print(f"{name:<30} {median:15.2f} {each:>24} {queries_per_request(browsers):8d} {database:12.2f}")
        if options.breakdown:
            breakdown(pages, options.requests)
        if options.queries:
            show_queries(pages)
        if options.profile:
            profile(pages, options.profile, options.requests, options.profile_out)
        from django.db import connections

        connections.close_all()  # so the scratch database can be dropped
    print(f"Machine afterwards: {machine()}")


def show_queries(pages: list[tuple[str, Any]]) -> None:
    """The SQL of one request of each page, as its first person: what to read before cutting a query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, browsers in pages:
        with CaptureQueriesContext(connection) as captured:
            visit(browsers[:1], 1)
        print(f"\n{name}: {len(captured)} queries")
        for number, query in enumerate(captured, start=1):
            print(f"{number:3d}. {query['sql']}")


def profile(pages: list[tuple[str, Any]], name: str, requests: int, out: str | None) -> None:
    [browsers] = [browsers for page, browsers in pages if page == name]
    profiler = cProfile.Profile(time.process_time)  # CPU time, not time waiting for the database
    profiler.runcall(visit, browsers, requests)
    statistics_ = pstats.Stats(profiler).sort_stats("cumulative")
    if out:
        statistics_.dump_stats(out)
    statistics_.print_stats(60)


if __name__ == "__main__":
    main()
