"""The FHIR export: valid, complete for the client, and never leaking private items to a transfer."""

from __future__ import annotations

import json
from typing import Any

import pytest

from alongside.interop import codes
from alongside.interop.export import export_bundle
from alongside.interop.validation import validate_bundle
from tests.conftest import People

from .factories import rich_record

pytestmark = pytest.mark.django_db


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def test_the_clients_own_export_is_valid_and_complete(people: People) -> None:
    rich_record(people)
    bundle = export_bundle(people.client, include_private=True)
    assert validate_bundle(bundle) == []
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert kinds >= {"Patient", "Practitioner", "Goal", "CarePlan", "Provenance", "Encounter", "Communication"}
    assert kinds >= {"Questionnaire", "QuestionnaireResponse", "Observation", "AuditEvent", "Organization"}
    text = json.dumps(bundle)
    assert "Talk to my sister about Dad" in text and "A hard day, but I went out." in text
    assert "A draft nobody else sees." not in text


def test_goals_carry_words_authorship_and_acceptance(people: People) -> None:
    rich_record(people)
    goals = {
        goal["description"]["text"]: goal
        for goal in resources(export_bundle(people.client, include_private=True), "Goal")
    }
    own = goals["Walk by the river twice a week"]
    assert own["expressedBy"] == {"reference": f"Patient/patient-{people.client.pk}"}
    assert own["lifecycleStatus"] == "active" and own["target"] == [{"dueDate": "2031-05-01"}]
    accepted = goals["Cook something new on Sundays"]
    assert accepted["expressedBy"] == {"reference": f"Practitioner/practitioner-{people.supporter.user_id}"}
    assert accepted["extension"][0]["url"] == codes.GOAL_ACCEPTANCE
    assert accepted["extension"][0]["extension"][1] == {"url": "status", "valueCode": "agree"}
    assert goals["Join a choir"]["lifecycleStatus"] == "rejected"
    assert goals["Visit the library"]["lifecycleStatus"] == "proposed"
    assert goals["Look for volunteering"]["lifecycleStatus"] == "cancelled"


def test_a_transfer_leaves_out_private_goals_steps_links_and_journal(people: People) -> None:
    private = rich_record(people)
    bundle = export_bundle(people.client, include_private=False)
    assert validate_bundle(bundle) == []
    text = json.dumps(bundle)
    for secret in ("Talk to my sister about Dad", "Write down what I want to say", "A hard day, but I went out."):
        assert secret not in text
    assert f'goal-{private.pk}"' not in text
    assert "Good walk today." in text
