"""Consents in the FHIR record: how each maps, what validation refuses, and what the import recreates."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from alongside.consent.actions import revoke_consent
from alongside.consent.models import Consent, RecipientKind
from alongside.interop import codes
from alongside.interop.export import export_bundle
from alongside.interop.importer import ImportProblem, import_bundle
from alongside.interop.validation import validate_bundle
from tests.conftest import People
from tests.consent.factories import share
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def exported(people: People, consent: Consent) -> dict[str, Any]:
    bundle = export_bundle(people.client, include_private=False)
    assert validate_bundle(bundle) == []
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["id"] == f"consent-{consent.pk}")


def extensions(resource: dict[str, Any]) -> dict[str, Any]:
    return {extension["url"]: extension for extension in resource.get("extension", [])}


def test_a_consent_to_a_member_is_active_and_names_them(people: People) -> None:
    consent = share(people.client, people.supervisor, areas=["plan", "meetings"])
    resource = exported(people, consent)
    assert resource["status"] == "active"
    assert resource["scope"]["coding"] == [{"system": codes.CONSENT_SCOPE, "code": "patient-privacy"}]
    assert {"system": codes.LOINC, "code": "59284-0"} in resource["category"][0]["coding"]
    assert resource["patient"]["reference"] == f"Patient/patient-{people.client.pk}"
    assert resource["performer"] == [{"reference": f"Patient/patient-{people.client.pk}"}]
    assert resource["organization"][0]["display"] == "Riverside"
    assert resource["policyRule"]["coding"] == [{"system": codes.ACT_CODE, "code": "42CFRPart2"}]
    assert resource["dateTime"].startswith(str(consent.signed_at.year))
    provision = resource["provision"]
    assert provision["type"] == "permit" and provision["period"] == {"end": consent.expires_on.isoformat()}
    actor = provision["actor"][0]
    assert actor["reference"] == {
        "reference": f"Practitioner/practitioner-{people.supervisor.user_id}",
        "display": "Vera Supervisor (Supervisor)",
    }
    assert {"system": codes.CONSENT_RECIPIENT_SYSTEM, "code": "person"} in actor["role"]["coding"]
    assert provision["purpose"] == [{"system": codes.ACT_REASON, "code": "TREAT"}]
    assert [c["code"] for c in provision["class"]] == ["meetings", "plan"]
    assert extensions(provision)[codes.EXT_CONSENT_PURPOSE]["valueString"] == "So they can help me plan my move."
    assert codes.EXT_CONSENT_REVOKED not in extensions(resource)


def test_a_consent_to_someone_outside_names_them_in_words(people: People) -> None:
    resource = exported(people, share(people.client, kind=RecipientKind.OUTSIDE))
    actor = resource["provision"]["actor"][0]
    assert actor["reference"] == {"display": "Dr. Lee, Northside Clinic"}
    assert resource["provision"]["purpose"][0]["code"] == "PATRQT"


def test_a_stopped_consent_is_inactive_and_says_when_and_by_whom(people: People) -> None:
    consent = revoke_consent(share(people.client, people.supervisor), by=people.client.user)
    resource = exported(people, consent)
    assert resource["status"] == "inactive"
    revoked = {part["url"]: part for part in extensions(resource)[codes.EXT_CONSENT_REVOKED]["extension"]}
    assert revoked["by"]["valueReference"] == {"reference": f"Patient/patient-{people.client.pk}"}
    assert revoked["at"]["valueDateTime"].startswith(str(timezone.now().year))


def test_an_expired_consent_is_inactive(people: People) -> None:
    consent = share(people.client, people.supervisor)
    Consent.objects.filter(pk=consent.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    consent.refresh_from_db()
    resource = exported(people, consent)
    assert resource["status"] == "inactive" and codes.EXT_CONSENT_REVOKED not in extensions(resource)


@pytest.fixture
def bundle(people: People) -> dict[str, Any]:
    share(people.client, people.supervisor)
    OrganisationFactory.create(slug="new-home", name="New Home")
    return export_bundle(people.client, include_private=False)


def consent_of(bundle: dict[str, Any]) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"status": "granted"}, "Consent.status 'granted' is not one of the allowed codes"),
        ({"scope": {"coding": [{"system": codes.CONSENT_SCOPE, "code": "privacy"}]}}, "code 'privacy' is not in"),
        ({"patient": {"reference": "Patient/nobody"}}, "Consent.patient points at Patient/nobody, which is not in"),
        ({"organization": [{"reference": "Patient/x"}]}, "Consent.organization points at a Patient"),
    ],
)
def test_validation_names_bad_consents(bundle: dict[str, Any], change: dict[str, Any], expected: str) -> None:
    consent_of(bundle).update(change)
    problems = validate_bundle(bundle)
    assert any(expected in problem for problem in problems), problems


def refused(bundle: dict[str, Any]) -> list[str]:
    with pytest.raises(ImportProblem) as refusal:
        import_bundle(bundle, "new-home")
    assert not Consent.objects.filter(organisation__slug="new-home").exists()
    return refusal.value.problems


def test_an_unknown_status_is_refused_and_nothing_is_created(bundle: dict[str, Any]) -> None:
    consent_of(bundle)["status"] = "signed"
    assert any("Consent.status 'signed' is not one of the allowed codes" in p for p in refused(bundle))


def test_a_status_with_no_counterpart_is_refused(bundle: dict[str, Any]) -> None:
    consent_of(bundle)["status"] = "draft"
    assert any("status 'draft' is not a consent the client signed" in p for p in refused(bundle))


def test_a_dangling_recipient_is_refused(bundle: dict[str, Any]) -> None:
    consent_of(bundle)["provision"]["actor"][0]["reference"] = {"reference": "Practitioner/practitioner-999"}
    problems = refused(bundle)
    assert any(
        "Consent.provision.actor.reference points at Practitioner/practitioner-999, which is not in" in p
        for p in problems
    ), problems


def test_the_import_keeps_the_consent_as_signed(people: People, bundle: dict[str, Any]) -> None:
    original = Consent.objects.get()
    imported = Consent.objects.get(client=import_bundle(copy.deepcopy(bundle), "new-home"))
    assert imported.organisation.slug == "new-home" and imported.recipient_kind == RecipientKind.PERSON
    assert imported.recipient_member is not None and imported.recipient_member.user == people.supervisor.user
    assert not imported.recipient_member.is_active  # named, but no access in the new organisation
    for field in ("recipient_name", "areas", "purpose", "expires_on", "signature", "signed_at", "discloser_name"):
        assert getattr(imported, field) == getattr(original, field), field


def test_a_consent_to_the_old_supervisors_comes_back_as_one_to_people_outside(people: People) -> None:
    share(people.client, kind=RecipientKind.SUPERVISORS)
    OrganisationFactory.create(slug="new-home", name="New Home")
    client = import_bundle(export_bundle(people.client, include_private=False), "new-home")
    imported = Consent.objects.get(client=client)
    assert (
        imported.recipient_kind == RecipientKind.OUTSIDE and imported.recipient_name == "The supervisors of Riverside"
    )
