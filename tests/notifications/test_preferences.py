"""The Notifications page: every person reaches their own, chooses only what their role can be told of,
and is told plainly what is wrong with a choice."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client

from alongside.audit.models import AuditEntry
from alongside.notifications.kinds import Kind
from alongside.notifications.models import Frequency, Preference
from tests.conftest import ACTORS, People, main_content, signed_in

pytestmark = pytest.mark.django_db
URL = "/account/notifications/"
GOOD = {
    "kinds": [Kind.SUGGESTION, Kind.SHARED_NOTE],
    "frequency": Frequency.DAILY,
    "channels": ["email"],
    "quiet_from": "22:00",
    "quiet_until": "07:30",
    "time_zone": "Europe/London",
}


@pytest.mark.parametrize("name", ACTORS)
def test_every_role_reaches_its_own_page_from_every_page(people: People, name: str) -> None:
    member = people.actor(name)
    page = signed_in(member).get("/me/" if name == "owner" else URL)
    assert f'href="{URL}"' in page.content.decode()
    response = signed_in(member).get(URL)
    assert response.status_code == 200
    main = main_content(response)
    assert people.client.user.display_name not in main
    if name == "owner":
        assert "Something new in my plan (a suggestion)" in main and "asks for ideas" not in main
    elif name in ("supporter", "unassigned", "outsider"):
        assert "asks for ideas" in main and "Something new in my plan" not in main
    elif name == "supervisor":
        assert "A session record waits for a supervisor&#x27;s co-signature" in main and "asks for ideas" not in main
    else:
        assert "does not send notifications to people in your role yet" in main and "<form" not in main


def test_anonymous_people_are_sent_to_sign_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_the_client_saves_their_choices_and_it_is_audited(people: People) -> None:
    browser = signed_in(people.client)
    before = browser.get(URL).content.decode()
    assert before.count(" checked>") == 7  # never chosen: all five kinds, straight away, by email
    response = browser.post(URL, GOOD)
    assert response.status_code == 302 and response["Location"] == URL
    saved = Preference.objects.get(member=people.client)
    assert (saved.kinds, saved.frequency, saved.channels) == (["shared_note", "suggestion"], "daily", ["email"])
    assert (saved.quiet_from, saved.quiet_until, saved.time_zone) == (time(22), time(7, 30), "Europe/London")
    entry = AuditEntry.objects.get(action="notification.preferences")
    assert entry.actor == people.client.user and "Europe" not in str(entry.detail)
    page = browser.get(URL).content.decode()
    assert "Your choices are saved." in page and 'value="22:00"' in page


def test_unticking_everything_means_no_notifications(people: People) -> None:
    response = signed_in(people.client).post(URL, {"frequency": Frequency.IMMEDIATELY})
    assert response.status_code == 302
    assert Preference.objects.get(member=people.client).kinds == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quiet_until": ""}, "Please give both times of your quiet hours, or leave both empty."),
        ({"quiet_until": "22:00"}, "start and end at the same time"),
        ({"quiet_from": "25:00"}, "Please give a time on the 24-hour clock, like 22:00 or 07:30."),
        ({"quiet_from": "ten at night"}, "Please give a time on the 24-hour clock"),
        ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice"),
        ({"channels": []}, "Please choose how to tell you, or untick everything"),
        ({"frequency": "hourly"}, "Select a valid choice"),
        ({"kinds": ["ideas_request"]}, "Select a valid choice"),  # a supporter's kind, not a client's
    ],
)
def test_bad_choices_are_explained_and_nothing_is_saved(people: People, change: dict, message: str) -> None:
    response = signed_in(people.client).post(URL, GOOD | change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was saved yet" in response.content.decode() or "Please" in response.content.decode()
    assert not Preference.objects.exists() and not AuditEntry.objects.filter(action="notification.preferences")


def test_an_admin_cannot_post_choices_either(people: People) -> None:
    assert signed_in(people.admin).post(URL, GOOD).status_code == 200
    assert not Preference.objects.exists()


def test_a_supervisor_chooses_only_among_a_supervisors_kinds(people: People) -> None:
    data = GOOD | {"kinds": ["cosign_waiting", "suggestion"]}
    assert signed_in(people.supervisor).post(URL, data).status_code == 400  # a client's kind is not offered
    assert not Preference.objects.exists()
    assert signed_in(people.supervisor).post(URL, GOOD | {"kinds": ["cosign_waiting"]}).status_code == 302
    assert Preference.objects.get(member=people.supervisor).kinds == ["cosign_waiting"]
