"""Benchmark: the key pages under 16 concurrent connections, on SQLite and PostgreSQL (not a test).

For each database: a scratch database with one organisation of 16 people in each role and 16 organisations of
one, the product under gunicorn (three sync workers, as `alongside serve` runs) and beside it the same settings
serving one trivial page, twice: with the product's middleware and signed-in session (bench/trivial) and with no
middleware at all (bench/bare). Each key page is then loaded by 16 connections at once, each as a different
person: a warm-up, then a fixed number of requests, split evenly. Around each page both trivial pages are
measured the same way, once just before it and once just after, each time for a fixed time rather than a fixed
number of requests (``--reference-seconds``: a trivial page answers hundreds of requests in a tenth of a second,
too short a window to measure steadily), and the page's requests per second are given as a ratio to each, so
figures from a busy or a quiet machine compare. The server's CPU time per request is given too (its workers',
from /proc), and the trivial pages' as a ratio to it: a busy machine moves it far less than it moves requests
per second. (On PostgreSQL the database server's own CPU time is not in it.) Last, the same audited page (the
client's plan) is loaded by 16 clients of one organisation and by 16 clients of 16 organisations: audit entries
are chained per organisation, so a ratio well below 1 means one organisation's requests wait for each other.

Run: .venv/bin/python bench/pages.py [--requests 400] [--reference-seconds 1.5] [--database sqlite|postgres ...]
(or `make bench`).
PostgreSQL: BENCH_POSTGRES_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); a
scratch database is made there and dropped afterwards; skipped with a message if the server cannot be reached.
docs/performance.md explains the columns and keeps the figures.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live.harness import Server, Visitor, in_child, scratch, serve, together  # noqa: E402

CONNECTIONS = 16
WARMUP_PER_CONNECTION = 3
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
TRIVIAL = "/bench/trivial/"
# (what, who loads it, address, with {client} the client whose record that person reads)
PAGES = [
    ("client home", "client", "/me/"),
    ("client plan", "client", "/me/plan/"),
    ("supporter: client plan", "supporter", "/people/{client}/plan/"),
    ("supporter: meetings", "supporter", "/people/{client}/meetings/"),
    ("supporter: worklist (home)", "supporter", "/people/"),
    ("team (supervisor)", "supervisor", "/team/"),
    ("organisation (admin)", "admin", "/organisation/"),
    ("dashboard (admin)", "admin", "/organisation/dashboard/"),
]
AUDITED_PAGE = "/me/plan/"
Person = dict[str, Any]


@dataclass
class Run:
    answers: list[tuple[int, float]]  # status and seconds of each answer
    seconds: float  # from the first request to the last answer
    cpu_seconds: float  # the server's workers' CPU time meanwhile


@dataclass
class Figures:
    per_second: float
    p50_ms: float
    p99_ms: float
    failed: int  # answers other than 200
    cpu_ms: float  # the workers' CPU time per request

    @classmethod
    def of(cls, *runs: Run) -> Figures:
        """From one or more runs, counted together."""
        answers = [answer for run in runs for answer in run.answers]
        latencies = sorted(seconds * 1000 for _, seconds in answers)
        return cls(
            per_second=len(answers) / sum(run.seconds for run in runs),
            p50_ms=statistics.median(latencies),
            p99_ms=latencies[int(len(latencies) * 0.99) - 1],
            failed=sum(status != 200 for status, _ in answers),
            cpu_ms=1000 * sum(run.cpu_seconds for run in runs) / len(answers),
        )

    def row(self, label: str, *references: Figures) -> str:
        numbers = f"{self.per_second:7.1f} {self.p50_ms:7.0f} {self.p99_ms:7.0f} {self.failed:7d} {self.cpu_ms:7.2f}"
        compared = "".join(
            f" {self.per_second / ref.per_second:8.3f} {ref.cpu_ms / self.cpu_ms:8.3f}" for ref in references
        )
        return f"{label:<30} {numbers}{compared}"


HEADER = (
    f"{'page':<30} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'non-200':>7} {'CPU ms':>7}"
    f" {'bare':>8} {'bare CPU':>8} {'trivial':>8} {'triv CPU':>8}"
)


def load(server: Server, people: list[Person], address: str, requests: int = 0, seconds: float = 0.0) -> Run:
    """Each person on their own connection asks for ``address`` (formatted with their fields) in turn, first as
    a warm-up, then ``requests`` times in all, or (with ``seconds``) for that long: each connection sends its
    next request until the time is up, and the run lasts until the last answer."""

    def connection(person: Person, count: int, until: float = 0.0) -> list[tuple[int, float]]:
        visitor, path = Visitor(server.port, person["session"]), address.format(**person)
        answers: list[tuple[int, float]] = []
        while len(answers) < count or time.perf_counter() < until:
            answer = visitor.get(path)
            answers.append((answer.status, answer.seconds))
        return answers

    together([partial(connection, person, WARMUP_PER_CONNECTION) for person in people])
    cpu, started = server.cpu_seconds(), time.perf_counter()
    count, until = requests // len(people), started + seconds
    answers = together([partial(connection, person, count, until) for person in people])
    took = time.perf_counter() - started
    return Run([answer for per_connection in answers for answer in per_connection], took, server.cpu_seconds() - cpu)


def compare(server: Server, one: list[Person], many: list[Person], requests: int) -> tuple[Figures, Figures]:
    """The audited page for one organisation and for many, in the order one, many, many, one: a machine
    getting busier or quieter meanwhile then weighs on both alike."""
    half = requests // 2
    first, second, third, fourth = (load(server, people, AUDITED_PAGE, half) for people in (one, many, many, one))
    return Figures.of(first, fourth), Figures.of(second, third)


@contextmanager
def servers(env: dict[str, str]) -> Iterator[tuple[Server, Server, Server]]:
    with (
        serve(env) as product,
        serve(env, settings_module="bench.bare.settings") as bare,
        serve(env, settings_module="bench.trivial.settings") as trivial,
    ):
        yield product, bare, trivial


def run(label: str, database_url: str | None, requests: int, reference_seconds: float) -> None:
    with scratch(database_url) as env:
        organisations = in_child(env, "tests.live.harness:populate", sizes=[CONNECTIONS] + [1] * CONNECTIONS)
        one, many = organisations[0], organisations[1:]
        with servers(env) as (product, bare, trivial):
            print(f"\n{label}: {requests} requests per page over {CONNECTIONS} connections, after a warm-up")
            print(HEADER)

            def reference() -> list[Run]:
                return [load(server, one["client"], TRIVIAL, seconds=reference_seconds) for server in (bare, trivial)]

            for name, role, address in PAGES:
                before = reference()
                page = Figures.of(load(product, one[role], address, requests))
                after = reference()
                references = [Figures.of(*runs) for runs in zip(before, after, strict=True)]
                print(page.row(name, *references), flush=True)
            alone = [organisation["client"][0] for organisation in many]
            together_figures, apart_figures = compare(product, one["client"], alone, requests)
            print(together_figures.row("client plan, 1 organisation"))
            print(apart_figures.row("client plan, 16 organisations"))
            ratio = together_figures.per_second / apart_figures.per_second
            print(f"one organisation / 16 organisations: {ratio:.2f} (target at least 0.8)")


def postgres_version() -> str | None:
    import psycopg

    try:
        with psycopg.connect(POSTGRES, connect_timeout=3) as connection:
            return str(connection.execute("SHOW server_version").fetchone()[0]).split()[0]  # type: ignore[index]
    except psycopg.OperationalError as error:
        print(f"\nPostgreSQL: skipped, cannot connect ({error}).")
        return None


def machine() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
    load_average = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"commit {commit.stdout.strip()}, {os.cpu_count()} CPUs (nproc), load average {load_average}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="per page, after the warm-up (default 400)")
    parser.add_argument(
        "--reference-seconds", type=float, default=1.5, help="each trivial page before and after each page (1.5)"
    )
    parser.add_argument("--database", action="append", choices=["sqlite", "postgres"], help="default: both")
    options = parser.parse_args()
    print(f"Command: {shlex.join([os.path.relpath(sys.executable, ROOT), *sys.argv])}")
    print(f"Machine: {machine()}")
    for database in options.database or ["sqlite", "postgres"]:
        if database == "sqlite":
            run(f"SQLite {sqlite3.sqlite_version}", None, options.requests, options.reference_seconds)
        elif version := postgres_version():
            run(f"PostgreSQL {version}", POSTGRES, options.requests, options.reference_seconds)
    print(f"\nMachine afterwards: {machine()}")


if __name__ == "__main__":
    main()
