"""The dashboards' counts kept between views (``dashboards.counts_for``): a second view counts nothing again,
and every kind of write that feeds the figures shows on the next view, in both scopes; another
organisation's writes do not; one kept count reads in each viewer's language."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from alongside.accounts import actions as accounts
from alongside.accounts.models import Assignment
from alongside.audit.actions import AuditAction
from alongside.audit.models import AuditEntry
from alongside.consent.actions import close_account, purge_due_closures
from alongside.consent.models import AccountClosure
from alongside.conversations import actions as conversations
from alongside.conversations.models import Message
from alongside.groups.models import Session
from alongside.interop.export import export_bundle
from alongside.interop.importer import import_bundle
from alongside.meetings.actions import record_meeting
from alongside.meetings.models import Mode
from alongside.plans import actions as plans
from alongside.plans.models import Decision, Suggestion, SuggestionKind
from alongside.reports import tallies, versions
from alongside.reports.dashboards import Period, Scope, dashboard

from ..conftest import People, signed_in
from ..conversations.factories import say
from ..factories import client_member
from ..feedback.factories import answered
from ..groups.factories import make_group, make_session, mark

pytestmark = pytest.mark.django_db
Shown = list[tuple[str, str, float | None, int]]


def numbers(scope: Scope, period: Period) -> tuple[Shown, int]:
    """Every cell's figure and how many people it is about (hidden or not), and the queries it took."""
    with CaptureQueriesContext(connection) as captured:
        sections = dashboard(scope, period)
    return [(s.key, c.label, c.value, c.people) for s in sections for c in s.cells], len(captured)


def scopes(people: People) -> list[Scope]:
    return [Scope(people.organisation), Scope(people.organisation, people.supporter)]


def test_a_second_view_counts_nothing_again(people: People) -> None:
    answered(people.client, "wellbeing-checkin", [20, 24])
    for scope in scopes(people):
        first, counting = numbers(scope, Period.default())
        again, kept = numbers(scope, Period.default())
        assert again == first
        assert kept == 3 < counting  # the version, the measures and the reliability estimates


def test_every_page_view_is_audited_though_its_counts_are_kept(people: People) -> None:
    browser = signed_in(people.supervisor)
    for _ in range(2):
        assert browser.get("/organisation/dashboard/").status_code == 200
    views = AuditEntry.objects.filter(organisation=people.organisation, action=AuditAction.READ_DASHBOARD)
    assert views.count() == 2


def test_each_scope_and_period_is_kept_apart(people: People) -> None:
    """The organisation's counts are never given for one supporter's view, nor one period's for another's."""
    answered(people.client, "wellbeing-checkin", [20, 24])
    organisation, supporter = (numbers(scope, Period.default())[0] for scope in scopes(people))
    assert organisation != supporter
    assert numbers(Scope(people.organisation, people.unassigned_supporter), Period.default())[0] != supporter
    earlier = Period(Period.default().start - timedelta(days=200), Period.default().start - timedelta(days=100))
    assert numbers(Scope(people.organisation), earlier)[0] != organisation


@dataclass(frozen=True)
class Write:
    """A write that feeds the figures: ``ready`` runs before the first view, ``write`` between the views."""

    name: str
    write: Callable[[People, dict[str, object]], object]
    ready: Callable[[People, dict[str, object]], None] = lambda people, made: None
    period: Callable[[], Period] = Period.default


def _meeting(people: People, made: dict[str, object]) -> None:
    now = timezone.now()
    record_meeting(
        people.client,
        supporter=people.supporter,
        held_at=now,
        mode=Mode.PHONE,
        duration_minutes=30,
        by=people.supporter,
    )


def _asked(people: People, made: dict[str, object]) -> None:
    made["message"] = say(people.client, people.client, "Can we talk?")


def _withdraw(people: People, made: dict[str, object]) -> None:
    message = made["message"]
    assert isinstance(message, Message)
    conversations.withdraw(message, by=people.client)


def _new_client(people: People, made: dict[str, object]) -> None:
    accounts.assign(client_member(people.organisation), people.supporter, by=people.admin.user)


def _end(people: People, made: dict[str, object]) -> None:
    assignment = Assignment.objects.get(client=people.client, supporter=people.supporter, ended_at__isnull=True)
    accounts.end_assignment(assignment, by=people.admin.user)


def _suggested(people: People, made: dict[str, object]) -> None:
    made["suggestion"] = plans.suggest(
        people.client, by=people.supporter, kind=SuggestionKind.GOAL, text="The library", key=uuid.uuid4()
    )


def _decide(people: People, made: dict[str, object]) -> None:
    suggestion = made["suggestion"]
    assert isinstance(suggestion, Suggestion)
    plans.decide(suggestion, Decision.ACCEPTED, by=people.client)


def _session(people: People, made: dict[str, object]) -> None:
    made["session"] = make_session(people, make_group(people))


def _attend(people: People, made: dict[str, object]) -> None:
    session = made["session"]
    assert isinstance(session, Session)
    mark(people, session, people.client)


def _closed(people: People, made: dict[str, object]) -> None:
    plans.create_goal(people.client, {"text": "Walk to the shop"}, by=people.client)
    made["closure"] = close_account(people.client)


