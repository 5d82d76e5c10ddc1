"""The endpoints see what the policy lets the token's person see, and reads leave audit entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry

from ..conftest import People
from ..factories import assign, client_member
from .factories import api_client

pytestmark = pytest.mark.django_db


def test_me_describes_the_token(people: People) -> None:
    body = api_client(people.admin).get("/api/v1/me").json()
    assert body["membership_id"] == people.admin.pk
    assert body["role"] == Role.ADMIN
    assert body["token_name"] == "Test token"


def test_supporter_lists_only_the_people_they_walk_alongside(people: People) -> None:
    response = api_client(people.supporter).get("/api/v1/clients")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "limit": 50,
        "offset": 0,
        "items": [{"id": people.client.pk, "name": "Casey Client"}],
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("member_name", ["unassigned_supporter", "outsider_supporter", "supervisor", "admin"])
def test_list_never_shows_others_clients(people: People, member_name: str) -> None:
    body = api_client(getattr(people, member_name)).get("/api/v1/clients").content.decode()
    assert "Casey Client" not in body


def test_list_pages_and_audits_each_page(people: People) -> None:
    for n in range(3):
        assign(client_member(people.organisation, user__display_name=f"Zed {n}"), people.supporter)
    browser = api_client(people.supporter)
    first = browser.get("/api/v1/clients?limit=2").json()
    second = browser.get("/api/v1/clients?limit=2&offset=2").json()
    assert first["count"] == second["count"] == 4
    assert [c["name"] for c in first["items"] + second["items"]] == ["Casey Client", "Zed 0", "Zed 1", "Zed 2"]
    entries = AuditEntry.objects.filter(action="read.client_list", actor=people.supporter.user).order_by("seq")
    assert [e.detail["clients"] for e in entries] == [
        [c["id"] for c in first["items"]],
        [c["id"] for c in second["items"]],
    ]


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=abc"])
def test_bad_paging_is_explained(people: People, query: str) -> None:
    response = api_client(people.supporter).get(f"/api/v1/clients?{query}")
    assert response.status_code == 422
    assert response.json()["detail"] == "Some of the request's parameters are not valid."
    assert response.json()["errors"]


def test_assigned_supporter_reads_the_profile_and_the_read_is_audited(people: People) -> None:
    response = api_client(people.supporter).get(f"/api/v1/clients/{people.client.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Casey Client"
    assert body["supporters"] == [{"id": people.supporter.pk, "name": "Sam Supporter"}]
    entry = AuditEntry.objects.get(action="read.profile", client=people.client)
    assert entry.actor == people.supporter.user


@pytest.mark.parametrize("member_name", ["unassigned_supporter", "outsider_supporter", "supervisor", "admin"])
def test_everyone_else_gets_404_for_the_profile(people: People, member_name: str) -> None:
    response = api_client(getattr(people, member_name)).get(f"/api/v1/clients/{people.client.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert "Casey Client" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="read.profile", client=people.client).exists()


@pytest.mark.parametrize("client_id", [0, 999_999, 2**62, 2**70])
def test_unknown_ids_get_404(people: People, client_id: int) -> None:
    response = api_client(people.supporter).get(f"/api/v1/clients/{client_id}")
    assert response.status_code in (404, 422)
    assert response.json()["detail"]


def test_another_organisations_client_gets_404_even_for_a_staff_token(people: People) -> None:
    response = api_client(people.supporter).get(f"/api/v1/clients/{people.outsider_client.pk}")
    assert response.status_code == 404


def test_ended_assignment_applies_at_once(people: People) -> None:
    browser = api_client(people.supporter)
    assert browser.get(f"/api/v1/clients/{people.client.pk}").status_code == 200
    people.client.supporter_assignments.update(ended_at="2026-01-01T00:00:00Z")
    assert browser.get(f"/api/v1/clients/{people.client.pk}").status_code == 404
    assert browser.get("/api/v1/clients").json()["count"] == 0


def test_unknown_endpoints_answer_in_json(people: People) -> None:
    response = api_client(people.supporter).get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert "/api/docs" in response.json()["detail"]


def test_schema_and_docs_are_served(people: People, client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/v1/me", "/api/v1/clients", "/api/v1/clients/{id}"} <= set(schema["paths"])
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_list_queries_do_not_grow_with_data(people: People) -> None:
    browser = api_client(people.supporter)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/api/v1/clients").status_code == 200
        return len(captured)

    count()  # the first use of a token also notes its last use
    small = count()
    for _ in range(30):
        assign(client_member(people.organisation), people.supporter)
    assert count() == small
