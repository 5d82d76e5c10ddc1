"""Staff create their own tokens (shown once, only a hash kept); admins revoke anyone's in their organisation."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alongside.accounts.actions import hash_token
from alongside.api.models import ApiToken
from alongside.audit.models import AuditEntry

from ..conftest import People, confirmed, signed_in
from .factories import make_token

pytestmark = pytest.mark.django_db


def create(browser: Client, name: str = "Spreadsheet") -> str:
    response = browser.post("/account/api-tokens/", {"name": name, "valid_days": "90"})
    assert response.status_code == 200
    return response.content.decode()


def shown_secret(page: str) -> str:
    return page.split('id="new-token" value="')[1].split('"')[0]


def test_supporter_creates_a_token_that_is_shown_once_and_works(people: People) -> None:
    browser = confirmed(signed_in(people.supporter))
    secret = shown_secret(create(browser))
    token = ApiToken.objects.get(membership=people.supporter)
    assert token.token_hash == hash_token(secret)
    assert secret not in browser.get("/account/api-tokens/").content.decode()
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.actor == people.supporter.user
    assert secret not in str(entry.canonical())
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/clients").json()["items"][0]["name"] == "Casey Client"


def test_a_double_submit_makes_one_token(people: People) -> None:
    browser = confirmed(signed_in(people.supporter))
    create(browser)
    page = create(browser)
    assert "already have a token called" in page
    assert ApiToken.objects.filter(membership=people.supporter).count() == 1


def test_a_token_cannot_outlive_a_year(people: People) -> None:
    page = confirmed(signed_in(people.supporter)).post("/account/api-tokens/", {"name": "Long", "valid_days": "3650"})
    assert "Select a valid choice" in page.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("member_name", ["client", "outsider_client"])
def test_clients_have_no_token_page(people: People, member_name: str) -> None:
    assert signed_in(getattr(people, member_name)).get("/account/api-tokens/").status_code == 404


def test_people_revoke_their_own_tokens(people: People) -> None:
    token, _ = make_token(people.supporter)
    response = signed_in(people.supporter).post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == people.supporter.user
    assert AuditEntry.objects.filter(action="api_token.revoke", target=f"api_token:{token.pk}").exists()


@pytest.mark.parametrize("member_name", ["unassigned_supporter", "supervisor", "outsider_supporter", "client"])
def test_others_cannot_revoke_or_see_a_token(people: People, member_name: str) -> None:
    token, _ = make_token(people.supporter, name="Sam's secret tool")
    browser = signed_in(getattr(people, member_name))
    assert browser.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    assert "Sam&#x27;s secret tool" not in browser.get("/account/api-tokens/").content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_admin_sees_and_revokes_anyones_token_in_their_organisation(people: People) -> None:
    token, _ = make_token(people.supporter, name="Sam's tool")
    make_token(people.outsider_supporter, name="Otto's tool")
    browser = signed_in(people.admin)
    page = browser.get("/account/api-tokens/").content.decode()
    assert "Sam&#x27;s tool" in page
    assert "Otto&#x27;s tool" not in page
    assert browser.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == people.admin.user


def test_admin_of_another_organisation_gets_404(people: People) -> None:
    token, _ = make_token(people.supporter)
    outsider_admin = make_token(people.outsider_supporter)[0].membership
    outsider_admin.role = "admin"
    outsider_admin.save()
    assert signed_in(outsider_admin).post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404


def test_token_page_queries_do_not_grow(people: People) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert signed_in(people.admin).get("/account/api-tokens/").status_code == 200
        return len(captured)

    small = count()
    for n in range(20):
        make_token(people.supporter, name=f"tool {n}")
        make_token(people.admin, name=f"admin tool {n}")
    assert count() == small


def test_creating_a_token_asks_for_the_password_first(people: People) -> None:
    response = signed_in(people.supporter).post("/account/api-tokens/", {"name": "Laptop", "valid_days": "30"})
    assert response.status_code == 302 and response["Location"].startswith("/account/confirm-password/")
    assert not ApiToken.objects.exists()
