"""The demo year has every trajectory and a closed loop; the offer command respects each interval."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alongside.core.demo import build_demo
from alongside.feedback.models import CheckinRequest, Prompt, Response
from alongside.feedback.scoring import PromptRule
from alongside.meetings.models import AmendmentRequest, Meeting, NoteRevision, Perspective
from tests.conftest import People

pytestmark = pytest.mark.django_db


def test_demo_has_a_year_of_meetings_notes_and_check_ins() -> None:
    ctx = build_demo()
    assert Meeting.objects.count() > 300
    first = Meeting.objects.order_by("held_at").first()
    assert first is not None and first.held_at < timezone.now() - timedelta(days=300)
    assert Perspective.objects.exists() and NoteRevision.objects.exists()
    assert set(AmendmentRequest.objects.values_list("status", flat=True)) == {"open", "accepted", "declined"}
    assert Response.objects.filter(questionnaire__name="barc-10").exists()
    rupture = ctx.clients[3]  # every fourth client follows the rupture-and-repair trajectory
    repaired = Prompt.objects.filter(client=rupture, responded_at__isnull=False)
    assert any(PromptRule.BELOW_CUTOFF in prompt.rules for prompt in repaired)
    totals = list(
        Response.objects.filter(client=ctx.clients[0], questionnaire__name="wellbeing-checkin")
        .order_by("submitted_at")
        .values_list("total", flat=True)
    )
    assert totals[-1] > totals[0] + 8  # the first client is on the improving trajectory


def test_offer_command_emails_due_check_ins_once_per_interval(
    people: People, django_capture_on_commit_callbacks, tasks_run_at_once: None
) -> None:
    with time_machine.travel(timezone.now(), tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("checkins", "offer", "--base-url", "https://alongside.example")
        call_command("checkins", "offer")
    offered = CheckinRequest.objects.filter(client=people.client)
    assert sorted(offered.values_list("questionnaire__name", flat=True)) == ["barc-10", "wellbeing-checkin"]
    assert not CheckinRequest.objects.filter(client=people.supporter).exists()
    message = next(m for m in mail.outbox if m.to == [people.client.user.email])
    assert f"https://alongside.example/people/{people.client.pk}/check-ins/" in message.body
