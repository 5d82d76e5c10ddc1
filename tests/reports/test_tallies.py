"""Day tallies: the organisation's figures from the tallies equal those counted from the records.

Random writes go through the actions, as people make them over weeks (in a time zone away from UTC, across
the change to summer time); then, for random periods, the figures from both places must be equal, and the
kept tallies must equal a fresh count from the records. Concurrent writers on PostgreSQL lose no count.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from alongside.accounts import actions as accounts
from alongside.accounts.models import Assignment, Membership, Organisation, Role
from alongside.consent.actions import close_account, purge_due_closures
from alongside.feedback import actions as feedback
from alongside.feedback.models import CheckinRequest, Prompt, Questionnaire, RequestStatus
from alongside.interop.export import export_bundle
from alongside.interop.importer import import_bundle
from alongside.meetings.actions import record_meeting
from alongside.meetings.models import Mode
from alongside.plans import actions as plans
from alongside.plans.models import OPEN_DECISIONS, Decision, Goal, Suggestion, SuggestionKind
from alongside.reports import tallies
from alongside.reports.figures import Scope, from_records, from_tallies
from alongside.reports.models import DayTally
from alongside.reports.periods import Period, local_day

from ..conftest import People
from ..factories import OrganisationFactory, client_member, staff_member
from ..feedback.factories import answered

pytestmark = pytest.mark.django_db
START = datetime(2025, 3, 3, 15, tzinfo=UTC)  # a Monday; New York moves to summer time on 9 March
DECISIONS = [Decision.ACCEPTED, Decision.REWORDED, Decision.DECLINED, Decision.LATER]
Picked = TypeVar("Picked")


def stored(organisation: Organisation) -> tallies.Tallies:
    rows = DayTally.objects.filter(organisation=organisation).exclude(clients=0, events=0, total=0)
    return {
        (row.organisation_id, row.measure, row.day, row.previous_day, row.unassigned_from, row.unassigned_to): [
            row.clients,
            row.events,
            row.total,
        ]
        for row in rows
    }


def counted(organisation: Organisation) -> tallies.Tallies:
    """The organisation's tallies counted afresh from its records."""
    members = list(Membership.objects.filter(organisation=organisation).values_list("pk", flat=True))
    return {key: amounts for key, amounts in tallies.count(members).items() if any(amounts)}


class Rollback(Exception):
    """Undoes an example's writes, so every example starts from an empty database."""


@contextmanager
def rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


