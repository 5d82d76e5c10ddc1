"""Many people of one organisation at once, against the real server: no request fails, no write is lost or
stored twice, and the audit log stays one intact chain with exactly one entry per audited read.

gunicorn serves the product (three workers) on a scratch database of the kind DATABASE_URL names, so CI
runs this on SQLite and on PostgreSQL. Sixteen connections at once are four clients and their four
supporters, each person in two tabs, mixing audited reads with writes that each carry a text of their own.
Nothing here is timed: every request is simply checked once all of them have finished.
"""

from __future__ import annotations

import os
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest

from tests.live.harness import GUNICORN, Response, Server, Visitor, in_child, scratch, serve, together
from tests.needs import missing

PEOPLE_PER_ROLE = 4
TABS_PER_PERSON = 2  # 4 clients + 4 supporters, two tabs each: 16 connections
ROUNDS = 3
SUCCESS = {"GET": 200, "POST": 302}  # a page, and a stored form followed by a redirect
Person = dict[str, Any]


@dataclass
class Done:
    """One request, the read entries it adds to the audit log when it succeeds, and the text a POST stores."""

    response: Response
    reads: int
    write: tuple[str, str] | None = None

    @property
    def succeeded(self) -> bool:
        return self.response.status == SUCCESS[self.response.method]

    def __str__(self) -> str:
        return f"{self.response.method} {self.response.path} -> {self.response.status}"


def unique(kind: str, tab: int, round_: int) -> str:
    return f"{kind} from tab {tab} in round {round_} ({secrets.token_hex(4)})"


def client_tab(visitor: Visitor, person: Person, tab: int) -> list[Done]:
    """Home, plan and meetings (the last two audited), then a new step in the plan and a journal entry."""
    me, done = person["client"], []
    for round_ in range(ROUNDS):
        done += [Done(visitor.get("/me/"), 0), Done(visitor.get("/me/plan/"), 1)]
        done.append(Done(visitor.get(f"/people/{me}/meetings/"), 1))
        step = unique("step", tab, round_)
        form, sent = visitor.submit(f"/me/plan/goals/{person['goal']}/steps/", {"text": step})
        done += [Done(form, 0), Done(sent, 0, ("step", step))]
        entry = unique("journal entry", tab, round_)
        form, sent = visitor.submit("/me/journal/", {"text": entry, "is_private": "on"})  # the journal reads the plan
        done += [Done(form, 1), Done(sent, 1, ("journal", entry))]
    return done


def supporter_tab(visitor: Visitor, person: Person, tab: int) -> list[Done]:
    """The client's overview, plan and meetings (all audited), then a suggestion of a new goal."""
    client, done = person["client"], []
    for round_ in range(ROUNDS):
        for page in ("", "plan/", "meetings/"):
            done.append(Done(visitor.get(f"/people/{client}/{page}"), 1))
        idea = unique("suggestion", tab, round_)
        form, sent = visitor.submit(f"/people/{client}/plan/suggest/", {"kind": "goal", "text": idea})
        done += [Done(form, 0), Done(sent, 0, ("suggestion", idea))]
    return done


def stored() -> dict[str, Any]:
    """Runs in the child, on the scratch database: the texts the writes made, the read entries, the verdict."""
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from alongside.audit.models import AuditEntry
    from alongside.plans.models import JournalEntry, Step, Suggestion

    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
    return {
        "step": list(Step.objects.values_list("text", flat=True)),
        "journal": list(JournalEntry.objects.values_list("text", flat=True)),
        "suggestion": list(Suggestion.objects.values_list("text", flat=True)),
        "reads": AuditEntry.objects.filter(action__startswith="read.").count(),
        "verify": (out.getvalue() + err.getvalue()).strip(),
    }


def run_load(server: Server, people: dict[str, list[Person]]) -> list[Done]:
    tabs = [
        partial(tab_for, Visitor(server.port, person["session"]), person, number * TABS_PER_PERSON + copy)
        for role, tab_for in (("client", client_tab), ("supporter", supporter_tab))
        for number, person in enumerate(people[role])
        for copy in range(TABS_PER_PERSON)
    ]
    return [done for tab in together(tabs) for done in tab]


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    """A scratch database of the kind the suite runs on (CI: SQLite, then PostgreSQL)."""
    if not GUNICORN.exists():
        missing(f"{GUNICORN} is missing: run make .venv/bin/.installed")
    with scratch(os.environ.get("DATABASE_URL")) as environment:
        yield environment


def test_sixteen_connections_in_one_organisation_lose_nothing_and_keep_the_audit_chain(env: dict[str, str]) -> None:
    [people] = in_child(env, "tests.live.harness:populate", sizes=[PEOPLE_PER_ROLE])
    with serve(env) as server:
        outcomes = run_load(server, people)
        errors = [str(done) for done in outcomes if done.response.status >= 500]
        assert not errors, f"{len(errors)} of {len(outcomes)} requests failed: {Counter(errors)}; {server.errors()}"
        unexpected = [str(done) for done in outcomes if not done.succeeded]
        assert not unexpected, f"Unexpected answers: {unexpected}"
        database = in_child(env, "tests.live.test_concurrency:stored")

    acknowledged = [done.write for done in outcomes if done.write and done.succeeded]
    assert len(acknowledged) == PEOPLE_PER_ROLE * TABS_PER_PERSON * ROUNDS * 3
    copies = {kind: Counter(database[kind]) for kind in ("step", "journal", "suggestion")}
    wrong = {text: copies[kind][text] for kind, text in acknowledged if copies[kind][text] != 1}
    assert not wrong, f"Acknowledged writes stored other than once (text: copies): {wrong}"
    assert database["verify"] == "The audit log is intact.", database["verify"]
    assert database["reads"] == sum(done.reads for done in outcomes if done.succeeded)
