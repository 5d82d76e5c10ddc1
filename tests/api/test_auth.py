"""Bearer tokens: missing, wrong, revoked, expired and orphaned tokens get a 401 that says why."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from alongside.accounts.actions.offboarding import end_access
from alongside.accounts.models import Membership

from ..conftest import People
from .factories import make_token

pytestmark = pytest.mark.django_db
ENDPOINTS = ["/api/v1/me", "/api/v1/clients", "/api/v1/clients/{client}"]


def get(people: People, endpoint: str, authorization: str | None) -> tuple[int, dict, str]:
    headers = {"Authorization": authorization} if authorization else {}
    response = Client(headers=headers).get(endpoint.format(client=people.client.pk))
    return response.status_code, response.json(), response.get("WWW-Authenticate", "")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_missing_token_is_refused_with_instructions(people: People, endpoint: str) -> None:
    status, body, challenge = get(people, endpoint, None)
    assert status == 401
    assert "Authorization: Bearer" in body["detail"]
    assert challenge.startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer alng_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "alng_xyz"])
def test_wrong_tokens_are_refused(people: People, header: str) -> None:
    for endpoint in ENDPOINTS:
        status, body, _ = get(people, endpoint, header)
        assert status == 401, (endpoint, header)
        assert people.client.user.display_name not in str(body)


def test_revoked_token_is_refused_on_the_next_request(people: People) -> None:
    token, secret = make_token(people.supporter)
    assert get(people, "/api/v1/me", f"Bearer {secret}")[0] == 200
    token.revoked_at = timezone.now()
    token.save()
    status, body, _ = get(people, "/api/v1/me", f"Bearer {secret}")
    assert status == 401
    assert "revoked" in body["detail"]


def test_expired_token_is_refused(people: People) -> None:
    _, secret = make_token(people.supporter, expires_at=timezone.now() - timedelta(seconds=1))
    for endpoint in ENDPOINTS:
        status, body, _ = get(people, endpoint, f"Bearer {secret}")
        assert status == 401
        assert "expired" in body["detail"]


def test_token_of_someone_who_left_is_refused(people: People) -> None:
    """Offboarding revokes tokens; the membership check is there too, should one ever be missed."""
    _, secret = make_token(people.supporter)
    Membership.objects.filter(pk=people.supporter.pk).update(is_active=False)
    status, body, _ = get(people, "/api/v1/me", f"Bearer {secret}")
    assert status == 401
    assert "no longer has access" in body["detail"]


def test_offboarding_revokes_the_tokens(people: People) -> None:
    _, secret = make_token(people.supporter)
    end_access(people.supporter, by=people.admin.user)
    status, body, _ = get(people, "/api/v1/me", f"Bearer {secret}")
    assert status == 401
    assert "revoked" in body["detail"]


def test_a_session_cookie_is_not_enough(people: People) -> None:
    browser = Client()
    browser.force_login(people.supporter.user)
    assert browser.get("/api/v1/me").status_code == 401


def test_valid_token_records_its_last_use(people: People) -> None:
    token, secret = make_token(people.supporter)
    status, body, _ = get(people, "/api/v1/me", f"Bearer {secret}")
    assert status == 200
    assert body["name"] == "Sam Supporter"
    assert body["role"] == "supporter"
    assert body["organisation"]["name"] == "Riverside"
    token.refresh_from_db()
    assert token.last_used_at is not None
