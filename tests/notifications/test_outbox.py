"""What notifications say, to whom, when, and what is kept about them (docs/notifications.md)."""

from __future__ import annotations

import itertools
import smtplib
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from io import StringIO
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from alongside.accounts.models import Membership
from alongside.billing import actions as billing
from alongside.conversations import actions as conversations
from alongside.feedback import actions as feedback
from alongside.feedback.models import CheckinRequest, Prompt
from alongside.meetings import actions as meetings
from alongside.notifications.backends import BACKENDS, Message
from alongside.notifications.delivery import MAX_ATTEMPTS
from alongside.notifications.kinds import CLIENT_KINDS, SUPERVISOR_KINDS, SUPPORTER_KINDS, Kind
from alongside.notifications.messages import SUBJECT
from alongside.notifications.models import Delivery, Frequency, Preference, Status
from alongside.notifications.outbox import notify, send_digests, send_waiting
from alongside.plans import actions as plans
from tests.billing.factories import rules_for, signed_record
from tests.conftest import People
from tests.feedback.test_checkins import LOW
from tests.meetings.factories import meeting, shared_note
from tests.plans.factories import make_goal, make_suggestion

pytestmark = pytest.mark.django_db

MARKER = "ZEBRA-7731-PRIVATE"
NIGHT = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # London is on UTC in January


