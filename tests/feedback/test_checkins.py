"""Asking for feedback, answering it once, prompts for the supporter, and closing the loop."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from alongside.accounts.models import Organisation
from alongside.audit.models import AuditEntry
from alongside.feedback import actions
from alongside.feedback.models import CheckinRequest, Prompt, Questionnaire, RequestStatus, Response
from alongside.feedback.reliability import refresh
from alongside.feedback.scoring import PromptRule
from alongside.feedback.shipped import INSTRUMENTS
from tests.conftest import People, signed_in
from tests.meetings.factories import meeting

from ..factories import client_member
from .factories import answered, answered_items, load_with_reliability, two_item_form

pytestmark = pytest.mark.django_db

LOW = {"heard": "7", "goals": "8", "approach": "8", "overall": "8", "better": "More time for the job forms."}  # 31
HIGH = {"heard": "10", "goals": "9", "approach": "9", "overall": "10"}  # 38


def session_request(people: People) -> CheckinRequest:
    return CheckinRequest.objects.get(meeting=meeting(people))


def answer_url(people: People, checkin: CheckinRequest) -> str:
    return f"/people/{people.client.pk}/check-ins/{checkin.pk}/"


def test_shipped_definitions_are_in_the_database() -> None:
    names = set(Questionnaire.objects.filter(organisation=None).values_list("name", flat=True))
    assert names == {"session-checkin", "wellbeing-checkin", "barc-10"}


def test_after_a_meeting_the_client_is_invited_on_the_home_page(people: People) -> None:
    checkin = session_request(people)
    page = signed_in(people.client).get("/me/").content.decode()
    assert "After our meetings" in page and answer_url(people, checkin) in page


def test_a_low_session_checkin_raises_a_prompt_and_tells_the_client_plainly(people: People) -> None:
    checkin = session_request(people)
    browser = signed_in(people.client)
    form = browser.get(answer_url(people, checkin)).content.decode()
    assert "Sam Supporter will see your answers" in form and "Not validated" in form
    response = browser.post(answer_url(people, checkin), LOW, follow=True)
    assert "Sam Supporter will see this and will talk it through with you" in response.content.decode()
    stored = Response.objects.get()
    assert stored.total == 31 and stored.texts == {"better": "More time for the job forms."}
    prompt = Prompt.objects.get()
    assert prompt.rules == [PromptRule.BELOW_CUTOFF]
    checkin.refresh_from_db()
    assert checkin.status == RequestStatus.ANSWERED
    entry = AuditEntry.objects.get(action="checkin.answer")
    assert entry.detail == {"questionnaire": "session-checkin", "prompt": True}
    assert "job forms" not in json.dumps(entry.canonical())


def test_a_high_checkin_lower_than_the_previous_one_also_prompts(people: People) -> None:
    actions.submit_response(session_request(people), dict.fromkeys(HIGH, "10"), by=people.client)  # 40
    _, created = actions.submit_response(session_request(people), HIGH, by=people.client)  # 38
    assert created
    assert Prompt.objects.get().rules == [PromptRule.LOWER_THAN_PREVIOUS]


def test_a_high_steady_checkin_raises_no_prompt(people: People) -> None:
    actions.submit_response(session_request(people), HIGH, by=people.client)
    actions.submit_response(session_request(people), HIGH, by=people.client)
    assert not Prompt.objects.exists()


def test_a_reliable_worsening_of_wellbeing_prompts_when_reliability_is_known(people: People) -> None:
    form = load_with_reliability(people.organisation.pk, "wellbeing-checkin", r=0.8, sd=5)
    # S_diff = √2·5·√0.2 = 3.1623; reliable if the drop exceeds 1.96·3.1623 = 6.198
    answers = {"personal": "8", "close": "8", "daily": "8", "overall": "8"}  # 32
    for values in (answers, answers | {"personal": "2", "close": "7"}, answers | {"personal": "1", "close": "2"}):
        checkin = CheckinRequest.objects.create(
            organisation=people.organisation, client=people.client, questionnaire=form
        )
        actions.submit_response(checkin, values, by=people.client)
    # 32 → 25 (-7, reliable) → 19 (-6, not reliable)
    assert [prompt.rules for prompt in Prompt.objects.order_by("pk")] == [[PromptRule.RELIABLE_WORSENING]]


def test_shipped_wellbeing_has_no_reliability_so_no_worsening_prompt(people: People) -> None:
    form = Questionnaire.objects.get(organisation=None, name="wellbeing-checkin")
    for value in ("10", "0"):
        checkin = CheckinRequest.objects.create(
            organisation=people.organisation, client=people.client, questionnaire=form
        )
        actions.submit_response(
            checkin, dict.fromkeys(("personal", "close", "daily", "overall"), value), by=people.client
        )
    assert not Prompt.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"heard": "11"}, "Please choose a whole number from 0 to 10."),
        ({"goals": ""}, "Please choose an answer for this one"),
    ],
)
def test_bad_answers_store_nothing_and_say_what_is_wrong(people: People, change: dict, message: str) -> None:
    checkin = session_request(people)
    response = signed_in(people.client).post(answer_url(people, checkin), HIGH | change)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Nothing was saved yet" in page
    assert 'value="9" checked' in page  # what they had chosen is kept
    checkin.refresh_from_db()
    assert checkin.status == RequestStatus.OPEN
    assert not Response.objects.exists() and not Prompt.objects.exists()


def test_a_checkin_submitted_twice_is_stored_once(people: People) -> None:
    checkin = session_request(people)
    browser = signed_in(people.client)
    browser.post(answer_url(people, checkin), LOW)
    second = browser.post(answer_url(people, checkin), HIGH, follow=True)
    assert "nothing was stored twice" in second.content.decode()
    assert Response.objects.count() == 1 and Response.objects.get().total == 31
    assert Prompt.objects.count() == 1


def test_answering_another_clients_form_is_not_found_and_stores_nothing(people: People) -> None:
    theirs = CheckinRequest.objects.create(
        organisation=people.organisation,
        client=people.other_client,
        questionnaire=Questionnaire.objects.get(organisation=None, name="session-checkin"),
    )
    browser = signed_in(people.client)
    assert browser.post(f"/people/{people.client.pk}/check-ins/{theirs.pk}/", HIGH).status_code == 404
    assert browser.post(f"/people/{people.other_client.pk}/check-ins/{theirs.pk}/", HIGH).status_code == 404
    assert browser.post(f"/people/{people.client.pk}/check-ins/{theirs.pk}/skip/").status_code == 404
    assert not Response.objects.exists()
    theirs.refresh_from_db()
    assert theirs.status == RequestStatus.OPEN


def test_the_supporter_cannot_answer_for_the_client(people: People) -> None:
    checkin = session_request(people)
    assert signed_in(people.supporter).post(answer_url(people, checkin), HIGH).status_code == 404
    assert not Response.objects.exists()


def test_the_client_may_skip_and_a_skipped_checkin_stays_closed(people: People) -> None:
    checkin = session_request(people)
    browser = signed_in(people.client)
    assert browser.post(f"{answer_url(people, checkin)}skip/").status_code == 302
    checkin.refresh_from_db()
    assert checkin.status == RequestStatus.SKIPPED
    response = browser.post(answer_url(people, checkin), HIGH)
    assert response.status_code == 400 and "You skipped this check-in" in response.content.decode()
    assert not Response.objects.exists()


def test_wellbeing_is_offered_at_most_weekly_and_barc10_every_90_days(people: People) -> None:
    def offered(name: str) -> int:
        return CheckinRequest.objects.filter(questionnaire__name=name).count()

    start = timezone.now() - timedelta(days=200)
    with time_machine.travel(start, tick=False):
        meeting(people, held_at=start)
        meeting(people, held_at=start)
    assert (offered("session-checkin"), offered("wellbeing-checkin"), offered("barc-10")) == (2, 1, 1)
    with time_machine.travel(start + timedelta(days=6), tick=False):
        meeting(people, held_at=start + timedelta(days=6))
    assert (offered("wellbeing-checkin"), offered("barc-10")) == (1, 1)
    with time_machine.travel(start + timedelta(days=8), tick=False):
        meeting(people, held_at=start + timedelta(days=8))
    assert (offered("wellbeing-checkin"), offered("barc-10")) == (2, 1)
    with time_machine.travel(start + timedelta(days=91), tick=False):
        meeting(people, held_at=start + timedelta(days=91))
    assert (offered("wellbeing-checkin"), offered("barc-10")) == (3, 2)


def test_the_supporter_sees_the_prompt_responds_and_the_client_sees_it(people: People) -> None:
    actions.submit_response(session_request(people), LOW, by=people.client)
    prompt = Prompt.objects.get()
    supporter = signed_in(people.supporter)
    page = supporter.get(f"/people/{people.client.pk}/check-ins/").content.decode()
    assert "below 36" in page and "More time for the job forms." in page
    respond = f"/people/{people.client.pk}/prompts/{prompt.pk}/"
    assert supporter.post(respond, {"you_said": "", "next_time": ""}).status_code == 400
    assert (
        supporter.post(
            respond, {"you_said": "the job forms took all our time", "next_time": "keep the last 15 minutes for you"}
        ).status_code
        == 302
    )
    prompt.refresh_from_db()
    assert prompt.responded_by == people.supporter.user
    for page in ("/me/", f"/people/{people.client.pk}/check-ins/"):
        assert "keep the last 15 minutes for you" in signed_in(people.client).get(page).content.decode()
    assert AuditEntry.objects.filter(action="checkin.prompt.respond", client=people.client).exists()
    again = supporter.post(respond, {"you_said": "x", "next_time": "y"})
    assert "You have already responded" in again.content.decode()
    prompt.refresh_from_db()
    assert prompt.you_said == "the job forms took all our time"


def test_the_client_cannot_answer_a_prompt_about_themselves(people: People) -> None:
    actions.submit_response(session_request(people), LOW, by=people.client)
    prompt = Prompt.objects.get()
    url = f"/people/{people.client.pk}/prompts/{prompt.pk}/"
    assert signed_in(people.client).post(url, {"you_said": "a", "next_time": "b"}).status_code == 404


def test_trends_show_charts_tables_cutoffs_and_reliable_change(people: People) -> None:
    answered(people.client, "session-checkin", [30, 34, 37, 39])
    load_with_reliability(people.organisation.pk, "wellbeing-checkin", r=0.8, sd=5)
    answered(people.client, "barc-10", [40, 48])
    page = signed_in(people.supporter).get(f"/people/{people.client.pk}/check-ins/").content.decode()
    assert page.count("<svg") == 2 and page.count("<table") == 2
    assert "Cut-off 36" in page and "Cut-off 47" in page
    assert "Reliable change: not enough data yet (0 of 30 answers)." in page  # nothing worked out yet
    assert "Date answered" in page and "Total (of 40)" in page and "Total (of 60)" in page
    assert "<td>below</td>" in page and "<td>at or above</td>" in page
    assert 'role="img"' in page and "<desc" in page and "<title" in page


def test_reliable_change_markers_appear_when_reliability_is_known(people: People) -> None:
    form = load_with_reliability(people.organisation.pk, "wellbeing-checkin", r=0.8, sd=5)
    for value in ("8", "5", "8"):  # 32 → 20 (worse) → 32 (better)
        checkin = CheckinRequest.objects.create(
            organisation=people.organisation, client=people.client, questionnaire=form
        )
        actions.submit_response(
            checkin, dict.fromkeys(("personal", "close", "daily", "overall"), value), by=people.client
        )
    page = signed_in(people.client).get(f"/people/{people.client.pk}/check-ins/").content.decode()
    assert "1 better, 1 worse" in page
    assert "<td>reliable worsening</td>" in page and "<td>reliable improvement</td>" in page
    assert 'fill="#a1262b"' in page and 'fill="#1e6b3a"' in page


def test_an_admin_loads_a_definition_and_bad_files_are_explained(people: People) -> None:
    browser = signed_in(people.admin)
    data = json.loads((INSTRUMENTS / "session-checkin.json").read_text())
    data |= {"name": "our-session-checkin", "title": "Our session check-in"}
    upload = SimpleUploadedFile("ours.json", json.dumps(data).encode(), content_type="application/json")
    assert browser.post("/organisation/check-ins/", {"file": upload}).status_code == 302
    loaded = Questionnaire.objects.get(organisation=people.organisation)
    assert Questionnaire.objects.for_purpose(people.organisation.pk, "session") == loaded
    elsewhere = Questionnaire.objects.for_purpose(people.outsider_client.organisation_id, "session")
    assert elsewhere is not None and elsewhere.organisation is None
    assert AuditEntry.objects.filter(action="checkin.definition.load", target=f"questionnaire:{loaded.pk}").exists()
    again = SimpleUploadedFile("ours.json", json.dumps(data).encode())
    response = browser.post("/organisation/check-ins/", {"file": again})
    assert response.status_code == 400 and "already has version 1" in response.content.decode()
    data["item"][0]["answerScale"] = "nope"
    bad = SimpleUploadedFile("bad.json", json.dumps(data | {"version": "2"}).encode())
    response = browser.post("/organisation/check-ins/", {"file": bad})
    assert response.status_code == 400 and "not in &quot;answerScales&quot;" in response.content.decode()
    assert Questionnaire.objects.filter(organisation=people.organisation).count() == 1


@pytest.mark.parametrize("member", ["client", "supporter", "supervisor", "outsider_supporter"])
def test_only_organisation_admins_load_definitions(people: People, member: str) -> None:
    browser = signed_in(getattr(people, member))
    upload = SimpleUploadedFile("x.json", (INSTRUMENTS / "session-checkin.json").read_bytes())
    assert browser.get("/organisation/check-ins/").status_code == 404
    assert browser.post("/organisation/check-ins/", {"file": upload}).status_code == 404
    assert not Questionnaire.objects.exclude(organisation=None).exists()


def test_reminder_email_holds_no_answers(people: People) -> None:
    actions.submit_response(session_request(people), LOW, by=people.client)
    meeting(people)
    assert all("job forms" not in message.body for message in mail.outbox)


def test_several_purposes_at_once_choose_as_one_at_a_time(
    people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """The dashboard asks for several purposes in one go, in one query; each must be the one ``for_purpose``
    gives: the organisation's own newest before any shipped one, and never another organisation's."""
    shipped = Questionnaire.objects.for_purpose(people.organisation.pk, "session")
    assert shipped is not None

    def loaded(organisation: Organisation, version: str, days_ago: int) -> Questionnaire:
        return Questionnaire.objects.create(
            organisation=organisation,
            name="our-session",
            version=version,
            title="Our session check-in",
            purpose="session",
            definition=shipped.definition,
            loaded_at=timezone.now() - timedelta(days=days_ago),
        )

    own = loaded(people.organisation, "2", days_ago=1)
    loaded(people.organisation, "1", days_ago=9)  # an earlier version, kept
    loaded(people.outsider_client.organisation, "3", days_ago=0)  # newer, but another organisation's
    purposes = ["session", "wellbeing", "no-such-purpose"]

    with django_assert_num_queries(1):
        chosen = Questionnaire.objects.for_purposes(people.organisation.pk, purposes)

    assert chosen["session"] == own and chosen["session"].parsed.name == shipped.parsed.name
    assert chosen == {p: Questionnaire.objects.for_purpose(people.organisation.pk, p) for p in purposes}
    assert chosen["no-such-purpose"] is None
    assert Questionnaire.objects.for_purposes(people.outsider_client.organisation.pk, ["session"])["session"] != own
    assert Questionnaire.objects.for_purposes(people.organisation.pk, []) == {}


def test_the_trend_draws_dates_and_the_reliable_change_band_around_the_first_total(people: People) -> None:
    """Two items from 1 to 3, estimated from thirty first answers: smallest reliable change 2.30190
    (tests/feedback/test_reliability.py). Casey's totals 2, 5, 6: the band runs from 2 to 2 + 2.3 = 4.3
    (clipped at the lowest total, 2); 2 → 6 is reliable and crosses the cut-off of 4: clinically significant."""
    form = two_item_form(people.organisation.pk)
    for index in range(30):
        answered_items(client_member(people.organisation), form, [[[1, 1], [2, 3], [3, 2]][index % 3]])
    refresh(people.organisation.pk, form)
    answered_items(people.client, form, [[1, 1], [2, 3], [3, 3]])
    page = signed_in(people.client).get(f"/people/{people.client.pk}/check-ins/").content.decode()
    assert "The shaded band runs from 2.0 to 4.3" in page
    assert "to the latest (6): reliable improvement" in page and "clinically significant improvement" in page
    assert page.count('<tspan x="') == 3  # first, middle and last date under the time axis
    assert 'fill="#e3ecf4"' in page and "Cut-off 4</text>" in page
