"""Shared fixtures: an organisation with people in every role, and an outsider organisation."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from alongside.accounts.middleware import LAST_SEEN_KEY, SIGNED_IN_AT_KEY
from alongside.accounts.models import Membership, Organisation, Role
from alongside.accounts.reauth import CONFIRMED_AT_KEY

from .factories import PASSWORD, OrganisationFactory, assign, client_member, staff_member

# Hypothesis times each example (a 200 ms deadline, a "too slow" health check); on a busy machine that fails
# correct code. Speed is measured by the benchmarks in bench/ instead.
hypothesis.settings.register_profile(
    "busy-machine", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("busy-machine")

# Every prepared query (alongside.core.prepared) is compared with what the ORM compiles of the same values.
django_settings.PREPARED_QUERIES_CHECKED = True

# Signals whose handlers decide how a test run stops: Ctrl+C (SIGINT), a CI runner's SIGTERM, SIGQUIT.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite, a test database in a file rather than in memory.

    Django shares an in-memory database with the live server behind the browser tests: through the test's
    own connection when the database was set up before the server started, so a request served while the
    test uses the database (htmx polling while the test runs the task worker) fails with "cannot start a
    transaction within a transaction"; otherwise through a shared cache, whose table locks fail at once
    instead of waiting. With a file, each thread has its own connection and SQLite's locking keeps them
    apart, as in production.
    """
    database = django_settings.DATABASES["default"]
    if database["ENGINE"].endswith(".sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


def signal_handlers() -> dict[int, Any]:
    return {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}


def changed_signal_handlers(before: dict[int, Any]) -> list[str]:
    """The stop signals whose handler is no longer the one in ``before``."""
    now = signal_handlers()
    return [signal.Signals(signum).name for signum in STOP_SIGNALS if now[signum] != before[signum]]


def restore_signal_handlers(before: dict[int, Any]) -> None:
    for signum, handler in before.items():
        signal.signal(signum, handler)


@pytest.fixture(autouse=True)
def _signal_handlers_left_as_found() -> Iterator[None]:
    """A handler left behind by one test would decide what Ctrl+C or SIGTERM does to the rest of the run."""
    before = signal_handlers()
    yield
    changed = changed_signal_handlers(before)
    restore_signal_handlers(before)
    assert not changed, f"The test left its own handler for {', '.join(changed)}; it must restore the previous one."


def run_queued_tasks() -> None:
    """Run the queued background tasks, as `alongside db_worker --batch` would, then put the signal handlers back.

    The worker installs handlers for a graceful shutdown of its own long-running process; left in the test
    process, they would turn a later Ctrl+C or SIGTERM into a "worker shutting down" exit.
    """
    before = signal_handlers()
    try:
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    finally:
        restore_signal_handlers(before)


@pytest.fixture
def tasks_run_at_once(settings: pytest.FixtureRequest) -> None:
    """Background tasks run as they are queued (ALONGSIDE_TASKS=immediate), as in the demo: for tests of what a
    task does that are not transactional (the database worker closes the test's connection)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fast_hashing_and_local_email(settings: pytest.FixtureRequest) -> None:
    """Argon2 is deliberately slow; tests that check hashing override this again."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    settings.REQUIRE_STAFF_TWO_FACTOR = False  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks() -> Iterator[None]:
    """A request activates its person's language for the thread and nothing turns it off after the response (a
    real server activates one for every request); without this, a Spanish page would leave later tests in
    Spanish."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test's database starts empty and reuses ids (SQLite, after a rollback), so a cached dashboard
    count of an earlier test could otherwise be read as this one's."""
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_head_file_per_test(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Each test's database starts empty, so its copy of the audit chain heads must too."""
    settings.AUDIT_HEAD_FILE = str(tmp_path / "audit-heads.log")  # type: ignore[attr-defined]


# The six actors of every access test: the client who owns the record, their assigned supporter, a supporter
# not assigned to them, a supervisor, an organisation admin, and a supporter of another organisation.
ACTORS = ("owner", "supporter", "unassigned", "supervisor", "admin", "outsider")


@dataclass
class People:
    """One organisation with every role, and an outsider organisation with its own supporter and client."""

    organisation: Organisation
    client: Membership
    other_client: Membership
    supporter: Membership
    unassigned_supporter: Membership
    supervisor: Membership
    admin: Membership
    outsider_supporter: Membership
    outsider_client: Membership

    def actor(self, name: str) -> Membership:
        """The membership behind one of ``ACTORS``, the names every access test uses."""
        return {
            "owner": self.client,
            "supporter": self.supporter,
            "unassigned": self.unassigned_supporter,
            "supervisor": self.supervisor,
            "admin": self.admin,
            "outsider": self.outsider_supporter,
        }[name]

    def by_role(self) -> dict[str, Membership]:
        return {
            Role.CLIENT: self.client,
            Role.SUPPORTER: self.supporter,
            Role.SUPERVISOR: self.supervisor,
            Role.ADMIN: self.admin,
        }


@pytest.fixture
def people(db: None) -> People:
    organisation = OrganisationFactory.create(name="Riverside")
    outsider_org = OrganisationFactory.create(name="Elsewhere")
    people = People(
        organisation=organisation,
        client=client_member(organisation, user__display_name="Casey Client"),
        other_client=client_member(organisation, user__display_name="Olive Otherclient"),
        supporter=staff_member(Role.SUPPORTER, organisation, user__display_name="Sam Supporter"),
        unassigned_supporter=staff_member(Role.SUPPORTER, organisation, user__display_name="Una Unassigned"),
        supervisor=staff_member(Role.SUPERVISOR, organisation, user__display_name="Vera Supervisor"),
        admin=staff_member(Role.ADMIN, organisation, user__display_name="Ada Admin"),
        outsider_supporter=staff_member(Role.SUPPORTER, outsider_org, user__display_name="Otto Outsider"),
        outsider_client=client_member(outsider_org, user__display_name="Xena Elsewhere"),
    )
    assign(people.client, people.supporter)
    assign(people.other_client, people.unassigned_supporter)
    assign(people.outsider_client, people.outsider_supporter)
    return people


def main_content(response: Any) -> str:
    """A page's ``<main>`` only: the footer names whoever is signed in, which is no leak on a refusal page."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def signed_in(member: Membership) -> Client:
    """A browser signed in a while ago and in use: the password counts as given at sign-in only for a few
    minutes, and its activity was just noted (so its next pages do not write the session)."""
    client = Client()
    client.force_login(member.user)
    session = client.session
    session.pop(CONFIRMED_AT_KEY, None)
    session[LAST_SEEN_KEY] = session[SIGNED_IN_AT_KEY] = time.time()
    session.save()
    return client


@pytest.fixture
def clock_stopped() -> Iterator[None]:
    """For tests that count queries over several pages: the session's activity is noted once a minute,
    and on a busy machine a minute may pass between two pages."""
    with time_machine.travel(time.time(), tick=False):
        yield


def confirmed(browser: Client) -> Client:
    """Confirm the password as the person would ("sudo mode") before a download or another sensitive step."""
    response = browser.post("/account/confirm-password/", {"password": PASSWORD, "next": "/"})
    assert response.status_code == 302
    return browser
