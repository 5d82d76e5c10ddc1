"""Words a client asked not to hear: the coach mentions them to whoever writes to or about that client, on
whole words and phrases, ignoring case; it advises and never blocks. Unit tests of the matcher, then the
mechanism (CoachedForm with ``client=``, the hints endpoint) and a supporter's real form (a meeting note)."""

from __future__ import annotations

import uuid
from typing import ClassVar

import pytest
from django import forms

from alongside.language.avoided import Avoided, find
from alongside.language.coach import coach
from alongside.language.sharing import CoachedForm, Written, second_look
from alongside.meetings.models import Note
from tests.conftest import People, main_content, signed_in
from tests.meetings.factories import meeting

from .factories import write_preferences

JORDAN = Avoided("Jordan", ("addict", "clean time", "use"))


def test_whole_words_and_phrases_are_found_ignoring_case_and_spacing() -> None:
    text = "Addict? Her clean  time matters. The user said they use less. addicted, misuse"
    found = [(f.text, f.category) for f in find(text, JORDAN)]
    assert found == [("Addict", "their_words"), ("clean  time", "their_words"), ("use", "their_words")]
    assert find(text, None) == [] and find(text, Avoided("Jordan", ())) == []


def test_the_hint_names_the_client_and_the_word_and_suggests_another_way() -> None:
    (finding,) = find("an addict", JORDAN)
    assert finding.explanation.startswith("Jordan asked not to hear “addict”.")
    assert finding.alternatives and finding.severity == "warning"


def test_the_coach_adds_them_to_its_own_findings_and_the_second_look_too() -> None:
    feedback = coach("Jordan talked about use today. It's up to you.", avoided=JORDAN)
    assert [f.text for f in feedback.to_reconsider] == ["use"]
    assert feedback.went_well  # the coach's own rules still run
    assert [f.text for f in coach("Jordan talked about use today.").to_reconsider] == []
    look = second_look([Written("Message", "No use pretending.", "message")], avoided=JORDAN)
    assert look is not None and look.concerns[0].findings[0].category == "their_words"


def test_regex_characters_in_a_word_are_taken_literally() -> None:
    assert [f.text for f in find("I said a.b and (x) then axb", Avoided("J", ("a.b", "(x)")))] == ["a.b", "(x)"]


class MessageForm(CoachedForm):
    coached: ClassVar[tuple[str, ...]] = ("message",)
    message = forms.CharField(label="Message", widget=forms.Textarea)


@pytest.mark.django_db
def test_any_coached_form_built_for_a_client_mentions_their_words(people: People) -> None:
    write_preferences(people.client, avoid_words="addict\nsweetheart")
    form = MessageForm({"message": "You are not an addict."}, client=people.client)
    assert not form.is_ready()  # advises before sharing; sending again with the fingerprint shares
    (concern,) = form.before_sharing.concerns  # type: ignore[union-attr]
    first, general = concern.findings  # the client's own word first, then the coach's general rule
    assert "Casey Client asked not to hear “addict”" in first.explanation and general.category == "stigmatizing"
    assert not MessageForm({"message": "Thanks, sweetheart."}, client=people.client).is_ready()
    assert MessageForm({"message": "Thanks, sweetheart."}).is_ready()  # no client, no list
    assert form.coach_client_id == people.client.pk


@pytest.mark.django_db
def test_the_hints_endpoint_mentions_the_words_only_to_a_supporter_of_that_client(people: People) -> None:
    write_preferences(people.client, avoid_words="clean time")
    text = {"field": "body", "body": "Well done on your clean time.", "client": str(people.client.pk)}
    assert "asked not to hear" in signed_in(people.supporter).post("/language/hints/", text).content.decode()
    for other in (people.unassigned_supporter, people.supervisor, people.admin, people.outsider_supporter):
        page = signed_in(other).post("/language/hints/", text)
        assert page.status_code == 200 and "asked not to hear" not in page.content.decode(), other
    assert (
        "asked not to hear"
        not in signed_in(people.supporter).post("/language/hints/", text | {"client": "9" * 30}).content.decode()
    )


@pytest.mark.django_db
def test_a_supporter_writing_a_note_gets_the_hint_and_the_note_is_still_saved(people: People) -> None:
    write_preferences(people.client, avoid_words="addict")
    recorded = meeting(people)
    url = f"/people/{people.client.pk}/meetings/{recorded.pk}/"
    browser = signed_in(people.supporter)
    page = browser.get(url).content.decode()
    assert f'"client": "{people.client.pk}"' in page  # the hints while typing know whose words to mention
    body = {"body": "Casey is an addict who wants to get back to work.", "submission_key": str(uuid.uuid4())}
    checked = browser.post(url + "notes/", body | {"check_wording": "1"})
    assert "Casey Client asked not to hear “addict”" in main_content(checked)
    assert not Note.objects.exists()  # "Check my wording" saves nothing
    saved = browser.post(url + "notes/", body)
    assert saved.status_code == 302 and Note.objects.get().body == body["body"]  # a draft: advised, not blocked
    assert "Casey Client asked not to hear" in main_content(browser.get(url))  # the draft's hints
