"""A readable copy of my record (/me/data/readable/): every app's section in plain words, for the client only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.audit.models import AuditEntry
from alongside.consent import mydata
from alongside.consent.models import RecipientKind
from alongside.consent.templatetags.readable import written_date, written_time
from alongside.conversations.actions import send
from alongside.plans import actions as plans
from alongside.worklist.models import Dismissal
from tests.conftest import People, confirmed, main_content, signed_in
from tests.crisis.factories import write_plan
from tests.feedback.factories import answered_items, questionnaire
from tests.interop.factories import bulk_record, rich_record
from tests.support.factories import write_preferences

from .factories import open_in_emergency, share

pytestmark = pytest.mark.django_db
URL = "/me/data/readable/"


def page_of(people: People) -> str:
    return main_content(confirmed(signed_in(people.client)).get(URL))


def test_it_asks_for_the_password_first_like_the_downloads(people: People) -> None:
    browser = signed_in(people.client)
    assert browser.get(URL)["Location"].startswith("/account/confirm-password/")
    assert confirmed(browser).get(URL).status_code == 200


def test_every_section_reads_in_plain_words_for_the_owner(people: People) -> None:
    rich_record(people)
    write_plan(people.client)
    write_preferences(people.client)
    open_in_emergency(people.supervisor, people.client)
    page = page_of(people)
    assert f"Your record at {people.organisation.name}, as of " in page
    for heading in (
        "Who you are",
        "Your plan and journal",
        "Your meetings and shared notes",
        "Your check-ins",
        "How you want to be supported",
        "Your crisis plan",
        "Your messages",
        "Who you share your record with",
        "Who has looked at your record",
    ):
        assert heading in page, heading
    # Who they are, and their organisation
    assert "Casey Client" in page and "Sam Supporter" in page and people.organisation.name in page
    # The plan in their words, who wrote each part, milestones-style statuses in words; the journal is theirs
    assert "Walk by the river twice a week" in page and "Written by Casey Client" in page
    assert "Find my old trainers (done)" in page and "Working on it".lower() in page
    assert "Talk to my sister about Dad" in page and "Only you can see this goal" in page
    assert "A hard day, but I went out." in page and "only for you" in page
    assert "Join a choir" in page and "Declined" in page
    # Meetings, the shared note and their own view; the supporter's draft is not theirs yet
    assert "We planned the walks." in page and "I also said I was nervous." in page
    assert "A draft nobody else sees." not in page
    # Check-ins: the total explained, their own words (each answer in words: the test below)
    assert ">30 of 40</td>" in page and "More time please" in page
    # How they want to be supported, the crisis plan
    assert "Walking while we talk; being asked first." in page and "Text message" in page
    assert "A walk by the river; my sister on the phone." in page
    # Messages as they read now, withdrawn shown as withdrawn
    assert "See you Friday at eleven." in page and "Thank you, see you then." in page
    assert "You withdrew this message" in page
    # Consents, the emergency opening and the access log in words
    assert "So they can help me plan my move." in page and "You stopped sharing on" in page
    assert "Opened in an emergency" in page and "opened your record in an emergency" in page


def test_check_in_answers_and_scores_read_in_words(people: People) -> None:
    form = questionnaire("session-checkin")
    answered_items(people.client, form, [[10, 9, 8, 9], [10, 3, 4, 5]])
    page = page_of(people)
    assert "<h3>Session check-in</h3>" in page
    assert "the total is out of 40; higher is better. The cut-off is 36." in page
    assert ">36 of 40</td>" in page and ">On the better side of the cut-off</td>" in page
    assert ">22 of 40</td>" in page and ">On the harder side of the cut-off; since the one before (36): " in page
    assert "Your latest answers, one by one" in page and "I felt heard and respected." in page
    assert ">10 out of 10: Completely</td>" in page and ">3 out of 10</td>" in page


def test_an_empty_record_says_nothing_is_here_yet(people: People) -> None:
    page = page_of(people)
    assert "Who you are" in page and "Casey Client" in page
    assert page.count("Nothing here yet.") >= 8
    assert "You have not shared your record with anyone." in page


def test_dates_are_written_out() -> None:
    assert written_date("2026-11-30") == "30 November 2026"
    assert written_time("2026-11-30T14:05:00+00:00").startswith("30 November 2026 at ")
    assert written_date(None) == "" and written_date("not a date") == ""


def test_nothing_private_to_staff_or_about_other_people_appears(people: People) -> None:
    rich_record(people)
    Dismissal.objects.create(
        organisation=people.organisation,
        client=people.client,
        kind="no-contact",
        fact="2026-01-01",
        dismissed_by=people.supporter,
        reason="On holiday, back in May.",
    )
    share(people.other_client, people.supervisor)
    send(people.other_client, "Words for someone else.", by=people.other_client)
    plans.create_goal(people.other_client, {"text": "Someone else's goal"}, by=people.other_client)
    plans.write_journal_entry(people.other_client, "Someone else's journal.", is_private=False, by=people.other_client)
    page = page_of(people)
    assert "A draft nobody else sees." not in page
    assert people.other_client.user.display_name not in page
    assert "Words for someone else." not in page
    assert "Someone else's goal" not in page and "Someone else&#x27;s goal" not in page
    assert "Someone else&#x27;s journal." not in page
    assert "On holiday, back in May." in page  # set aside about them, with the reason: theirs to read


def test_one_audit_entry_for_the_whole_record(people: People) -> None:
    rich_record(people)
    browser = confirmed(signed_in(people.client))
    before = AuditEntry.objects.count()
    browser.get(URL)
    entries = list(AuditEntry.objects.order_by("seq"))[before:]
    assert [(entry.action, entry.client_id) for entry in entries] == [("read.record", people.client.pk)]


def test_staff_are_refused_even_with_the_password_confirmed(people: People) -> None:
    share(people.client, people.supervisor)
    for staff in (people.supporter, people.supervisor, people.admin, people.unassigned_supporter):
        response = confirmed(signed_in(staff)).get(URL)
        assert response.status_code == 404
        assert "Casey Client" not in main_content(response)


def test_my_data_links_to_it(people: People) -> None:
    page = signed_in(people.client).get("/me/data/").content.decode()
    assert f'href="{URL}"' in page and "Read my record" in page


def test_print_button_needs_no_inline_script(people: People) -> None:
    page = confirmed(signed_in(people.client)).get(URL).content.decode()
    assert "data-print hidden" in page and "Print or save as PDF" in page
    assert "alongside/print.js" in page and "onclick" not in page
    assert "consent/record.css" in page


def test_a_new_app_adds_its_section_by_declaring_it(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        mydata.SECTIONS,
        "groups",
        mydata.Section(
            "groups",
            lambda client, private: {"groups": ["Tuesday walkers"]},
            readable=mydata.Readable("Your groups", "consent/readable/_nothing.html", order=55),
        ),
    )
    names = [part.name for part in mydata.readable_for(people.client)]
    assert names.index("support_preferences") < names.index("groups") < names.index("crisis_plan")
    assert "Your groups" in page_of(people)


def test_the_query_count_does_not_grow_with_the_record(people: People) -> None:
    def queries() -> int:
        browser = confirmed(signed_in(people.client))
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(URL).status_code == 200
        return len(captured)

    bulk_record(people.client, people.supporter, goals=1, meetings=1, checkins=1)
    share(people.client, people.supervisor)
    small = queries()
    bulk_record(people.client, people.supporter, goals=8, meetings=8, checkins=12)
    for _ in range(6):
        share(people.client, people.supervisor)
        share(people.client, kind=RecipientKind.OUTSIDE)
    assert queries() == small


def test_every_section_of_my_data_has_a_readable_part() -> None:
    """A new app's My data section must say how it reads on the page (a Readable), or the client's printable
    copy would silently leave it out."""
    missing = [section.name for section in mydata.SECTIONS.values() if section.readable is None]
    assert not missing, f"declare a Readable for these My data sections (docs/consent-and-audit.md): {missing}"