class Writes:
    """Random writes through the actions; each picks its target among what exists now, or does nothing."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data
        self.organisation = OrganisationFactory.create()
        self.admin = staff_member(Role.ADMIN, self.organisation)
        self.supporters = [staff_member(Role.SUPPORTER, self.organisation) for _ in range(2)]
        self.clients = [client_member(self.organisation) for _ in range(3)]
        for client, supporter in zip(self.clients[:2], self.supporters, strict=True):  # the third has none yet
            accounts.assign(client, supporter, by=self.admin.user)

    def pick(self, items: list[Picked]) -> Picked | None:
        return self.data.draw(st.sampled_from(items)) if items else None

    def _assignment(self) -> Assignment | None:
        current = Assignment.objects.filter(organisation=self.organisation, ended_at__isnull=True)
        return self.pick(list(current.select_related("client__organisation", "supporter__user").order_by("pk")))

    def _client(self) -> Membership | None:
        return self.pick(list(Membership.objects.filter(pk__in=[c.pk for c in self.clients]).order_by("pk")))

    def _open_request(self) -> CheckinRequest | None:
        waiting = CheckinRequest.objects.filter(organisation=self.organisation, status=RequestStatus.OPEN)
        return self.pick(list(waiting.select_related("client__organisation", "client__user").order_by("pk")))

    def meet(self) -> None:
        if assignment := self._assignment():
            record_meeting(
                assignment.client,
                supporter=assignment.supporter,
                held_at=timezone.now() - timedelta(hours=self.data.draw(st.integers(0, 80))),
                mode=Mode.PHONE,
                duration_minutes=30,
                by=assignment.supporter,
            )

    def offer(self) -> None:
        if client := self._client():
            feedback.offer_checkins(client, meeting=None, link="", email=False)

    def answer(self) -> None:
        if checkin := self._open_request():
            level = self.data.draw(st.integers(0, 4))
            answers = {
                item.link_id: str(item.scale.low + (item.scale.high - item.scale.low) * level // 4)
                for item in checkin.questionnaire.parsed.scored
                if item.scale
            }
            feedback.submit_response(checkin, answers, by=checkin.client)

    def skip(self) -> None:
        if checkin := self._open_request():
            feedback.skip(checkin, by=checkin.client)

    def respond(self) -> None:
        waiting = Prompt.objects.filter(organisation=self.organisation, responded_at__isnull=True).order_by("pk")
        if prompt := self.pick(list(waiting)):  # answered by the client's peer supporter, if they have one now
            current = Assignment.objects.filter(client_id=prompt.client_id, ended_at__isnull=True).first()
            if current is not None:
                feedback.respond_to_prompt(prompt, you_said="Rushed.", next_time="Slower.", by=current.supporter)

    def write_goal(self) -> None:
        if client := self._client():
            private = self.data.draw(st.booleans())
            plans.create_goal(client, {"text": "Sleep before midnight"}, by=client, is_private=private)

    def edit_goal(self) -> None:
        goals = Goal.objects.filter(organisation=self.organisation).select_related("client__organisation")
        if goal := self.pick(list(goals.order_by("pk"))):
            text = self.data.draw(st.sampled_from([goal.text, "In my own words"]))
            private = self.data.draw(st.booleans())
            plans.edit_goal(goal, {"text": text}, is_private=private, expected_version=goal.version, by=goal.client)

    def suggest(self) -> None:
        if assignment := self._assignment():
            shared = Goal.objects.filter(client=assignment.client, is_private=False).order_by("pk")
            goal = self.pick([None, *shared])
            kind = SuggestionKind.RESOURCE if goal else SuggestionKind.GOAL
            plans.suggest(
                assignment.client, by=assignment.supporter, kind=kind, text="The library", goal=goal, key=uuid.uuid4()
            )

    def decide(self) -> None:
        waiting = Suggestion.objects.filter(organisation=self.organisation, decision__in=OPEN_DECISIONS)
        if suggestion := self.pick(list(waiting.select_related("client__organisation", "suggested_by__user"))):
            decision = self.data.draw(st.sampled_from(DECISIONS))
            plans.decide(suggestion, decision, by=suggestion.client, text="My version of it")

    def assign(self) -> None:
        client, supporter = self._client(), self.pick(self.supporters)
        current = Assignment.objects.filter(client=client, supporter=supporter, ended_at__isnull=True)
        if client and supporter and not current.exists():
            accounts.assign(client, supporter, by=self.admin.user)

    def end_assignment(self) -> None:
        if assignment := self._assignment():
            accounts.end_assignment(assignment, by=self.admin.user)


WRITES: list[Callable[[Writes], None]] = [
    Writes.meet,
    Writes.offer,
    Writes.answer,
    Writes.skip,
    Writes.respond,
    Writes.write_goal,
    Writes.edit_goal,
    Writes.suggest,
    Writes.decide,
    Writes.assign,
    Writes.end_assignment,
]


def periods(data: st.DataObject, first: date, last: date) -> list[Period]:
    """The whole time of the writes, and four drawn periods from a little before it to a little after."""
    days = st.integers(-3, (last - first).days + 3).map(lambda n: first + timedelta(days=n))
    drawn = [sorted(data.draw(st.tuples(days, days))) for _ in range(4)]
    return [Period(first, last), *(Period(start, end) for start, end in drawn)]


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_tallies_give_the_figures_of_the_records_after_random_writes(db: None, data: st.DataObject) -> None:
    with (
        override_settings(TIME_ZONE="America/New_York"),
        rolled_back(),
        time_machine.travel(START, tick=False) as clock,
    ):
        writes = Writes(data)
        for _ in range(data.draw(st.integers(5, 25))):
            clock.shift(timedelta(hours=data.draw(st.sampled_from([0, 5, 26, 80, 200]))))
            data.draw(st.sampled_from(WRITES))(writes)
        organisation = writes.organisation
        assert stored(organisation) == counted(organisation)
        session = Questionnaire.objects.for_purpose(organisation.pk, "session")
        for period in periods(data, local_day(START), local_day(timezone.now())):
            assert from_tallies(organisation, period, session) == from_records(Scope(organisation), period, session)


def test_an_action_inside_another_counts_once(people: People) -> None:
    record_meeting(  # offers the session check-in inside the meeting's own tally keeping
        people.client,
        supporter=people.supporter,
        held_at=timezone.now(),
        mode=Mode.PHONE,
        duration_minutes=30,
        by=people.supporter,
    )
    assert stored(people.organisation) == counted(people.organisation)
    assert DayTally.objects.get(organisation=people.organisation, measure=tallies.MEETING).events == 1


def test_counted_later_leaves_the_count_to_one_rebuild(people: People) -> None:
    with tallies.counted_later():  # as the demo loads its data
        plans.create_goal(people.client, {"text": "Call my sister on Sundays"}, by=people.client)
        answered(people.client, "wellbeing-checkin", [20, 24, 30])
    assert stored(people.organisation) == {}
    tallies.rebuild(people.organisation)
    assert stored(people.organisation) == counted(people.organisation) != {}
    plans.create_goal(people.client, {"text": "Walk to the shop"}, by=people.client)  # kept again after the block
    assert stored(people.organisation) == counted(people.organisation)


def test_purged_and_imported_records_are_counted(people: People) -> None:
    answered(people.client, "wellbeing-checkin", [20, 24, 30])
    plans.create_goal(people.client, {"text": "Walk to the shop"}, by=people.client)
    OrganisationFactory.create(slug="new-home")
    moved = import_bundle(export_bundle(people.client, include_private=False), "new-home")
    assert stored(moved.organisation) == counted(moved.organisation) != {}
    closure = close_account(people.client)
    with time_machine.travel(closure.purge_after + timedelta(days=1), tick=False):
        purge_due_closures()
    assert stored(people.organisation) == counted(people.organisation)
    assert not DayTally.objects.filter(organisation=people.organisation, measure=tallies.GOAL).exclude(events=0)


def test_rebuild_counts_the_records_again(people: People, capsys: pytest.CaptureFixture[str]) -> None:
    goal = plans.create_goal(people.client, {"text": "Cook twice a week"}, by=people.client)
    Goal.objects.filter(pk=goal.pk).update(suggested_by=people.supporter.user)  # written without an action
    assert stored(people.organisation) != counted(people.organisation)
    call_command("reports", "rebuild")
    assert stored(people.organisation) == counted(people.organisation)
    assert DayTally.objects.get(organisation=people.organisation, measure=tallies.GOAL).total == 0  # not own words
    assert "The dashboard tallies match the records." in capsys.readouterr().out


def test_rebuild_names_an_unknown_organisation() -> None:
    with pytest.raises(CommandError, match="There is no organisation 'nowhere'"):
        call_command("reports", "rebuild", organisation="nowhere")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_actions_keep_the_tallies_exact() -> None:
    """Meetings recorded at the same moment for different clients, each in its own transaction, add to the
    same rows (same day, same measure): no deadlock, and the tallies stay exact."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    organisation = OrganisationFactory.create()
    supporter = staff_member(Role.SUPPORTER, organisation)
    clients = [client_member(organisation) for _ in range(4)]
    for client in clients:
        accounts.assign(client, supporter, by=supporter.user)
    errors: list[BaseException] = []
    together = threading.Barrier(len(clients))

    def meet(client: Membership) -> None:
        try:
            together.wait()
            for _ in range(6):
                record_meeting(
                    client,
                    supporter=supporter,
                    held_at=timezone.now(),
                    mode=Mode.VIDEO,
                    duration_minutes=20,
                    by=supporter,
                )
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=meet, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored(organisation) == counted(organisation)
    meetings = DayTally.objects.filter(organisation=organisation, measure=tallies.MEETING)
    assert sum(meetings.values_list("events", flat=True)) == 24


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_to_one_row_lose_no_count() -> None:
    """The upsert itself, without the audit log's lock that queues one organisation's actions anyway."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    organisation = OrganisationFactory.create()
    key = (organisation.pk, tallies.MEETING, date(2025, 3, 3), tallies.NEVER, *tallies.COVERED)
    errors: list[BaseException] = []
    together = threading.Barrier(4)

    def add_many() -> None:
        try:
            together.wait()
            for _ in range(50):
                with transaction.atomic():
                    tallies.add({key: [1, 2, 3]})
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored(organisation) == {key: [200, 400, 600]}
