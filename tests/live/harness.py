"""The real product under gunicorn on a scratch database, loaded through real parallel HTTP connections.

Shared by tests/live (is every request right when many arrive at once?) and bench/pages.py (how many per
second?). The calling process never opens the scratch database: Django code that must run against it
(migrate and populate, later inspecting what was stored) runs in a child process with exactly the
server's environment, through ``in_child``. So a test process already set up for another database, and
a benchmark with no Django at all, can both use it.

People are signed in by writing their session directly (``force_login``), not through the sign-in form:
the form's deliberately slow password hashing is not what is being measured, and staff two-factor is
turned off with ALONGSIDE_REQUIRE_STAFF_2FA=false.
"""

from __future__ import annotations

import http.client
import importlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKERS = 3  # sync workers, as `alongside serve` runs them; more of them than cores, so requests overlap
READY_WITHIN_SECONDS = 120  # a busy two-core machine takes a while to import Django in three workers
REQUEST_TIMEOUT_SECONDS = 120
T = TypeVar("T")
INHERITED_NOT = ("DATABASE_URL", "ALONGSIDE_", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")


# --- A scratch database, and Django code run against it ----------------------------------------------


@contextmanager
def scratch(database_url: str | None) -> Iterator[dict[str, str]]:
    """The environment of a server on an empty database of the same kind as ``database_url``.

    PostgreSQL: a new, uniquely named database on the same server, dropped afterwards. Anything else:
    a SQLite file. Either way keys, the audit head copy and the database file live in a temporary folder.
    """
    with tempfile.TemporaryDirectory(prefix="alongside-live-") as data_dir:
        env = {key: value for key, value in os.environ.items() if not key.startswith(INHERITED_NOT)}
        env |= {"ALONGSIDE_DATA_DIR": data_dir, "ALONGSIDE_REQUIRE_STAFF_2FA": "false"}
        if database_url and database_url.startswith(("postgres://", "postgresql://")):
            with _postgres_database(database_url) as url:
                yield env | {"DATABASE_URL": url}
        else:
            yield env | {"DATABASE_URL": f"sqlite:///{data_dir}/alongside.sqlite3"}


@contextmanager
def _postgres_database(server_url: str) -> Iterator[str]:
    import psycopg

    name = f"alongside_live_{secrets.token_hex(4)}"
    maintenance = urlsplit(server_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def in_child(env: dict[str, str], target: str, **kwargs: Any) -> Any:
    """Call ``module:function(**kwargs)`` in a new Python process set up for ``env``; return its JSON result."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.live.harness", target, json.dumps(kwargs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{target} failed in the child process:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.splitlines()[-1])


def _child_main(target: str, arguments: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    django.setup()
    module, function = target.split(":")
    result = getattr(importlib.import_module(module), function)(**json.loads(arguments))
    print(json.dumps(result))


# --- People (runs in the child) ----------------------------------------------------------------------

ROLES = ("client", "supporter", "supervisor", "admin")


def populate(sizes: list[int]) -> list[dict[str, list[dict[str, Any]]]]:
    """Migrate, then make one organisation per entry of ``sizes`` with that many people in each role.

    Client ``i`` is walked alongside by supporter ``i`` and has one goal with two steps, made through the
    real actions (so audited). Returns, per organisation and role, each person's membership id, session
    cookie, and the client whose record they look at (their own, for a client).
    """
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return [_organisation(number, size) for number, size in enumerate(sizes)]


def _organisation(number: int, size: int) -> dict[str, list[dict[str, Any]]]:
    from alongside.accounts.models import Assignment, Membership, Organisation, User
    from alongside.plans import actions

    organisation = Organisation.objects.create(name=f"Live {number}", slug=f"live-{number}")
    members = {
        role: [
            Membership.objects.create(
                organisation=organisation,
                user=User.objects.create(email=f"{role}{index}@live-{number}.example", display_name=f"{role} {index}"),
                role=role,
            )
            for index in range(size)
        ]
        for role in ROLES
    }
    looks_at: dict[int, int] = {}  # whose record each person reads: their own, or their client's
    goals: dict[int, int] = {}
    for client, supporter in zip(members["client"], members["supporter"], strict=True):
        Assignment.objects.create(
            organisation=organisation, client=client, supporter=supporter, started_by=supporter.user
        )
        wording = {"text": "Walk by the river", "why": "", "life_area": "", "strengths": "", "supports": ""}
        goal = actions.create_goal(client, wording | {"target_date": None}, by=client)
        for step in ("Find my trainers", "Walk to the bridge"):
            actions.add_step(goal, step, by=client)
        looks_at |= {client.pk: client.pk, supporter.pk: client.pk}
        goals[client.pk] = goal.pk
    return {
        role: [
            {"membership": m.pk, "session": _session_for(m.user), "client": looks_at.get(m.pk), "goal": goals.get(m.pk)}
            for m in members[role]
        ]
        for role in ROLES
    }


def _session_for(user: Any) -> str:
    from django.conf import settings
    from django.test import Client

    browser = Client()
    browser.force_login(user)
    return str(browser.cookies[settings.SESSION_COOKIE_NAME].value)


# --- The server --------------------------------------------------------------------------------------


@dataclass
class Server:
    port: int
    log: Path
    pid: int = 0  # gunicorn's master process, once started

    def cpu_seconds(self) -> float:
        """CPU time (user and system) its workers have used so far: a page's cost that other work on a busy
        machine changes far less than it changes requests per second (Linux /proc; workers are not replaced)."""
        ticks = os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        fields = [Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split() for child in children]
        return sum(int(stat[11]) + int(stat[12]) for stat in fields) / ticks  # utime, stime

    def log_tail(self, characters: int = 6000) -> str:
        return self.log.read_text(errors="replace")[-characters:]

    def errors(self) -> Counter[str]:
        """Each kind of server error logged (the `django.request` logger): the exception and the project's
        innermost frame it passed through, counted. Log records are single lines with escaped newlines."""
        found: Counter[str] = Counter()
        for line in self.log.read_text(errors="replace").splitlines():
            if " ERROR django.request " in line:
                parts = [part.strip() for part in line.split("\\n") if part.strip()]
                ours = [part for part in parts if part.startswith("File ") and f"{ROOT}/alongside/" in part]
                where = ours[-1].replace(f"{ROOT}/", "") if ours else "outside the project"
                found[f"{parts[-1]} ({where})"] += 1
        return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(env: dict[str, str], settings_module: str = "alongside.settings") -> Iterator[Server]:
    """``gunicorn alongside.wsgi`` with three sync workers on a free port, ready when this yields."""
    server = Server(free_port(), Path(env["ALONGSIDE_DATA_DIR"]) / f"gunicorn-{settings_module}.log")
    argv = [str(GUNICORN), "alongside.wsgi:application", "--bind", f"127.0.0.1:{server.port}"]
    with server.log.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed argv
            [*argv, "--workers", str(WORKERS)],
            cwd=ROOT,
            env=env | {"DJANGO_SETTINGS_MODULE": settings_module},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server.pid = process.pid
        try:
            _wait_until_healthy(server, process)
            yield server
        finally:
            process.send_signal(signal.SIGINT)  # every request has been answered: no need to drain
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(server: Server, process: subprocess.Popen[bytes]) -> None:
    """Poll /healthz until it answers 200; fail early if gunicorn exits, and after a bounded time."""
    deadline = time.monotonic() + READY_WITHIN_SECONDS
    while time.monotonic() < deadline:
        try:
            if Visitor(server.port).get("/healthz").status == 200:
                return
        except OSError:
            pass  # not listening yet
        try:
            process.wait(timeout=0.2)  # between attempts, and returns at once if gunicorn has exited
        except subprocess.TimeoutExpired:
            continue
        raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{server.log_tail()}")
    raise RuntimeError(f"gunicorn did not answer /healthz within {READY_WITHIN_SECONDS} s:\n{server.log_tail()}")


# --- Browsers ----------------------------------------------------------------------------------------


@dataclass
class Response:
    method: str
    path: str
    status: int
    body: str
    seconds: float


class _PostForm(HTMLParser):
    """The hidden fields of the form that posts back to the page's own address (not, say, "Sign out")."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.hidden: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self._inside = (found.get("method") or "").lower() == "post" and found.get("action") in (
                None,
                "",
                self.path,
            )
        elif tag == "input" and self._inside and found.get("type") == "hidden" and found.get("name"):
            self.hidden[str(found["name"])] = found.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False


@dataclass
class Visitor:
    """One browser tab: its own cookies, a new connection per request (sync workers close each one)."""

    port: int
    session: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.session:
            self.cookies["sessionid"] = self.session

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode(errors="replace")
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return Response(method, path, answer.status, text, time.perf_counter() - started)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def submit(self, path: str, fields: dict[str, str]) -> tuple[Response, Response]:
        """Open the form page, then post ``fields`` with its hidden fields (CSRF token, idempotency key)."""
        page = self.get(path)
        form = _PostForm(path)
        form.feed(page.body)
        return page, self.request("POST", path, form.hidden | fields)


def together(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Run each task in its own thread, all released at once; return their results in order."""
    start = threading.Barrier(len(tasks))
    results: dict[int, T] = {}
    errors: list[BaseException] = []

    def run(index: int, task: Callable[[], T]) -> None:
        start.wait()
        try:
            results[index] = task()
        except BaseException as error:  # re-raised below, in the calling thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=item) for item in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [results[index] for index in range(len(tasks))]


if __name__ == "__main__":
    _child_main(*sys.argv[1:])
