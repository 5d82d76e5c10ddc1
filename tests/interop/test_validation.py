"""validate_bundle: what fhir.resources checks, and what it does not (codes, reference targets)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from alongside.interop.export import export_bundle
from alongside.interop.validation import validate_bundle
from tests.conftest import People

from .factories import rich_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(people: People) -> dict[str, Any]:
    rich_record(people)
    return export_bundle(people.client, include_private=True)


def first(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind)


def broken(bundle: dict[str, Any], kind: str, change: dict[str, Any]) -> list[str]:
    copied = copy.deepcopy(bundle)
    first(copied, kind).update(change)
    return validate_bundle(copied)


@pytest.mark.parametrize(
    ("kind", "change", "expected"),
    [
        ("Goal", {"lifecycleStatus": "finished"}, "Goal.lifecycleStatus 'finished' is not one of the allowed codes"),
        ("CarePlan", {"intent": "wish"}, "CarePlan.intent 'wish' is not one of the allowed codes"),
        ("CarePlan", {"status": "open"}, "CarePlan.status 'open'"),
        ("QuestionnaireResponse", {"status": "done"}, "QuestionnaireResponse.status 'done'"),
        ("Observation", {"status": "ok"}, "Observation.status 'ok'"),
        ("Communication", {"status": "sent"}, "Communication.status 'sent'"),
        ("AuditEvent", {"action": "X"}, "AuditEvent.action 'X'"),
        (
            "Goal",
            {
                "achievementStatus": {
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": "great"}]
                }
            },
            "code 'great' is not in http://terminology.hl7.org/CodeSystem/goal-achievement",
        ),
    ],
)
def test_unknown_codes_are_named(bundle: dict[str, Any], kind: str, change: dict[str, Any], expected: str) -> None:
    problems = broken(bundle, kind, change)
    assert any(expected in problem for problem in problems), problems


def test_a_dangling_reference_is_named(bundle: dict[str, Any]) -> None:
    problems = broken(bundle, "Goal", {"subject": {"reference": "Patient/patient-999"}})
    assert any("Goal.subject points at Patient/patient-999, which is not in the Bundle" in p for p in problems), (
        problems
    )


def test_a_reference_to_the_wrong_kind_of_resource_is_named(bundle: dict[str, Any]) -> None:
    goal_id = first(bundle, "Goal")["id"]
    problems = broken(bundle, "Observation", {"subject": {"reference": f"Goal/{goal_id}"}})
    assert any("Observation.subject points at a Goal; only Patient is allowed" in p for p in problems), problems


def test_a_reference_where_none_belongs_is_named(bundle: dict[str, Any]) -> None:
    problems = broken(bundle, "Goal", {"addresses": [{"reference": "Patient/x"}]})
    assert any("Goal.addresses holds a reference" in p for p in problems), problems


def test_structure_is_checked_by_fhir_resources(bundle: dict[str, Any]) -> None:
    problems = broken(bundle, "Goal", {"colour": "blue"})
    assert any(p.startswith("Goal/") and "colour" in p for p in problems), problems
    copied = copy.deepcopy(bundle)
    del first(copied, "Goal")["description"]
    assert any("Goal/" in p and "description: Field required" in p for p in validate_bundle(copied))
    problems = broken(bundle, "Goal", {"description": None})
    assert any("Goal.description is null" in p for p in problems), problems


def test_an_unknown_questionnaire_is_named(bundle: dict[str, Any]) -> None:
    problems = broken(bundle, "QuestionnaireResponse", {"questionnaire": "https://elsewhere/Questionnaire/x|1"})
    assert any("questionnaire 'https://elsewhere/Questionnaire/x|1' is not in the Bundle" in p for p in problems)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], "Expected a FHIR Bundle, but this is a list"),
        ({"resourceType": "Patient"}, "Expected a FHIR Bundle, but this is a Patient"),
        (
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"id": "x"}}]},
            "Entry 1 has no resource",
        ),
        (
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Goal"}}]},
            "has no id",
        ),
        ({"resourceType": "Bundle", "type": "pile"}, "Bundle.type 'pile'"),
        (
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "Dragon", "id": "d"}}],
            },
            "'Dragon' is not a FHIR R4B resource type",
        ),
    ],
)
def test_documents_that_are_not_bundles(document: Any, expected: str) -> None:
    problems = validate_bundle(document)
    assert any(expected in problem for problem in problems), problems


def test_duplicate_ids_are_named(bundle: dict[str, Any]) -> None:
    copied = copy.deepcopy(bundle)
    copied["entry"].append(copy.deepcopy(copied["entry"][1]))
    assert any("appears more than once" in problem for problem in validate_bundle(copied))
