"""The crisis plan in "My data", in a consent recipient's download, in the FHIR export (a CarePlan with the
crisis category, valid) and back through the import; purged with the rest of a closed account."""

from __future__ import annotations

import json
from typing import Any

import pytest

from alongside.consent import mydata
from alongside.crisis.models import CrisisPlan
from alongside.interop import codes
from alongside.interop.export import export_bundle
from alongside.interop.importer import import_bundle
from alongside.interop.validation import validate_bundle
from alongside.policy import Area
from tests.conftest import People
from tests.factories import OrganisationFactory

from .factories import WORDS, write_plan

pytestmark = pytest.mark.django_db


def crisis_care_plans(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "CarePlan" and "category" in entry["resource"]
    ]


def test_my_data_holds_the_plan_and_every_version(people: People) -> None:
    write_plan(people.client)
    write_plan(people.client, what_helps="Music.")
    section = mydata.everything_for(people.client)["sections"]["crisis_plan"]
    assert section["plan"]["what_helps"] == "Music." and section["plan"]["version"] == 2
    assert [v["wording"]["what_helps"] for v in section["versions"]] == [WORDS["what_helps"], "Music."]
    assert section["versions"][0]["saved_by"] == "Casey Client"


def test_a_recipient_downloads_it_only_when_the_crisis_area_is_shared() -> None:
    names = {section.name for section in mydata.shared_sections({Area.PLAN})}
    assert "crisis_plan" not in names
    assert "crisis_plan" in {section.name for section in mydata.shared_sections({Area.CRISIS})}


def test_the_fhir_export_has_a_valid_crisis_care_plan(people: People) -> None:
    write_plan(people.client, include_medicines=False)
    bundle = export_bundle(people.client, include_private=False)
    assert validate_bundle(bundle) == []
    (plan,) = crisis_care_plans(bundle)
    assert plan["category"][0]["coding"][0] == {
        "system": codes.CARE_PLAN_CATEGORY_SYSTEM,
        "code": codes.CRISIS_PLAN_CATEGORY,
    }
    assert plan["meta"]["versionId"] == "1" and plan["subject"] == plan["author"]
    sections = {note["extension"][0]["valueCode"]: note["text"] for note in plan["note"]}
    assert sections["getting_hard"] == WORDS["getting_hard"] and "medicines" not in sections
    assert WORDS["medicines"] not in json.dumps(bundle)


def test_no_plan_no_crisis_care_plan(people: People) -> None:
    bundle = export_bundle(people.client, include_private=True)
    assert validate_bundle(bundle) == [] and crisis_care_plans(bundle) == []


def test_a_wrong_section_code_fails_validation(people: People) -> None:
    write_plan(people.client)
    bundle = export_bundle(people.client, include_private=True)
    crisis_care_plans(bundle)[0]["note"][0]["extension"][0]["valueCode"] = "secrets"
    assert any("'secrets' is not one of the allowed codes" in problem for problem in validate_bundle(bundle))


def test_the_plan_comes_back_through_an_import(people: People) -> None:
    write_plan(people.client)
    bundle = export_bundle(people.client, include_private=True)
    elsewhere = OrganisationFactory.create(name="Hillside")
    client = import_bundle(bundle, elsewhere.slug)
    imported = CrisisPlan.objects.get(client=client)
    assert imported.organisation_id == elsewhere.pk and imported.what_helps == WORDS["what_helps"]
    assert imported.include_medicines and imported.medicines == WORDS["medicines"]
    assert imported.versions.count() == 1


def test_a_closed_accounts_plan_is_purged(people: People) -> None:
    write_plan(people.client)
    mydata.purge_everything(people.client)
    assert not CrisisPlan.objects.exists()
