"""Importing a Bundle into a new organisation: the round trip loses nothing; bad input creates nothing."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alongside.accounts.models import Membership, Role
from alongside.audit.models import AuditEntry
from alongside.consent.models import Consent
from alongside.interop.export import export_bundle
from alongside.interop.importer import ImportProblem, import_bundle
from alongside.plans.models import Goal, Revision, Step, Suggestion
from tests.conftest import People
from tests.consent.factories import share
from tests.factories import OrganisationFactory

from .factories import rich_record

pytestmark = pytest.mark.django_db
LOCAL_ID = re.compile(
    r"\b(goal-suggestion|provenance-revision|provenance-perspective|patient|practitioner|goal|step|careplan"
    r"|encounter|note|perspective|journal|message|response|observation|questionnaire|consent|organization)-(\d+)\b"
)


def comparable(bundle: dict[str, Any]) -> str:
    """The Bundle without what belongs to one organisation: ids renumbered in order, no audit trail."""
    entries = [
        copy.deepcopy(entry["resource"])
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] not in ("AuditEvent", "Organization")
    ]
    for resource in entries:
        if resource["resourceType"] == "Patient":
            del resource["identifier"], resource["managingOrganization"]
    text = json.dumps(entries, indent=1, sort_keys=True)
    numbers: dict[str, dict[str, int]] = {}

    def renumber(match: re.Match[str]) -> str:
        kind = numbers.setdefault(match[1], {})
        return f"{match[1]}-#{kind.setdefault(match[2], len(kind) + 1)}"

    return LOCAL_ID.sub(renumber, text)


@pytest.mark.parametrize("include_private", [True, False])
def test_a_rich_record_round_trips_into_a_new_organisation(people: People, include_private: bool) -> None:
    rich_record(people)
    first = export_bundle(people.client, include_private=include_private)
    new_home = OrganisationFactory.create(slug="new-home")
    imported = import_bundle(json.loads(json.dumps(first)), "new-home")
    assert imported.organisation == new_home and imported.role == Role.CLIENT and imported.user == people.client.user
    again = export_bundle(
        Membership.objects.select_related("user", "organisation").get(pk=imported.pk), include_private=include_private
    )
    assert comparable(again) == comparable(first)
    assert (
        Revision.objects.filter(goal__client=imported).count()
        == Revision.objects.filter(
            goal__client=people.client, **({} if include_private else {"goal__is_private": False})
        ).count()
    )
    supporters = Membership.objects.filter(organisation=new_home, role=Role.SUPPORTER)
    assert supporters.count() == 2 and not supporters.filter(is_active=True).exists()  # the supporter, the supervisor
    assert Consent.objects.filter(organisation=new_home, client=imported).count() == 2
    assert AuditEntry.objects.filter(organisation=new_home, action="interop.fhir.import", client=imported).exists()


def test_the_command_exports_and_imports(people: People, tmp_path: Path) -> None:
    rich_record(people)
    OrganisationFactory.create(slug="new-home")
    path = tmp_path / "record.json"
    with pytest.raises(CommandError, match="has not consented to share their whole record"):
        call_command("fhir", "export", str(people.client.pk), "--output", str(path))
    share(people.client, kind="outside", areas=["plan", "meetings", "checkins", "crisis", "messages"])
    call_command("fhir", "export", str(people.client.pk), "--output", str(path))
    call_command("fhir", "import", str(path), "--org", "new-home")
    assert (
        Goal.objects.filter(organisation__slug="new-home").count()
        == Goal.objects.filter(client=people.client, is_private=False).count()
    )


@pytest.fixture
def bundle(people: People) -> dict[str, Any]:
    rich_record(people)
    OrganisationFactory.create(slug="new-home")
    return export_bundle(people.client, include_private=True)


def nothing_created() -> bool:
    return not (
        Membership.objects.filter(organisation__slug="new-home").exists()
        or Goal.objects.filter(organisation__slug="new-home").exists()
        or Step.objects.filter(organisation__slug="new-home").exists()
        or Suggestion.objects.filter(organisation__slug="new-home").exists()
        or Consent.objects.filter(organisation__slug="new-home").exists()
    )


def problems_of(document: Any, slug: str = "new-home") -> list[str]:
    with pytest.raises(ImportProblem) as refusal:
        import_bundle(document, slug)
    assert nothing_created()
    return refusal.value.problems


def test_an_unknown_organisation_is_named(bundle: dict[str, Any]) -> None:
    assert problems_of(bundle, "nowhere")[0].startswith("There is no organisation 'nowhere'.")


def test_a_wrong_resource_type(bundle: dict[str, Any]) -> None:
    assert problems_of({"resourceType": "Patient"}) == ["Expected a FHIR Bundle, but this is a Patient."]


def test_unknown_codes_and_dangling_references_are_all_named(bundle: dict[str, Any]) -> None:
    goal = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal")
    goal["lifecycleStatus"] = "finished"
    goal["subject"] = {"reference": "Patient/nobody"}
    problems = problems_of(bundle)
    assert any("'finished' is not one of the allowed codes" in p for p in problems)
    assert any("Patient/nobody, which is not in the Bundle" in p for p in problems)


def test_an_invalid_resource_is_named(bundle: dict[str, Any]) -> None:
    next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Encounter")["colour"] = "red"
    assert any("Encounter/" in p and "colour" in p for p in problems_of(bundle))


def test_a_client_already_in_the_organisation_is_refused_whole(people: People, bundle: dict[str, Any]) -> None:
    import_bundle(copy.deepcopy(bundle), "new-home")
    before = Goal.objects.count()
    with pytest.raises(ImportProblem, match="already belongs to"):
        import_bundle(bundle, "new-home")
    assert Goal.objects.count() == before


def test_the_command_explains_bad_files(people: People, tmp_path: Path) -> None:
    OrganisationFactory.create(slug="new-home")
    path = tmp_path / "record.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="Nothing was imported:\n- This file is not JSON"):
        call_command("fhir", "import", str(path), "--org", "new-home")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("fhir", "import", str(tmp_path / "missing.json"), "--org", "new-home")
    with pytest.raises(CommandError, match="no client with id 999999"):
        call_command("fhir", "export", "999999")
    assert nothing_created()
