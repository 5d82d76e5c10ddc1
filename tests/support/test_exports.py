"""How a client wants to be supported in "My data", in a recipient's download (shared as the profile is), in
the FHIR export (a valid QuestionnaireResponse with its Questionnaire) and back through the import; purged
with the rest of a closed account."""

from __future__ import annotations

from typing import Any

import pytest

from alongside.consent import mydata
from alongside.interop import codes
from alongside.interop.export import export_bundle
from alongside.interop.importer import import_bundle
from alongside.interop.validation import validate_bundle
from alongside.policy import Area
from alongside.support.models import SupportPreferences, SupportPreferencesVersion
from tests.conftest import People
from tests.factories import OrganisationFactory

from .factories import WORDS, write_preferences

pytestmark = pytest.mark.django_db


def ours(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["id"] in ("questionnaire-support-preferences", f"support-preferences-{bundle['id'][7:]}")
    ]


def test_my_data_holds_it_and_every_version(people: People) -> None:
    write_preferences(people.client)
    write_preferences(people.client, what_helps="Music.")
    section = mydata.everything_for(people.client)["sections"]["support_preferences"]
    assert section["preferences"]["what_helps"] == "Music." and section["preferences"]["version"] == 2
    assert section["preferences"]["pathways"] == "medication,harm_reduction"
    assert [v["wording"]["what_helps"] for v in section["versions"]] == [WORDS["what_helps"], "Music."]


def test_a_recipient_gets_it_with_the_profile_whatever_area_is_shared() -> None:
    for area in (Area.PLAN, Area.CRISIS):
        assert "support_preferences" in {section.name for section in mydata.shared_sections({area})}


def test_the_fhir_export_has_a_valid_questionnaire_response(people: People) -> None:
    write_preferences(people.client)
    bundle = export_bundle(people.client, include_private=False)
    assert validate_bundle(bundle) == []
    form, response = ours(bundle)
    assert form["resourceType"] == "Questionnaire" and response["resourceType"] == "QuestionnaireResponse"
    assert response["questionnaire"] == f"{form['url']}|{form['version']}"
    answers = {item["linkId"]: item["answer"] for item in response["item"]}
    assert answers["what_helps"] == [{"valueString": WORDS["what_helps"]}]
    assert [a["valueCoding"]["code"] for a in answers["pathways"]] == ["medication", "harm_reduction"]
    assert answers["avoid_words"] == [{"valueString": "addict"}, {"valueString": "clean time"}]
    assert "people" in answers and response["meta"]["versionId"] == "1"


def test_nothing_written_adds_nothing(people: People) -> None:
    bundle = export_bundle(people.client, include_private=True)
    assert validate_bundle(bundle) == [] and ours(bundle) == []


def test_a_code_not_offered_fails_validation(people: People) -> None:
    write_preferences(people.client)
    bundle = export_bundle(people.client, include_private=True)
    response = ours(bundle)[1]
    next(i for i in response["item"] if i["linkId"] == "pathways")["answer"][0]["valueCoding"]["code"] = "cure"
    assert any("'cure' is not in" in problem for problem in validate_bundle(bundle))
    assert codes.PATHWAY_SYSTEM in str(validate_bundle(bundle))


def test_it_comes_back_through_an_import(people: People) -> None:
    write_preferences(people.client)
    write_preferences(people.client, people="Ana and Tom.")
    bundle = export_bundle(people.client, include_private=True)
    client = import_bundle(bundle, OrganisationFactory.create(name="Hillside").slug)
    imported = SupportPreferences.objects.get(client=client)
    assert imported.version == 2 and imported.people == "Ana and Tom."
    assert imported.pathways == "medication,harm_reduction" and imported.avoid_words == "addict\nclean time"
    assert SupportPreferencesVersion.objects.filter(client=client).count() == 1


def test_a_closed_accounts_preferences_are_purged(people: People) -> None:
    write_preferences(people.client)
    mydata.purge_everything(people.client)
    assert not SupportPreferences.objects.exists() and not SupportPreferencesVersion.objects.exists()
