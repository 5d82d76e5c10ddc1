"""Plans, meetings, check-ins and dashboards over the API: the same policy as the pages, and audited reads."""

from __future__ import annotations

import pytest

from alongside.audit.models import AuditEntry
from alongside.meetings import actions as meeting_actions

from ..conftest import People
from ..factories import assign
from ..feedback.factories import answered
from ..meetings.factories import meeting, shared_note
from ..plans.factories import make_goal
from .factories import api_client

pytestmark = pytest.mark.django_db
CLIENT_PATHS = {
    "plan": "/api/v1/clients/{id}/plan",
    "meetings": "/api/v1/clients/{id}/meetings",
    "checkins": "/api/v1/clients/{id}/checkins",
}


@pytest.fixture
def record(people: People) -> None:
    make_goal(people.client, "Open goal about the allotment")
    make_goal(people.client, "Private goal about my brother", is_private=True)
    shared_note(people, "Shared note about the allotment")
    answered(people.client, "session-checkin", [35, 38], text="More time to plan")


@pytest.mark.parametrize(("area", "path"), CLIENT_PATHS.items())
@pytest.mark.parametrize("member_name", ["client", "supporter"])
def test_the_client_and_their_supporter_read_and_it_is_audited(
    people: People, record: None, member_name: str, area: str, path: str
) -> None:
    response = api_client(getattr(people, member_name)).get(path.format(id=people.client.pk))
    assert response.status_code == 200, response.content
    actor = getattr(people, member_name).user
    assert AuditEntry.objects.filter(action=f"read.{area}", actor=actor, client=people.client).exists()


@pytest.mark.parametrize("path", CLIENT_PATHS.values())
@pytest.mark.parametrize("member_name", ["unassigned_supporter", "outsider_supporter", "supervisor", "admin"])
def test_everyone_else_gets_404(people: People, record: None, member_name: str, path: str) -> None:
    response = api_client(getattr(people, member_name)).get(path.format(id=people.client.pk))
    assert response.status_code == 404
    assert "allotment" not in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="read.", client=people.client).exists()


def test_private_goals_only_for_the_client(people: People, record: None) -> None:
    path = f"/api/v1/clients/{people.client.pk}/plan"
    supporter = api_client(people.supporter).get(path).content.decode()
    assert "Open goal about the allotment" in supporter
    assert "brother" not in supporter
    assert "Private goal about my brother" in api_client(people.client).get(path).content.decode()


def test_drafts_only_for_their_author(people: People) -> None:
    meeting_actions.write_note(meeting(people), "Draft about the hospital visit", by=people.supporter)
    other = people.unassigned_supporter
    assign(people.client, other)
    path = f"/api/v1/clients/{people.client.pk}/meetings"
    assert "hospital" in api_client(people.supporter).get(path).content.decode()
    assert "hospital" not in api_client(other).get(path).content.decode()
    assert "hospital" not in api_client(people.client).get(path).content.decode()


def test_checkins_give_totals_scores_and_answers(people: People, record: None) -> None:
    body = api_client(people.supporter).get(f"/api/v1/clients/{people.client.pk}/checkins").json()
    assert body["count"] == 2
    assert [item["total"] for item in body["items"]] == [38, 35]
    assert body["items"][0]["texts"] == {"better": "More time to plan"}


@pytest.mark.parametrize("member_name", ["supervisor", "admin"])
def test_dashboards_for_supervisors_and_admins(people: People, member_name: str) -> None:
    browser = api_client(getattr(people, member_name))
    body = browser.get("/api/v1/reports/organisation").json()
    assert [s["key"] for s in body["sections"]][:2] == ["people", "meetings"]
    assert body["sections"][0]["cells"][0] == {
        "label": "People supported",
        "value": None,
        "shown": "fewer than 11",
        "unit": "",
        "hidden": True,
    }
    one = browser.get(f"/api/v1/reports/supporters/{people.supporter.pk}?start=2025-01-01").json()
    assert one["supporter"]["name"] == people.supporter.user.display_name
    assert AuditEntry.objects.filter(action="read.dashboard").count() == 2


@pytest.mark.parametrize("member_name", ["client", "supporter", "outsider_supporter"])
def test_dashboards_refused_to_others(people: People, member_name: str) -> None:
    browser = api_client(getattr(people, member_name))
    assert browser.get("/api/v1/reports/organisation").status_code == 404
    assert browser.get(f"/api/v1/reports/supporters/{people.supporter.pk}").status_code == 404


def test_another_organisations_supporter_is_not_found(people: People) -> None:
    path = f"/api/v1/reports/supporters/{people.outsider_supporter.pk}"
    assert api_client(people.admin).get(path).status_code == 404


def test_bad_period_is_explained(people: People) -> None:
    response = api_client(people.admin).get("/api/v1/reports/organisation?start=2025-03-01&end=2025-02-01")
    assert response.status_code == 422
    assert "after the end date" in response.content.decode()