@pytest.fixture(autouse=True)
def _worker_runs_each_task_as_queued(tasks_run_at_once: None) -> None:
    pass


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """``with committed():`` runs what the actions inside hand to ``on_commit``, as their commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def choose(member: Membership, **choices: Any) -> None:
    defaults = {"kinds": [k.value for k in (*CLIENT_KINDS, *SUPPORTER_KINDS)], "channels": ["email"]}
    Preference.objects.create(organisation_id=member.organisation_id, member=member, **(defaults | choices))


def every_kind_with_the_marker(people: People) -> None:
    """Each event that notifies, with the marker in every word the client or supporter wrote."""
    make_suggestion(people.client, people.supporter, kind="goal", text=MARKER)
    checkin = CheckinRequest.objects.get(meeting=meeting(people))
    feedback.submit_response(checkin, LOW | {"better": MARKER}, by=people.client)
    feedback.respond_to_prompt(Prompt.objects.get(), you_said=MARKER, next_time=MARKER, by=people.supporter)
    note = shared_note(people, body=MARKER)
    amendment = meetings.request_correction(note, MARKER, by=people.client)
    meetings.answer_correction(amendment, accept=False, answer=MARKER, by=people.supporter)
    plans.ask_for_ideas(make_goal(people.client, text=MARKER), MARKER, by=people.client)
    conversations.send(people.client, MARKER, by=people.supporter)
    conversations.send(people.client, MARKER, by=people.client)
    rules_for(people, cosign=True)
    billing.return_record(signed_record(people, what_was_done=MARKER), MARKER, by=people.supervisor)


def test_every_kind_is_sent_and_no_message_holds_a_health_detail_or_a_name(people: People, committed: Any) -> None:
    with committed():
        every_kind_with_the_marker(people)
    told = set(Delivery.objects.values_list("recipient_id", "kind"))
    assert {(people.client.pk, kind) for kind in CLIENT_KINDS} <= told
    assert {(people.supporter.pk, kind) for kind in SUPPORTER_KINDS} <= told
    assert (people.supervisor.pk, Kind.COSIGN_WAITING) in told  # the supporter's record waits for Vera
    assert set(SUPERVISOR_KINDS) <= set(CLIENT_KINDS + SUPPORTER_KINDS + (Kind.COSIGN_WAITING,))
    recipients = {people.client.pk, people.supporter.pk, people.supervisor.pk}
    assert {recipient for recipient, _ in told} == recipients  # not Una
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}
    assert (
        len(mail.outbox) == Delivery.objects.count() == 14
    )  # three meetings offered check-ins; two replies; two messages
    names = [m.user.display_name for m in (people.client, people.supporter, people.other_client)]
    for message in mail.outbox:
        assert message.subject == SUBJECT
        for secret in (MARKER, *names, "job forms"):  # the text of LOW's answer
            assert secret not in message.subject and secret not in message.body
        assert "/account/notifications/" in message.body


def test_a_delivery_row_keeps_no_content(people: People, committed: Any) -> None:
    with committed():
        every_kind_with_the_marker(people)
    for row in Delivery.objects.values():
        assert all(MARKER not in str(value) for value in row.values())


def test_nothing_is_sent_or_kept_for_a_rolled_back_action(people: People, committed: Any) -> None:
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        make_suggestion(people.client, people.supporter, kind="goal", text=MARKER)
        raise RuntimeError("the action failed after notifying")
    assert not Delivery.objects.exists() and not mail.outbox


def test_one_event_tells_a_person_once_however_often_it_is_retried(people: People, committed: Any) -> None:
    for _ in range(2):
        with committed(), transaction.atomic():
            notify([people.client], Kind.SUGGESTION, "/me/plan/", event="suggestion:1")
    assert Delivery.objects.count() == len(mail.outbox) == 1


def test_kinds_a_person_turned_off_are_not_sent(people: People, committed: Any) -> None:
    choose(people.client, kinds=[Kind.SHARED_NOTE, Kind.REPLY], frequency=Frequency.IMMEDIATELY)
    with committed():
        make_suggestion(people.client, people.supporter, kind="goal")
        shared_note(people)
    assert list(Delivery.objects.values_list("kind", flat=True)) == [Kind.SHARED_NOTE]


def test_quiet_hours_hold_a_message_until_they_end(people: People, committed: Any) -> None:
    choose(
        people.client,
        frequency=Frequency.IMMEDIATELY,
        quiet_from=time(22),
        quiet_until=time(7),
        time_zone="Europe/London",
    )
    with time_machine.travel(NIGHT, tick=False):
        with committed():
            make_suggestion(people.client, people.supporter, kind="goal")
        assert send_waiting() == 0
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.due_at) == (Status.WAITING, datetime(2026, 1, 16, 7, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 1, 16, 6, 59, tzinfo=UTC), tick=False):
        assert send_waiting() == 0 and not mail.outbox
    with time_machine.travel(datetime(2026, 1, 16, 7, 0, tzinfo=UTC), tick=False):
        assert send_waiting() == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and delivery.sent_at == datetime(2026, 1, 16, 7, tzinfo=UTC)
    assert len(mail.outbox) == 1


def test_the_database_worker_is_asked_to_wait_until_quiet_hours_end(
    people: People, committed: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    choose(
        people.client,
        frequency=Frequency.IMMEDIATELY,
        quiet_from=time(22),
        quiet_until=time(7),
        time_zone="Europe/London",
    )
    with time_machine.travel(NIGHT, tick=False), committed():
        make_suggestion(people.client, people.supporter, kind="goal")
    queued = DBTaskResult.objects.get()
    assert queued.run_after == datetime(2026, 1, 16, 7, tzinfo=UTC) and queued.args_kwargs["args"] == [
        Delivery.objects.get().pk
    ]


def test_a_daily_summary_counts_what_is_new_and_says_nothing_else(people: People, committed: Any) -> None:
    choose(people.client, frequency=Frequency.DAILY)
    with committed():
        make_suggestion(people.client, people.supporter, kind="goal", text=MARKER)
        make_suggestion(people.client, people.supporter, kind="goal", text=MARKER)
        shared_note(people, body=MARKER)
        meeting(people)
        plans.ask_for_ideas(make_goal(people.client), "", by=people.client)  # the supporter: straight away
    assert [m.to for m in mail.outbox] == [[people.supporter.user.email]]
    with committed():
        assert send_digests() == 1 and send_digests() == 0  # one a day
    summary = mail.outbox[-1]
    assert summary.to == [people.client.user.email] and summary.subject == SUBJECT
    assert "Suggestions for your plan: 2" in summary.body and "Meeting notes shared with you: 1" in summary.body
    assert "Check-ins to answer: 2" in summary.body  # the two meetings offered one each
    assert MARKER not in summary.body and "Casey" not in summary.body
    digest = Delivery.objects.get(kind=Kind.DIGEST)
    assert digest.items.count() == 5 and set(digest.items.values_list("status", flat=True)) == {Status.IN_DIGEST}
    assert len(mail.outbox) == 2  # nobody who gets everything straight away gets a summary


def test_a_summary_made_in_quiet_hours_waits_for_them_to_end(people: People, committed: Any) -> None:
    choose(
        people.client, frequency=Frequency.DAILY, quiet_from=time(22), quiet_until=time(7), time_zone="Europe/London"
    )
    with time_machine.travel(NIGHT, tick=False), committed():
        make_suggestion(people.client, people.supporter, kind="goal")
        assert send_digests() == 1
    assert not mail.outbox
    with time_machine.travel(datetime(2026, 1, 16, 7, 5, tzinfo=UTC), tick=False), committed():
        assert send_waiting() == 1 and send_digests() == 0
    assert len(mail.outbox) == 1 and "Suggestions for your plan: 1" in mail.outbox[0].body


class Failing:
    label = "Email"

    def send(self, recipient: object, message: Message) -> None:
        raise smtplib.SMTPServerDisconnected("the mail server is down")


def test_a_failing_backend_is_retried_with_longer_waits_then_recorded_as_failed(people: People, committed: Any) -> None:
    start = datetime(2026, 1, 16, 12, tzinfo=UTC)
    with mock.patch.dict(BACKENDS, {"email": Failing()}), time_machine.travel(start, tick=False) as clock:
        with committed():
            make_suggestion(people.client, people.supporter, kind="goal")  # the first attempt, at once
        tried = [start]
        while (delivery := Delivery.objects.get()).status == Status.WAITING:
            assert send_waiting() == 0  # not due yet: nothing is tried early
            tried.append(delivery.due_at)
            clock.move_to(delivery.due_at)
            send_waiting()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        Status.FAILED,
        MAX_ATTEMPTS,
        "SMTPServerDisconnected",
    )
    assert delivery.failed_at == tried[-1] and delivery.sent_at is None and not mail.outbox
    waits = [later - earlier for earlier, later in itertools.pairwise(tried)]
    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]


def test_a_retry_that_works_is_recorded_as_sent(people: People, committed: Any) -> None:
    with mock.patch.dict(BACKENDS, {"email": Failing()}), committed():
        make_suggestion(people.client, people.supporter, kind="goal")
    delivery = Delivery.objects.get()
    with time_machine.travel(delivery.due_at, tick=False):
        assert send_waiting() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 2) and len(mail.outbox) == 1


def test_someone_who_left_before_sending_is_not_emailed(people: People, committed: Any) -> None:
    choose(people.client, frequency=Frequency.IMMEDIATELY, quiet_from=time(22), quiet_until=time(7), time_zone="UTC")
    with time_machine.travel(NIGHT, tick=False), committed():
        make_suggestion(people.client, people.supporter, kind="goal")
    people.client.is_active = False
    people.client.save()
    with time_machine.travel(datetime(2026, 1, 16, 8, tzinfo=UTC), tick=False):
        send_waiting()
    assert Delivery.objects.get().status == Status.CANCELLED and not mail.outbox


def test_my_data_lists_the_notifications_without_their_content_and_purge_removes_them(
    people: People, committed: Any
) -> None:
    from alongside.consent.mydata import SECTIONS

    with committed():
        make_suggestion(people.client, people.supporter, kind="goal", text=MARKER)
    section = SECTIONS["notifications"]
    exported = section.export(people.client, True)
    assert [row["kind"] for row in exported["sent"]] == ["Something new in my plan (a suggestion)"]
    assert MARKER not in str(exported)
    assert section.purge is not None
    section.purge(people.client)
    assert not Delivery.objects.exists()


def test_the_commands_send_summaries_and_what_waited(people: People, committed: Any) -> None:
    choose(people.client, frequency=Frequency.DAILY)
    choose(people.supporter, frequency=Frequency.IMMEDIATELY, quiet_from=time(22), quiet_until=time(7), time_zone="UTC")
    with time_machine.travel(NIGHT, tick=False), committed():
        make_suggestion(people.client, people.supporter, kind="goal")
        plans.ask_for_ideas(make_goal(people.client), "", by=people.client)
    out = StringIO()
    with time_machine.travel(datetime(2026, 1, 16, 7, tzinfo=UTC), tick=False):
        with committed():
            call_command("notifications", "send-digests", stdout=out)
        call_command("notifications", "send-waiting", stdout=out)
    assert out.getvalue().splitlines() == ["Daily summaries made: 1.", "Waiting notifications sent: 1."]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people.client.user.email, people.supporter.user.email])
