"""A documented meeting's Encounter in the FHIR export: service code, the record's times, who performed it and
the goals it served; valid, and the query count stays fixed."""

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries

from alongside.billing.models import Payer
from alongside.interop import codes
from alongside.interop.actions import export_record
from alongside.interop.export import export_bundle
from alongside.interop.validation import validate_bundle
from tests.conftest import People
from tests.interop.test_query_counts import EXPORT_QUERIES

from .factories import a_meeting, goal_of, rules_for, signed_record

pytestmark = pytest.mark.django_db


def encounters(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["resource"]["id"]: e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Encounter"}


def test_a_documented_meeting_is_a_valid_encounter_with_its_service(people: People) -> None:
    rules_for(people)
    record = signed_record(people)
    undocumented = a_meeting(people, minutes=30)
    bundle = export_bundle(people.client, include_private=False)
    assert validate_bundle(bundle) == []
    found = encounters(bundle)
    encounter = found[f"encounter-{record.meeting_id}"]
    assert encounter["serviceType"]["coding"][0] == {
        "system": codes.HCPCS,
        "code": "H0038",
        "display": "Peer support, individual",
    }
    assert encounter["participant"][0]["type"][0]["coding"][0]["code"] == "PPRF"
    assert encounter["participant"][0]["individual"] == {
        "reference": f"Practitioner/practitioner-{people.supporter.user_id}"
    }
    assert encounter["length"]["value"] == 50
    goal_refs = [ext["valueReference"]["reference"] for ext in encounter["extension"]]
    assert goal_refs == [f"Goal/goal-{goal_of(people).pk}"]
    assert "serviceType" not in found[f"encounter-{undocumented.pk}"]


def test_a_record_past_midnight_ends_the_next_day(people: People) -> None:
    rules_for(people)
    meeting = a_meeting(people, minutes=90)
    record = signed_record(people, meeting, start_time=time(23, 15), end_time=time(0, 45))
    encounter = encounters(export_bundle(people.client, include_private=False))[f"encounter-{record.meeting_id}"]
    start = datetime.fromisoformat(encounter["period"]["start"])
    assert datetime.fromisoformat(encounter["period"]["end"]) - start == timedelta(minutes=90)
    assert encounter["length"]["value"] == 90 and record.units == 6


def test_drafts_are_not_exported(people: People) -> None:
    rules_for(people)
    from alongside.billing import actions

    from .factories import complete_values

    meeting = a_meeting(people)
    actions.save_record(meeting, complete_values(people, meeting), goals=[], by=people.supporter, expected_version=None)
    assert (
        "serviceType" not in encounters(export_bundle(people.client, include_private=False))[f"encounter-{meeting.pk}"]
    )


@pytest.mark.parametrize("size", [1, 4])
def test_the_export_query_count_does_not_grow_with_records(
    people: People, django_assert_max_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    rules_for(people)
    Payer.objects.update(daily_unit_limit=None)
    for _ in range(size):
        signed_record(people)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        export_record(people.client, by=people.client, purpose="own-copy")


def test_group_attendance_is_a_valid_encounter_with_its_record(people: People) -> None:
    from alongside.groups import actions as group_actions

    from .factories import a_group_session, attended, signed_group_record

    rules_for(people)
    documented = signed_group_record(people)
    session = a_group_session(people, days_ago=3)
    undocumented = attended(people, session)
    attended(people, session, people.other_client)
    absent = attended(people, a_group_session(people, days_ago=4), status="absent")
    noted = attended(people, a_group_session(people, days_ago=5))
    group_actions.write_individual_note(noted, "Stayed for tea.", by=people.supporter)
    noted.refresh_from_db()
    bundle = export_bundle(people.client, include_private=False)
    assert validate_bundle(bundle) == []
    found = encounters(bundle)
    encounter = found[f"encounter-attendance-{documented.attendance_id}"]
    assert encounter["class"] == {"system": codes.ACT_CODE, "code": "AMB"}
    assert encounter["type"][0]["coding"][0]["code"] == "group"
    assert encounter["serviceType"]["text"] == "H0038 HQ"
    assert encounter["serviceType"]["coding"][0]["display"] == "Peer support, group"
    assert encounter["length"]["value"] == 90
    assert encounter["participant"][0]["individual"] == {
        "reference": f"Practitioner/practitioner-{people.supporter.user_id}"
    }
    assert [ext["valueReference"]["reference"] for ext in encounter["extension"]] == [f"Goal/goal-{goal_of(people).pk}"]
    plain = found[f"encounter-attendance-{undocumented.pk}"]
    assert "serviceType" not in plain and "participant" not in plain
    assert f"encounter-attendance-{absent.pk}" not in found
    assert f"encounter-attendance-{noted.pk}" not in found  # its meeting's Encounter stands for it
    assert found[f"encounter-{noted.meeting_id}"]["type"][0]["coding"][0]["code"] == "group"
    assert people.other_client.user.display_name not in str(bundle)


def test_a_bundle_with_group_attendance_imports(people: People) -> None:
    import json

    from alongside.interop.importer import import_bundle
    from tests.factories import OrganisationFactory

    from .factories import signed_group_record

    rules_for(people)
    signed_group_record(people)
    bundle = export_bundle(people.client, include_private=False)
    OrganisationFactory.create(slug="new-home")
    imported = import_bundle(json.loads(json.dumps(bundle)), "new-home")
    assert imported.organisation.slug == "new-home"
