"""Each rule: it fires, it does not, it goes when acted on, and a dismissal holds until a new fact."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.feedback import actions as feedback_actions
from alongside.feedback.models import CheckinRequest, Prompt, Questionnaire
from alongside.feedback.reliability import reliabilities_for
from alongside.meetings import actions as meeting_actions
from alongside.plans import actions as plan_actions
from alongside.plans.models import Decision, Goal, Status, SuggestionKind
from alongside.worklist.models import WorklistSettings
from alongside.worklist.signals import Kind, _reliability, load_facts
from tests.conftest import People
from tests.feedback.factories import answered, load_with_reliability, questionnaire
from tests.meetings.factories import meeting, shared_note
from tests.plans.factories import make_goal, make_suggestion

from .factories import current, set_aside

pytestmark = pytest.mark.django_db

WEEK = timedelta(weeks=1)


def weeks_ago(weeks: int) -> datetime:
    return timezone.now() - weeks * WEEK


def wellbeing_with_reliability(people: People) -> Questionnaire:
    """r = 0.8, SD = 8: S_diff = √2·8·√0.2 ≈ 5.06, so a change must exceed 1.96·5.06 ≈ 9.9 points."""
    return load_with_reliability(people.organisation.pk, "wellbeing-checkin", r=0.8, sd=8)


def test_nothing_for_a_new_client(people: People) -> None:
    from alongside.worklist.queries import signals_of

    assert signals_of(people.client) == []


# --- Reliable change --------------------------------------------------------------------------------------


def test_a_drop_beyond_the_threshold_is_a_reliable_worsening(people: People) -> None:
    form = wellbeing_with_reliability(people)
    answered(people.client, "", [38, 9], form=form, start=weeks_ago(2))
    [signal] = current(people.client, Kind.RELIABLE_WORSENING)
    assert "Wellbeing check-in fell from 38 to 9 on" in signal.reason
    assert "beyond the 9.9-point reliable-change threshold" in signal.reason
    assert signal.act_url == f"/people/{people.client.pk}/check-ins/"


def test_a_rise_beyond_the_threshold_is_a_reliable_improvement(people: People) -> None:
    answered(people.client, "", [9, 38], form=wellbeing_with_reliability(people), start=weeks_ago(2))
    [signal] = current(people.client, Kind.RELIABLE_IMPROVEMENT)
    assert "rose from 9 to 38" in signal.reason
    assert current(people.client, Kind.RELIABLE_WORSENING) == []


def test_a_small_change_or_unknown_reliability_is_no_signal(people: People) -> None:
    answered(people.client, "", [38, 30], form=wellbeing_with_reliability(people), start=weeks_ago(4))
    answered(people.client, "wellbeing-checkin", [38, 9], start=weeks_ago(4))  # shipped: r and SD not known
    assert current(people.client, Kind.RELIABLE_WORSENING) == []
    assert current(people.client, Kind.RELIABLE_IMPROVEMENT) == []


def test_the_reliability_comes_from_one_function(people: People) -> None:
    form = wellbeing_with_reliability(people)
    facts = load_facts([people.client], people.organisation.pk)
    facts.questionnaires = {form.pk: form, questionnaire("wellbeing-checkin").pk: questionnaire("wellbeing-checkin")}
    facts.reliabilities = reliabilities_for(facts.questionnaires.values(), people.organisation.pk)
    assert (_reliability(facts, form).r, _reliability(facts, form).sd) == (0.8, 8)
    assert not _reliability(facts, questionnaire("wellbeing-checkin")).known  # no estimate from 0 answers yet


def test_a_worsening_goes_when_the_prompt_is_answered(people: People) -> None:
    [_, newest] = answered(people.client, "", [38, 9], form=wellbeing_with_reliability(people), start=weeks_ago(2))
    prompt = Prompt.objects.create(
        organisation=people.organisation, client=people.client, response=newest, rules=["reliable-worsening"]
    )
    [signal] = current(people.client, Kind.RELIABLE_WORSENING)
    assert signal.act_url == f"/people/{people.client.pk}/prompts/{prompt.pk}/"
    feedback_actions.respond_to_prompt(
        prompt, you_said="A hard week.", next_time="We will plan for it.", by=people.supporter
    )
    assert current(people.client, Kind.RELIABLE_WORSENING) == []


def test_a_worsening_goes_when_a_meeting_is_recorded_after_it(people: People) -> None:
    answered(people.client, "", [38, 9], form=wellbeing_with_reliability(people), start=weeks_ago(2))
    meeting(people, held_at=weeks_ago(3))  # before the answers: not acted on
    assert current(people.client, Kind.RELIABLE_WORSENING)
    meeting(people)
    assert current(people.client, Kind.RELIABLE_WORSENING) == []


def test_a_dismissed_worsening_stays_gone_until_a_newer_check_in(people: People) -> None:
    form = wellbeing_with_reliability(people)
    answered(people.client, "", [38, 9], form=form, start=weeks_ago(4))
    [signal] = current(people.client, Kind.RELIABLE_WORSENING)
    dismissal = set_aside(signal, people.supporter)
    assert (dismissal.organisation, dismissal.dismissed_by, dismissal.reason) == (
        people.organisation,
        people.supporter,
        "We talked about it on the phone.",
    )
    assert current(people.client, Kind.RELIABLE_WORSENING) == []
    answered(people.client, "", [36, 8], form=form, start=weeks_ago(2))
    [again] = current(people.client, Kind.RELIABLE_WORSENING)
    assert "fell from 36 to 8" in again.reason


# --- Session rating ---------------------------------------------------------------------------------------


def test_a_session_rating_below_the_cut_off(people: People) -> None:
    answered(people.client, "session-checkin", [30], start=weeks_ago(1))
    [signal] = current(people.client, Kind.LOW_SESSION_RATING)
    assert "was 30, below the cut-off of 36" in signal.reason


def test_only_the_newest_session_rating_counts(people: People) -> None:
    answered(people.client, "session-checkin", [30, 38], start=weeks_ago(3))
    assert current(people.client, Kind.LOW_SESSION_RATING) == []


def test_a_low_rating_goes_with_a_meeting_and_a_dismissal_holds_until_the_next_rating(people: People) -> None:
    answered(people.client, "session-checkin", [30], start=weeks_ago(3))
    [signal] = current(people.client, Kind.LOW_SESSION_RATING)
    set_aside(signal, people.supporter)
    assert current(people.client, Kind.LOW_SESSION_RATING) == []
    answered(people.client, "session-checkin", [28], start=weeks_ago(2))
    assert current(people.client, Kind.LOW_SESSION_RATING)
    meeting(people)
    assert current(people.client, Kind.LOW_SESSION_RATING) == []


# --- Correction requests ----------------------------------------------------------------------------------


def test_a_correction_request_waits_until_it_is_answered(people: People) -> None:
    note = shared_note(people)
    amendment = meeting_actions.request_correction(note, "I said the opposite.", by=people.client)
    [signal] = current(people.client, Kind.CORRECTION_REQUEST)
    assert signal.reason.startswith("Asked on ")
    assert signal.act_url == f"/people/{people.client.pk}/corrections/{amendment.pk}/"
    meeting_actions.answer_correction(amendment, accept=False, answer="It was what you said.", by=people.supporter)
    assert current(people.client, Kind.CORRECTION_REQUEST) == []


def test_a_dismissed_correction_request_stays_gone_but_a_new_one_shows(people: People) -> None:
    note = shared_note(people)
    meeting_actions.request_correction(note, "I said the opposite.", by=people.client)
    set_aside(current(people.client, Kind.CORRECTION_REQUEST)[0], people.supporter)
    assert current(people.client, Kind.CORRECTION_REQUEST) == []
    meeting_actions.request_correction(note, "And the date is wrong.", by=people.client)
    assert len(current(people.client, Kind.CORRECTION_REQUEST)) == 1


# --- Ideas asked for, suggestions waiting -----------------------------------------------------------------


def test_ideas_asked_for_wait_until_a_suggestion_replies(people: People) -> None:
    goal = make_goal(people.client)
    idea = plan_actions.ask_for_ideas(goal, "Anything?", by=people.client)
    [signal] = current(people.client, Kind.IDEAS_ASKED)
    assert f"goal={goal.pk}&in_reply_to={idea.pk}" in signal.act_url
    plan_actions.suggest(
        people.client,
        by=people.supporter,
        kind=SuggestionKind.STEP,
        text="Ask a friend along",
        reason="",
        goal=goal,
        step=None,
        in_reply_to=idea,
        key=uuid.uuid4(),
    )
    assert current(people.client, Kind.IDEAS_ASKED) == []


def test_ideas_on_a_goal_made_private_are_no_signal(people: People) -> None:
    goal = make_goal(people.client)
    plan_actions.ask_for_ideas(goal, "", by=people.client)
    type(goal).objects.filter(pk=goal.pk).update(is_private=True)
    assert current(people.client, Kind.IDEAS_ASKED) == []


def test_suggestions_waiting_are_one_signal_per_person_until_decided(people: People) -> None:
    goal = make_goal(people.client)
    first = make_suggestion(people.client, people.supporter, goal=goal)
    [one] = current(people.client, Kind.SUGGESTIONS_WAITING)
    assert one.reason.startswith("A suggestion waits for their decision")
    set_aside(one, people.supporter)
    assert current(people.client, Kind.SUGGESTIONS_WAITING) == []
    second = make_suggestion(people.client, people.supporter, goal=goal, text="Walk with the group")
    [two] = current(people.client, Kind.SUGGESTIONS_WAITING)
    assert two.reason.startswith("2 suggestions wait")
    for suggestion in (first, second):
        plan_actions.decide(suggestion, Decision.DECLINED, by=people.client)
    assert current(people.client, Kind.SUGGESTIONS_WAITING) == []


# --- Check-ins overdue ------------------------------------------------------------------------------------


def offered(client: Membership, days_ago: int) -> CheckinRequest:
    return CheckinRequest.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        questionnaire=questionnaire("wellbeing-checkin"),
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def test_a_check_in_offered_over_a_week_ago_is_overdue(people: People) -> None:
    offered(people.client, 3)
    assert current(people.client, Kind.CHECKIN_OVERDUE) == []
    checkin = offered(people.client, 8)
    [signal] = current(people.client, Kind.CHECKIN_OVERDUE)
    assert "not answered after 8 days" in signal.reason
    feedback_actions.skip(checkin, by=people.client)
    assert current(people.client, Kind.CHECKIN_OVERDUE) == []


def test_the_organisation_sets_when_a_check_in_is_overdue(people: People) -> None:
    offered(people.client, 8)
    WorklistSettings.objects.create(organisation=people.organisation, checkin_overdue_days=10)
    assert current(people.client, Kind.CHECKIN_OVERDUE) == []


def test_a_dismissed_overdue_check_in_stays_gone_but_the_next_one_shows(people: People) -> None:
    offered(people.client, 9)
    set_aside(current(people.client, Kind.CHECKIN_OVERDUE)[0], people.supporter)
    assert current(people.client, Kind.CHECKIN_OVERDUE) == []
    offered(people.client, 8)
    assert len(current(people.client, Kind.CHECKIN_OVERDUE)) == 1


# --- No contact -------------------------------------------------------------------------------------------


def test_no_meeting_for_the_organisations_number_of_days(people: People) -> None:
    Membership.objects.filter(pk=people.client.pk).update(created_at=timezone.now() - timedelta(days=30))
    people.client.refresh_from_db()
    [signal] = current(people.client, Kind.NO_CONTACT)
    assert "No meeting recorded for 30 days (none since they joined on" in signal.reason
    assert "every 21 days" in signal.reason
    WorklistSettings.objects.create(organisation=people.organisation, no_contact_days=40)
    assert current(people.client, Kind.NO_CONTACT) == []


def test_no_contact_goes_with_a_meeting_and_a_dismissal_holds_until_the_next_meeting(people: People) -> None:
    meeting(people, held_at=timezone.now() - timedelta(days=25))
    [signal] = current(people.client, Kind.NO_CONTACT)
    assert "(the last on " in signal.reason
    set_aside(signal, people.supporter)
    assert current(people.client, Kind.NO_CONTACT, now=timezone.now() + timedelta(days=10)) == []
    meeting(people, held_at=timezone.now() - timedelta(days=1))
    assert current(people.client, Kind.NO_CONTACT) == []
    assert current(people.client, Kind.NO_CONTACT, now=timezone.now() + timedelta(days=22))


# --- Goals past their target date -------------------------------------------------------------------------


def dated_goal(client: Membership, text: str, target_date: date, *, is_private: bool = False) -> Goal:
    wording = {"text": text, "target_date": target_date}
    return plan_actions.create_goal(client, wording, by=client, is_private=is_private)


def test_an_active_goal_past_its_target_date(people: People) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    goal = dated_goal(people.client, "Swim once a week", yesterday)
    dated_goal(people.client, "Keep this to myself", yesterday, is_private=True)
    dated_goal(people.client, "Later", timezone.localdate() + timedelta(days=1))
    [signal] = current(people.client, Kind.GOAL_PAST_TARGET)
    assert signal.reason.startswith("The goal “Swim once a week” had a target date of")
    plan_actions.set_status(goal, Status.COMPLETED, by=people.client)
    assert current(people.client, Kind.GOAL_PAST_TARGET) == []


def test_a_dismissed_goal_date_comes_back_when_the_date_changes(people: People) -> None:
    goal = dated_goal(people.client, "Swim once a week", timezone.localdate() - timedelta(days=3))
    set_aside(current(people.client, Kind.GOAL_PAST_TARGET)[0], people.supporter)
    assert current(people.client, Kind.GOAL_PAST_TARGET) == []
    type(goal).objects.filter(pk=goal.pk).update(target_date=timezone.localdate() - timedelta(days=1))
    assert current(people.client, Kind.GOAL_PAST_TARGET)


# --- Order ------------------------------------------------------------------------------------------------


def test_signals_come_most_urgent_first(people: People) -> None:
    make_suggestion(people.client, people.supporter, goal=make_goal(people.client))
    offered(people.client, 9)
    answered(people.client, "", [38, 9], form=wellbeing_with_reliability(people), start=weeks_ago(2))
    from alongside.worklist.queries import signals_of

    kinds = [signal.kind for signal in signals_of(people.client)]
    assert kinds == [Kind.RELIABLE_WORSENING, Kind.CHECKIN_OVERDUE, Kind.SUGGESTIONS_WAITING]


def test_a_dismissed_idea_request_stays_gone_until_the_client_asks_again(people: People) -> None:
    goal, other = make_goal(people.client), make_goal(people.client, "Cook for friends")
    plan_actions.ask_for_ideas(goal, "", by=people.client)
    set_aside(current(people.client, Kind.IDEAS_ASKED)[0], people.supporter)
    assert current(people.client, Kind.IDEAS_ASKED) == []
    plan_actions.ask_for_ideas(other, "", by=people.client)
    assert len(current(people.client, Kind.IDEAS_ASKED)) == 1


def test_what_was_set_aside_is_in_the_clients_own_data(people: People) -> None:
    from alongside.consent.mydata import everything_for, purge_everything

    make_suggestion(people.client, people.supporter, goal=make_goal(people.client))
    set_aside(
        current(people.client, Kind.SUGGESTIONS_WAITING)[0], people.supporter, reason="They are thinking it over."
    )
    [entry] = everything_for(people.client)["sections"]["worklist"]["set_aside"]
    assert (entry["what"], entry["by"], entry["reason"]) == (
        "Suggestions waiting",
        "Sam Supporter",
        "They are thinking it over.",
    )
    purge_everything(people.client)
    assert everything_for(people.client)["sections"]["worklist"]["set_aside"] == []
