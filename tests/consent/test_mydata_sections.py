"""Every app's part of "My data": the client gets everything; a consent recipient never sees private items."""

import json

import pytest
from django.utils import timezone

from alongside.consent.mydata import SECTIONS, everything_for, purge_everything
from alongside.feedback.models import Response
from alongside.meetings import actions as meeting_actions
from alongside.plans import actions as plan_actions
from alongside.plans.models import Goal, JournalEntry
from tests.conftest import People, confirmed, signed_in

from .factories import share

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(people: People) -> People:
    plan_actions.create_goal(people.client, {"text": "Swim on Sundays"}, by=people.client)
    plan_actions.create_goal(people.client, {"text": "Call my brother"}, by=people.client, is_private=True)
    plan_actions.write_journal_entry(people.client, "A hard day, kept to myself", is_private=True, by=people.client)
    visit = meeting_actions.record_meeting(
        people.client,
        supporter=people.supporter,
        held_at=timezone.now(),
        mode="phone",
        duration_minutes=20,
        by=people.supporter,
    )
    note = meeting_actions.write_note(visit, "We talked about the pool.", by=people.supporter)
    meeting_actions.publish_note(note, by=people.supporter)
    meeting_actions.write_note(visit, "Unshared draft about the pool.", by=people.supporter)
    return people


def test_every_app_contributes_a_section() -> None:
    assert {"account", "sharing", "access_log", "plans", "meetings", "check_ins"} <= set(SECTIONS)


def test_the_clients_own_download_holds_everything_including_private_items(record: People) -> None:
    text = json.dumps(everything_for(record.client))
    for expected in ("Swim on Sundays", "Call my brother", "A hard day, kept to myself", "We talked about the pool."):
        assert expected in text
    assert "Unshared draft" not in text  # a supporter's draft is not part of the record until it is shared


def test_a_recipients_download_leaves_out_private_items(record: People) -> None:
    share(record.client, record.supervisor, areas=["plan", "meetings"])
    response = confirmed(signed_in(record.supervisor)).get(f"/shared/{record.client.pk}/download/")
    text = response.content.decode()
    assert "Swim on Sundays" in text and "We talked about the pool." in text
    assert "Call my brother" not in text and "A hard day" not in text


def test_purging_removes_every_apps_rows(record: People) -> None:
    purge_everything(record.client)
    assert not Goal.objects.filter(client=record.client).exists()
    assert not JournalEntry.objects.filter(client=record.client).exists()
    assert not Response.objects.filter(client=record.client).exists()
    assert not record.client.meetings.exists()


def test_overview_wording_and_links_follow_what_was_shared(people: People) -> None:
    share(people.client, people.supervisor, areas=["plan"])
    page = signed_in(people.supervisor).get(f"/people/{people.client.pk}/").content.decode()
    assert "chose to share part of their record" in page and "You walk alongside" not in page
    assert "/plan/" in page and "/meetings/" not in page and "/check-ins/" not in page
    assert "You walk alongside" in signed_in(people.supporter).get(f"/people/{people.client.pk}/").content.decode()


def test_my_data_offers_the_fhir_record_too(people: People) -> None:
    page = signed_in(people.client).get("/me/data/").content.decode()
    assert "Download my record (FHIR)" in page and 'href="/me/record/fhir/"' in page