def _purge(people: People, made: dict[str, object]) -> None:
    closure = made["closure"]
    assert isinstance(closure, AccountClosure)
    with time_machine.travel(closure.purge_after + timedelta(days=1), tick=False):
        purge_due_closures()


def _tomorrow_on() -> Period:
    """A period after today: an assignment ended today leaves it."""
    today = timezone.localdate()
    return Period(today + timedelta(days=1), today + timedelta(days=7))


WRITES = [
    Write("a check-in answered", lambda people, made: answered(people.client, "wellbeing-checkin", [20])),
    Write("a meeting recorded", _meeting),
    Write("a message sent", lambda people, made: say(people.client, people.client, "Can we talk?")),
    Write("a message replied to", lambda people, made: say(people.client, people.supporter), ready=_asked),
    Write("a message withdrawn", _withdraw, ready=_asked),
    Write("an assignment made", _new_client),
    Write("an assignment ended", _end, period=_tomorrow_on),
    Write("a suggestion decided", _decide, ready=_suggested),
    Write("a goal written", lambda people, made: plans.create_goal(people.client, {"text": "Cook"}, by=people.client)),
    Write("a group attendance marked", _attend, ready=_session),
    Write("a retention purge", _purge, ready=_closed),
]


@pytest.mark.parametrize("kind", WRITES, ids=[write.name for write in WRITES])
def test_each_kind_of_write_shows_on_the_next_view(people: People, kind: Write) -> None:
    made: dict[str, object] = {}
    kind.ready(people, made)
    period = kind.period()
    before = {scope.supporter: numbers(scope, period) for scope in scopes(people)}
    kind.write(people, made)
    for scope in scopes(people):
        counting = before[scope.supporter][1]
        after, queries = numbers(scope, period)
        cache.clear()
        assert after == numbers(scope, period)[0]  # as if counted afresh
        assert queries == counting  # counted again, not read from the cache
    changed = [scope for scope in scopes(people) if numbers(scope, period)[0] != before[scope.supporter][0]]
    assert changed, f"{kind.name} changed no figure"


def test_another_organisations_writes_leave_the_kept_counts_alone(people: People) -> None:
    _, counting = numbers(Scope(people.organisation), Period.default())
    version = versions.current(people.organisation.pk)
    answered(people.outsider_client, "wellbeing-checkin", [20])
    say(people.outsider_client, people.outsider_client, "Can we talk?")
    assert versions.current(people.organisation.pk) == version
    assert numbers(Scope(people.organisation), Period.default())[1] < counting


def test_imports_and_rebuilds_bump_the_version(people: People) -> None:
    """The two ways records arrive without an action each: a FHIR import, and a rebuild after a bulk load."""
    answered(people.client, "wellbeing-checkin", [20, 24])
    elsewhere = people.outsider_client.organisation
    before = versions.current(elsewhere.pk)
    import_bundle(export_bundle(people.client, include_private=False), elsewhere.slug)
    imported = versions.current(elsewhere.pk)
    assert imported > before
    tallies.rebuild(elsewhere)
    assert versions.current(elsewhere.pk) == imported + 1


def test_one_kept_count_reads_in_each_viewers_language(people: People) -> None:
    _, counting = numbers(Scope(people.organisation), Period.default())  # counted in English
    with translation.override("es"), CaptureQueriesContext(connection) as captured:
        spanish = dashboard(Scope(people.organisation), Period.default())
    assert len(captured) < counting
    english = dashboard(Scope(people.organisation), Period.default())
    assert spanish[1].title == "Reuniones por semana" and english[1].title == "Meetings per week"
    assert spanish[4].cells[-1].shown == "No hay datos suficientes" or spanish[4].notes != english[4].notes
    people.admin.user.language = "es"
    people.admin.user.save(update_fields=["language"])
    assert "Meetings per week" in signed_in(people.supervisor).get("/organisation/dashboard/").content.decode()
    assert "Reuniones por semana" in signed_in(people.admin).get("/organisation/dashboard/").content.decode()


class _RolledBack(Exception):
    pass


def test_the_version_goes_up_when_the_write_commits_and_not_if_it_rolls_back(people: People) -> None:
    """The version row is locked only at commit, beside the audit chain's head (so one organisation's writes do
    not queue for each other during their work); a write that rolls back leaves it as it was."""
    start = versions.current(people.organisation.pk)
    with transaction.atomic():  # the application's transaction around an action (a page's, say)
        plans.create_goal(people.client, {"text": "Cook on Sundays"}, by=people.client)
        assert versions.current(people.organisation.pk) == start  # not yet: nothing locked until commit
    assert versions.current(people.organisation.pk) == start + 1
    with pytest.raises(_RolledBack), transaction.atomic():
        plans.create_goal(people.client, {"text": "Swim"}, by=people.client)
        raise _RolledBack
    assert versions.current(people.organisation.pk) == start + 1
    plans.create_goal(people.client, {"text": "Read"}, by=people.client)  # its own transaction
    assert versions.current(people.organisation.pk) == start + 2
