"""Who may download a FHIR record: the client (everything), an admin of their organisation (no private items)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.consent.actions import revoke_consent
from alongside.consent.models import Consent
from alongside.interop.validation import validate_bundle
from tests.conftest import People, confirmed, main_content, signed_in
from tests.consent.factories import share
from tests.factories import staff_member

from .factories import rich_record

WHOLE_RECORD = ["plan", "meetings", "checkins", "crisis", "messages"]


def consent_to_transfer(people: People, areas: list[str] = WHOLE_RECORD) -> Consent:
    return share(people.client, kind="outside", areas=areas)


pytestmark = pytest.mark.django_db
PRIVATE = "Talk to my sister about Dad"


def test_the_client_downloads_everything_and_it_is_audited(people: People) -> None:
    rich_record(people)
    assert "Download my record (FHIR)" in signed_in(people.client).get(reverse("home:my_journey")).content.decode()
    asked = signed_in(people.client).get(reverse("interop:my_record"))
    assert asked.status_code == 302 and asked["Location"].startswith("/account/confirm-password/")
    response = confirmed(signed_in(people.client)).get(reverse("interop:my_record"))
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    bundle = json.loads(response.content)
    assert validate_bundle(bundle) == [] and PRIVATE in response.content.decode()
    entry = AuditEntry.objects.get(action="interop.fhir.export")
    assert entry.client == people.client and entry.detail["private_included"] is True


@pytest.mark.parametrize("who", ["supporter", "unassigned_supporter", "supervisor", "admin", "outsider_supporter"])
def test_only_a_client_has_an_own_record_download(people: People, who: str) -> None:
    assert signed_in(getattr(people, who)).get(reverse("interop:my_record")).status_code == 404


def test_an_admin_lists_clients_and_downloads_without_private_items(people: People) -> None:
    rich_record(people)
    consent = consent_to_transfer(people)
    admin = confirmed(signed_in(people.admin))
    page = admin.get(reverse("interop:transfers")).content.decode()
    assert "Casey Client" in page and "Xena Elsewhere" not in page and "Sam Supporter" not in page
    response = admin.post(reverse("interop:transfer_download", args=[people.client.pk]))
    text = response.content.decode()
    assert response.status_code == 200 and "Walk by the river twice a week" in text and PRIVATE not in text
    entry = AuditEntry.objects.get(action="interop.fhir.export")
    assert entry.actor == people.admin.user and entry.detail == {
        "purpose": "transfer",
        "private_included": False,
        "resources": len(json.loads(text)["entry"]),
        "consent": consent.pk,  # names the recipient and purpose on "Who has seen my record"
    }


@pytest.mark.parametrize("who", ["client", "supporter", "supervisor", "outsider_supporter"])
def test_transfers_are_for_admins_only(people: People, who: str) -> None:
    browser = signed_in(getattr(people, who))
    assert browser.get(reverse("interop:transfers")).status_code == 404
    response = browser.post(reverse("interop:transfer_download", args=[people.client.pk]))
    assert response.status_code == 404 and "Casey Client" not in main_content(response)


def test_an_admin_of_another_organisation_gets_not_found(people: People) -> None:
    other_admin = staff_member("admin", people.outsider_client.organisation)
    response = signed_in(other_admin).post(reverse("interop:transfer_download", args=[people.client.pk]))
    assert response.status_code == 404 and not AuditEntry.objects.filter(action="interop.fhir.export").exists()


def test_the_transfer_download_needs_a_post(people: People) -> None:
    consent_to_transfer(people)
    assert signed_in(people.admin).get(reverse("interop:transfer_download", args=[people.client.pk])).status_code == 405


def test_a_transfer_asks_for_the_password_first(people: People) -> None:
    consent_to_transfer(people)
    response = signed_in(people.admin).post(reverse("interop:transfer_download", args=[people.client.pk]))
    assert response.status_code == 302 and "next=%2Forganisation%2Ftransfers%2F" in response["Location"]


def test_a_transfer_needs_the_clients_consent_to_share_the_whole_record(people: People) -> None:
    admin = confirmed(signed_in(people.admin))
    url = reverse("interop:transfer_download", args=[people.client.pk])
    assert "Casey Client" not in admin.get(reverse("interop:transfers")).content.decode()
    assert admin.post(url).status_code == 404
    consent_to_transfer(people, areas=["plan"])  # part of the record is not enough for a transfer
    assert admin.post(url).status_code == 404
    consent = consent_to_transfer(people)
    assert admin.post(url).status_code == 200
    revoke_consent(consent, by=people.client.user)
    assert admin.post(url).status_code == 404
    assert AuditEntry.objects.filter(action="interop.fhir.export").count() == 1
