"""Every worklist URL by every actor: only the assigned supporter sets a signal aside, only an admin changes
the settings; everyone else gets 404 and the database is unchanged."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.worklist.models import Dismissal, WorklistSettings
from alongside.worklist.signals import Kind
from tests.conftest import ACTORS, People, main_content, signed_in
from tests.meetings.factories import meeting

from .factories import current

pytestmark = pytest.mark.django_db

REASON = "Spoke on the phone; they are away this month."


def no_contact(people: People) -> tuple[str, str]:
    """The set-aside page's address for a "no recent meeting" signal, and the signal's fact."""
    meeting(people, held_at=timezone.now() - timedelta(days=30))
    [signal] = current(people.client, Kind.NO_CONTACT)
    query = urlencode({"kind": signal.kind.value, "fact": signal.fact})
    return f"/people/{people.client.pk}/signals/set-aside/?{query}", signal.fact


@pytest.mark.parametrize("name", ACTORS)
def test_setting_a_signal_aside_by_every_actor(people: People, name: str) -> None:
    url, fact = no_contact(people)
    browser = signed_in(people.actor(name))
    shown = browser.get(url)
    sent = browser.post(url.split("?")[0], {"kind": "no-contact", "fact": fact, "reason": REASON})
    if name == "supporter":
        assert shown.status_code == 200 and "No meeting recorded for 30 days" in main_content(shown)
        assert sent.status_code == 302
        dismissal = Dismissal.objects.get()
        assert (dismissal.dismissed_by, dismissal.reason, dismissal.fact) == (people.supporter, REASON, fact)
        entry = AuditEntry.objects.get(action="signal.dismiss")
        assert (entry.client_id, entry.actor_id, entry.detail["kind"]) == (
            people.client.pk,
            people.supporter.user_id,
            "no-contact",
        )
        assert current(people.client, Kind.NO_CONTACT) == []
    else:
        assert (shown.status_code, sent.status_code) == (404, 404)
        assert people.client.user.display_name not in main_content(shown)
        assert not Dismissal.objects.exists()


def test_a_reason_is_required_and_a_stale_signal_cannot_be_set_aside(people: People) -> None:
    url, fact = no_contact(people)
    browser = signed_in(people.supporter)
    post_url = url.split("?")[0]
    refused = browser.post(post_url, {"kind": "no-contact", "fact": fact, "reason": "  "})
    assert refused.status_code == 200 and "Please say why" in main_content(refused)
    stale = browser.post(post_url, {"kind": "no-contact", "fact": "meeting:none", "reason": REASON})
    assert "no longer on your worklist" in main_content(stale)
    assert browser.get(post_url + "?kind=no-such-kind").status_code == 404
    assert not Dismissal.objects.exists()


@pytest.mark.parametrize("name", ACTORS)
def test_the_worklist_settings_by_every_actor(people: People, name: str) -> None:
    browser = signed_in(people.actor(name))
    shown = browser.get("/organisation/worklist/")
    sent = browser.post("/organisation/worklist/", {"no_contact_days": 14, "checkin_overdue_days": 5})
    if name == "admin":
        assert shown.status_code == 200 and 'value="21"' in main_content(shown)
        assert sent.status_code == 302
        settings = WorklistSettings.for_organisation(people.organisation.pk)
        assert (settings.no_contact_days, settings.checkin_overdue_days) == (14, 5)
        assert AuditEntry.objects.filter(action="worklist.settings.change", actor=people.admin.user).count() == 1
    else:
        assert (shown.status_code, sent.status_code) == (404, 404)
        assert not WorklistSettings.objects.exists()


def test_the_settings_refuse_numbers_out_of_range(people: People) -> None:
    sent = signed_in(people.admin).post("/organisation/worklist/", {"no_contact_days": 0, "checkin_overdue_days": 400})
    assert sent.status_code == 200
    assert not WorklistSettings.objects.exists()
