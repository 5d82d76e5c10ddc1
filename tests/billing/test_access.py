"""The pages: who may write, sign, amend, co-sign and configure; refused writes change nothing."""

import pytest

from alongside.audit.models import AuditEntry
from alongside.billing import queries
from alongside.billing.models import Payer, RecordStatus, SessionAmendment, SessionRecord
from tests.conftest import People, main_content, signed_in

from .factories import a_meeting, goal_of, rules_for, signed_record

pytestmark = pytest.mark.django_db


def form_data(people: People, **changes: str) -> dict[str, str]:
    code = queries.individual_codes(people.organisation.pk).get(modifiers="")
    place = queries.places(people.organisation.pk).get(code="11")
    data = {
        "service_date": "",
        "start_time": "10:00",
        "end_time": "10:50",
        "contact_type": "in_person",
        "place_of_service": str(place.pk),
        "service_code": str(code.pk),
        "goals": str(goal_of(people).pk),
        "what_was_done": "Practised the phone call.",
        "response": "Engaged.",
        "next_step": "Make the call.",
        "credential": "CPRS",
    }
    return data | changes


def test_a_missing_field_is_refused_clearly_and_nothing_is_lost(people: People) -> None:
    rules_for(people)
    meeting = a_meeting(people)
    url = f"/people/{people.client.pk}/meetings/{meeting.pk}/record/"
    date = meeting.held_at.date().isoformat()
    response = signed_in(people.supporter).post(url, form_data(people, service_date=date, next_step="", sign="1"))
    assert response.status_code == 400
    page = main_content(response)
    assert "The record is not signed yet." in page and "Please write the next step." in page
    assert "Practised the phone call." in page
    record = SessionRecord.objects.get(meeting=meeting)
    assert record.status == RecordStatus.DRAFT and record.what_was_done == "Practised the phone call."
    # Fixed and signed from the same form (it carries the draft's version now).
    response = signed_in(people.supporter).post(
        url, form_data(people, service_date=date, version=str(record.version), sign="1")
    )
    assert response.status_code == 302
    assert SessionRecord.objects.get(pk=record.pk).status == RecordStatus.SIGNED


def test_only_the_assigned_supporter_documents_and_refusals_change_nothing(people: People) -> None:
    rules_for(people)
    meeting = a_meeting(people)
    url = f"/people/{people.client.pk}/meetings/{meeting.pk}/record/"
    for someone in (people.unassigned_supporter, people.supervisor, people.admin, people.outsider_supporter):
        assert signed_in(someone).post(url, form_data(people, save="1")).status_code == 404
    assert signed_in(people.client).post(url, form_data(people, save="1")).status_code == 404
    assert not SessionRecord.objects.exists()


def test_a_draft_is_its_authors_alone(people: People) -> None:
    rules_for(people)
    meeting = a_meeting(people)
    url = f"/people/{people.client.pk}/meetings/{meeting.pk}/record/"
    signed_in(people.supporter).post(url, form_data(people, save="1"))
    assert SessionRecord.objects.get().status == RecordStatus.DRAFT
    assert signed_in(people.client).get(url).status_code == 404


def test_a_save_from_a_tab_opened_before_signing_keeps_what_was_typed(people: People) -> None:
    """Signed in one tab, saved from another: the second save is told the record is locked, and its words stay."""
    rules_for(people)
    record = signed_record(people)
    url = f"/people/{people.client.pk}/meetings/{record.meeting_id}/record/"
    response = signed_in(people.supporter).post(url, form_data(people, what_was_done="Typed in the old tab.", save="1"))
    page = main_content(response)
    assert response.status_code == 400
    assert "signed after you opened this page" in page and "Typed in the old tab." in page
    assert SessionRecord.objects.get(pk=record.pk).what_was_done != "Typed in the old tab."


def test_amending_through_the_page(people: People) -> None:
    rules_for(people)
    record = signed_record(people)
    url = f"/people/{people.client.pk}/session-records/{record.pk}/amend/"
    date = record.service_date.isoformat() if record.service_date else ""
    data = form_data(people, service_date=date, next_step="Call on Monday.", version="1")
    assert signed_in(people.client).post(url, data | {"reason": "x"}).status_code == 404
    response = signed_in(people.supporter).post(url, data | {"reason": ""})
    assert response.status_code == 400 and "Please give the reason for the amendment." in main_content(response)
    response = signed_in(people.supporter).post(url, data | {"reason": "Wrong next step."})
    assert response.status_code == 302
    assert SessionAmendment.objects.get(record=record).reason == "Wrong next step."
    page = main_content(
        signed_in(people.client).get(f"/people/{people.client.pk}/meetings/{record.meeting_id}/record/")
    )
    assert "Wrong next step." in page and "Call on Monday." in page


def test_the_supervisor_queue_cosign_and_return(people: People) -> None:
    rules_for(people, cosign=True)
    first, second = signed_record(people), signed_record(people, a_meeting(people, minutes=30))
    supervisor = signed_in(people.supervisor)
    page = main_content(supervisor.get("/co-signatures/"))
    assert f"/co-signatures/{first.pk}/" in page and f"/co-signatures/{second.pk}/" in page
    supervisor.get(f"/co-signatures/{first.pk}/")
    assert AuditEntry.objects.filter(action="read.session_record", target=f"session_record:{first.pk}").exists()
    assert supervisor.post(f"/co-signatures/{first.pk}/", {"cosign": "1"}).status_code == 302
    response = supervisor.post(f"/co-signatures/{second.pk}/", {"return": "1", "comment": ""})
    assert response.status_code == 400 and "Please write what needs to change" in main_content(response)
    supervisor.post(f"/co-signatures/{second.pk}/", {"return": "1", "comment": "Name the goal."})
    assert SessionRecord.objects.get(pk=first.pk).status == RecordStatus.SIGNED
    assert SessionRecord.objects.get(pk=second.pk).status == RecordStatus.RETURNED
    page = main_content(
        signed_in(people.supporter).get(f"/people/{people.client.pk}/meetings/{second.meeting_id}/record/")
    )
    assert "Returned by a supervisor" in page and "Name the goal." in page
    assert signed_in(people.admin).post(f"/co-signatures/{first.pk}/", {"cosign": "1"}).status_code == 404


def test_admins_configure_payer_rules(people: People) -> None:
    admin = signed_in(people.admin)
    admin.post("/organisation/billing/", {"defaults": "1"})
    payer = Payer.objects.get(organisation=people.organisation)
    response = admin.post(
        f"/organisation/billing/payer/{payer.pk}/",
        {
            "name": "Medicaid",
            "unit_minutes": "15",
            "rounding": "whole_units",
            "daily_unit_limit": "24",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    payer.refresh_from_db()
    assert payer.daily_unit_limit == 24 and payer.rounding == "whole_units"
    response = admin.post(
        "/organisation/billing/code/new/", {"payer": payer.pk, "code": "h0038", "modifiers": "HQX", "description": "x"}
    )
    assert response.status_code == 400 and "two-character codes" in main_content(response)
    admin.post("/organisation/billing/", {"roles_form": "1", "roles": ["supporter"]})
    assert AuditEntry.objects.filter(action="billing.settings.change").count() == 3
    for someone in (people.supervisor, people.supporter, people.client):
        assert signed_in(someone).post(f"/organisation/billing/payer/{payer.pk}/", {"name": "X"}).status_code == 404
    assert Payer.objects.get(pk=payer.pk).name == "Medicaid"
