"""A supervisor returns a session record: its author, and nobody else, is told where to find it (issue #16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from alongside.accounts.models import Role
from alongside.billing import actions
from alongside.billing.models import SessionRecord
from alongside.notifications.kinds import SUPPORTER_KINDS, Kind
from alongside.notifications.models import Delivery, Frequency, Preference, Status
from alongside.notifications.outbox import send_digests
from tests.conftest import People, main_content, signed_in

from .factories import complete_group_values, goal_of, rules_for, signed_group_record, signed_record

pytestmark = pytest.mark.django_db

COMMENT = "Please name the goal more precisely (WREN-4410)."


@pytest.fixture(autouse=True)
def _worker_runs_each_task_as_queued(tasks_run_at_once: None) -> None:
    pass


def returned(people: People, record: SessionRecord, on_commit: Any) -> list[Delivery]:
    """Return ``record`` as its commit would; what that alone told (the meeting offered the client a check-in)."""
    before = set(Delivery.objects.values_list("pk", flat=True))
    mail.outbox.clear()
    with on_commit(execute=True):
        actions.return_record(record, COMMENT, by=people.supervisor)
    return list(Delivery.objects.exclude(pk__in=before))


def test_the_author_of_a_meeting_record_is_told_once_with_a_link_to_it(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    rules_for(people, cosign=True)
    record = signed_record(people)
    [delivery] = returned(people, record, django_capture_on_commit_callbacks)
    assert delivery.recipient == people.supporter and delivery.kind == Kind.RECORD_RETURNED
    assert delivery.link == f"/people/{people.client.pk}/meetings/{record.meeting_id}/record/"
    assert delivery.status == Status.SENT and [m.to for m in mail.outbox] == [[people.supporter.user.email]]
    body = f"{mail.outbox[0].subject} {mail.outbox[0].body}"
    assert "WREN-4410" not in body and people.client.user.display_name not in body
    assert "/record/" in body


def test_a_group_record_links_to_the_attendance_and_each_return_tells_again(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    rules_for(people, cosign=True)
    record = signed_group_record(people)
    told = returned(people, record, django_capture_on_commit_callbacks)
    actions.sign_record(record, by=people.supporter, credential="CPRS")
    told += returned(people, record, django_capture_on_commit_callbacks)
    link = f"/groups/attendance/{record.attendance_id}/record/"
    assert [(d.recipient, d.kind, d.link) for d in told] == [(people.supporter, Kind.RECORD_RETURNED, link)] * 2


def test_the_authors_choices_are_respected_and_a_daily_summary_counts_it(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    rules_for(people, cosign=True)
    others = [kind for kind in SUPPORTER_KINDS if kind != Kind.RECORD_RETURNED]
    preference = Preference.objects.create(
        organisation=people.organisation, member=people.supporter, kinds=others, channels=["email"]
    )
    assert returned(people, signed_record(people), django_capture_on_commit_callbacks) == [] and not mail.outbox
    preference.kinds, preference.frequency = list(SUPPORTER_KINDS), Frequency.DAILY
    preference.save()
    [delivery] = returned(people, signed_record(people), django_capture_on_commit_callbacks)
    assert delivery.status == Status.FOR_DIGEST and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    assert "Session records returned to you: 1" in mail.outbox[-1].body and "WREN" not in mail.outbox[-1].body


def test_the_choice_is_offered_to_supporters_and_in_spanish(people: People) -> None:
    page = main_content(signed_in(people.supporter).get("/account/notifications/"))
    assert "A supervisor returned a session record to me" in page
    assert "A supervisor returned" not in main_content(signed_in(people.client).get("/account/notifications/"))
    with translation.override("es"):
        assert str(Kind.RECORD_RETURNED.label) == "Un supervisor/a me devolvió un registro de la sesión"


# --- Supervisors: a record waiting for their co-signature -----------------------------------------------------


def signed_and_told(people: People, on_commit: Any, **record: Any) -> list[Delivery]:
    """Sign a record as its commit would; who that told of a record waiting for a co-signature."""
    with on_commit(execute=True):
        signed = signed_record(people, **record)
    return list(Delivery.objects.filter(kind=Kind.COSIGN_WAITING, event__startswith=f"cosign:{signed.pk}:"))


def test_every_active_supervisor_but_the_author_is_told_a_record_waits(
    people: People, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.factories import staff_member

    second = staff_member(Role.SUPERVISOR, people.organisation, user__display_name="Sol Second")
    staff_member(Role.SUPERVISOR, people.organisation, is_active=False)
    staff_member(Role.SUPERVISOR, people.outsider_supporter.organisation)
    rules_for(people)
    assert signed_and_told(people, django_capture_on_commit_callbacks) == []  # no co-signature needed
    actions.set_cosign_roles(people.organisation, [Role.SUPPORTER], by=people.admin)
    told = signed_and_told(people, django_capture_on_commit_callbacks, what_was_done="ZEBRA-55 said at length")
    assert {d.recipient for d in told} == {people.supervisor, second}
    record = SessionRecord.objects.get(pk=int(told[0].event.split(":")[1]))
    assert {d.link for d in told} == {f"/co-signatures/{record.pk}/"}
    assert all("ZEBRA-55" not in m.body and people.client.user.display_name not in m.body for m in mail.outbox)
    # Returned, fixed and signed again: it waits again, and they are told again.
    actions.return_record(record, COMMENT, by=people.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        actions.sign_record(record, by=people.supporter, credential="CPRS")
    assert Delivery.objects.filter(kind=Kind.COSIGN_WAITING).count() == 4


def test_a_supervisors_own_record_is_not_news_to_them(people: People, django_capture_on_commit_callbacks: Any) -> None:
    """A supervisor who facilitates a group documents an attendee; their organisation has supervisors' records
    co-signed: the other supervisor is told, not the author."""
    from tests.factories import staff_member
    from tests.groups.factories import make_group, make_session, mark

    second = staff_member(Role.SUPERVISOR, people.organisation)
    rules_for(people)
    actions.set_cosign_roles(people.organisation, [Role.SUPERVISOR], by=people.admin)
    attendance = mark(people, make_session(people, make_group(people, people.supervisor)), people.client)
    values = complete_group_values(attendance)
    record = actions.save_record(
        attendance, values, goals=[goal_of(people)], by=people.supervisor, expected_version=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.sign_record(record, by=people.supervisor, credential="CPRS")
    assert [d.recipient for d in Delivery.objects.filter(kind=Kind.COSIGN_WAITING)] == [second]


def test_the_supervisors_choice_is_offered_and_in_spanish(people: People) -> None:
    page = main_content(signed_in(people.supervisor).get("/account/notifications/"))
    assert "A session record waits for a supervisor&#x27;s co-signature" in page
    assert "waits for a supervisor" not in main_content(signed_in(people.supporter).get("/account/notifications/"))
    with translation.override("es"):
        assert str(Kind.COSIGN_WAITING.label) == "Un registro de la sesión espera la segunda firma de supervisión"
