"""Every URL of "How I want to be supported" by every actor: the client owner, their assigned supporter, an
unassigned supporter, a supervisor, an admin and an outsider (another organisation). The page is part of the
profile: the assigned supporter reads it by the assignment, anyone else of the organisation only when the
client shares (part of) their record with them, as for the profile. Refusals are 404; every read is audited."""

from __future__ import annotations

from datetime import time

import pytest

from alongside.audit.models import AuditEntry
from alongside.consent.models import RecipientKind
from alongside.notifications.actions import save_preferences as save_notifications
from alongside.support.models import SupportPreferences
from tests.conftest import ACTORS, People, main_content, signed_in
from tests.consent.factories import share
from tests.meetings.factories import meeting

from .factories import WORDS, write_preferences

pytestmark = pytest.mark.django_db

OWN_PAGES = ("/me/how-i-want-to-be-supported/", "/me/how-i-want-to-be-supported/edit/")


@pytest.fixture
def written(people: People) -> None:
    write_preferences(people.client)


@pytest.mark.parametrize("name", ACTORS)
def test_the_clients_own_pages_are_theirs_alone(people: People, written: None, name: str) -> None:
    browser = signed_in(people.actor(name))
    for url in (*OWN_PAGES, "/me/how-i-want-to-be-supported/history/"):
        response = browser.get(url)
        assert response.status_code == (200 if name == "owner" else 404), (name, url)
        assert (WORDS["what_helps"] in main_content(response)) is (name == "owner")
    posted = browser.post(OWN_PAGES[1], WORDS | {"what_helps": "Taken over", "version": 1})
    assert posted.status_code == (302 if name == "owner" else 404)
    expected = "Taken over" if name == "owner" else WORDS["what_helps"]
    assert SupportPreferences.objects.get(client=people.client).what_helps == expected


READS_WITHOUT_CONSENT = {"owner", "supporter"}


@pytest.mark.parametrize("name", ACTORS)
def test_the_supporters_view_opens_for_the_client_and_their_supporter_only(
    people: People, written: None, name: str
) -> None:
    response = signed_in(people.actor(name)).get(f"/people/{people.client.pk}/how-they-want-to-be-supported/")
    allowed = name in READS_WITHOUT_CONSENT
    assert response.status_code == (200 if allowed else 404)
    assert (WORDS["what_helps"] in main_content(response)) is allowed


@pytest.mark.parametrize("name", ["unassigned", "supervisor", "admin"])
def test_sharing_any_part_of_the_record_shares_it_as_the_profile_is_shared(
    people: People, written: None, name: str
) -> None:
    reader = people.actor(name)
    kind = RecipientKind.SUPERVISORS if name == "supervisor" else RecipientKind.PERSON
    consent = share(people.client, None if name == "supervisor" else reader, areas=["meetings"], kind=kind)
    response = signed_in(reader).get(f"/people/{people.client.pk}/how-they-want-to-be-supported/")
    assert response.status_code == 200 and WORDS["what_helps"] in main_content(response)
    entry = AuditEntry.objects.filter(action="read.profile").latest("seq")
    assert entry.actor_id == reader.user_id and entry.detail == {"basis": "consent", "consent": consent.pk}


def test_reads_are_audited_with_their_basis(people: People, written: None) -> None:
    signed_in(people.client).get("/me/how-i-want-to-be-supported/")
    signed_in(people.supporter).get(f"/people/{people.client.pk}/how-they-want-to-be-supported/")
    reads = AuditEntry.objects.filter(action="read.profile", client=people.client).order_by("seq")
    assert [(e.actor_id, e.detail) for e in reads] == [
        (people.client.user_id, {"basis": "self"}),
        (people.supporter.user_id, {"basis": "assigned"}),
    ]


def test_the_supporter_sees_the_summary_at_the_top_of_the_record(people: People, written: None) -> None:
    page = main_content(signed_in(people.supporter).get(f"/people/{people.client.pk}/"))
    assert "How Casey Client wants to be supported" in page
    assert page.index(WORDS["what_helps"]) < page.index("Meetings and notes")
    assert "addict" in page and "Text message, In person" in page
    assert WORDS["pathway_words"] not in page  # the whole page has it; the summary keeps to the essentials


def test_the_summary_is_shown_before_a_meeting_and_its_read_is_audited(people: People, written: None) -> None:
    browser = signed_in(people.supporter)
    before = AuditEntry.objects.filter(action="read.profile").count()
    assert WORDS["what_helps"] in main_content(browser.get(f"/people/{people.client.pk}/meetings/new/"))
    detail = browser.get(f"/people/{people.client.pk}/meetings/{meeting(people).pk}/")
    assert WORDS["what_helps"] in main_content(detail)
    assert AuditEntry.objects.filter(action="read.profile", actor=people.supporter.user).count() == before + 2


def test_the_client_does_not_see_their_own_summary_on_a_meeting(people: People, written: None) -> None:
    page = main_content(signed_in(people.client).get(f"/people/{people.client.pk}/meetings/{meeting(people).pk}/"))
    assert WORDS["what_helps"] not in page


def test_nothing_written_shows_no_summary(people: People) -> None:
    page = main_content(signed_in(people.supporter).get(f"/people/{people.client.pk}/"))
    assert "support-glance" not in page
    assert signed_in(people.client).get("/me/how-i-want-to-be-supported/history/").status_code == 200


def test_a_stale_save_keeps_the_words_and_shows_how_it_reads_now(people: People, written: None) -> None:
    write_preferences(people.client, people="Ana and Tom.")
    response = signed_in(people.client).post(OWN_PAGES[1], WORDS | {"people": "Only Tom.", "version": 1})
    page = response.content.decode()
    assert "saved from another window" in page and "Only Tom." in page and "Ana and Tom." in page


def test_the_summary_shows_the_quiet_hours_from_the_notification_choices(people: People, written: None) -> None:
    choices = {"kinds": [], "frequency": "daily", "channels": ["email"], "time_zone": ""}
    save_notifications(people.client, choices | {"quiet_from": time(21), "quiet_until": time(8)}, by=people.client)
    page = main_content(signed_in(people.supporter).get(f"/people/{people.client.pk}/"))
    assert "Quiet hours (from their notification choices)" in page and "21:00 to 08:00" in page
    whole = main_content(signed_in(people.supporter).get(f"/people/{people.client.pk}/how-they-want-to-be-supported/"))
    assert "nothing is sent between 21:00 and 08:00" in whole and "by email, once a day" in whole
