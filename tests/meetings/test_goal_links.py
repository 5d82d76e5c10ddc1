"""A meeting records which of the client's goals it touched; private goals stay the client's own."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.meetings import actions
from alongside.meetings.models import Meeting, MeetingGoal
from tests.conftest import People, signed_in
from tests.plans.factories import make_goal

pytestmark = pytest.mark.django_db


def form(people: People, **extra: object) -> dict[str, object]:
    held = timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=1)
    return {
        "held_at": held.strftime("%Y-%m-%dT%H:%M"),
        "mode": "phone",
        "duration_minutes": 30,
        "supporter": people.supporter.pk,
        "submission_key": "0b0b0b0b-0000-4000-8000-000000000001",
    } | extra


def test_supporter_links_a_meeting_to_goals_and_sees_them(people: People) -> None:
    shared = make_goal(people.client, "Get back to swimming")
    private = make_goal(people.client, "Talk to my sister", is_private=True)
    browser = signed_in(people.supporter)
    page = browser.get(f"/people/{people.client.pk}/meetings/new/").content.decode()
    assert shared.text in page and private.text not in page
    response = browser.post(f"/people/{people.client.pk}/meetings/new/", form(people, goals=[shared.pk]))
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get()
    assert list(meeting.goals.all()) == [shared]
    assert MeetingGoal.objects.get().organisation == people.organisation
    assert shared.text in browser.get(response["Location"]).content.decode()


def test_private_or_other_peoples_goals_are_refused(people: People) -> None:
    private = make_goal(people.client, is_private=True)
    other = make_goal(people.other_client)
    browser = signed_in(people.supporter)
    for goal in (private, other):
        response = browser.post(f"/people/{people.client.pk}/meetings/new/", form(people, goals=[goal.pk]))
        assert response.status_code == 400 and "only goals from this plan" in response.content.decode()
    assert not Meeting.objects.exists()
    with pytest.raises(ValidationError, match="goals in this person's plan"):
        actions.record_meeting(
            people.client,
            supporter=people.supporter,
            held_at=timezone.now(),
            mode="phone",
            duration_minutes=5,
            by=people.supporter,
            goals=[private],
        )
    assert not Meeting.objects.exists()
