"""Reliability from published figures or from the organisation's own first answers, worked out by hand.

The cohort used here: thirty clients of a two-item check-in (items 1 to 3, cut-off 4), ten of each of
    A = (1, 1), total 2;   B = (2, 3), total 5;   C = (3, 2), total 5.
item 1: ten 1s, ten 2s, ten 3s: mean 2, Σ(x - mean)² = 10 + 0 + 10 = 20, variance 20/29;  item 2: the same
totals: ten 2s, twenty 5s: mean 4, Σ(x - mean)² = 10·4 + 20·1 = 60, variance 60/29, SD = √(60/29) = 1.43839
alpha = 2/(2 - 1)·(1 - (20/29 + 20/29) / (60/29)) = 2·(1 - 2/3) = 2/3
SEM = SD·√(1 - alpha) = √(60/29)·√(1/3) = √(20/29) = 0.83045;  S_diff = √2·SEM = √(40/29) = 1.17444
smallest reliable change = 1.96·S_diff = 2.30190; a drop from 5 to 2: RCI = -3 / 1.17444 = -2.55441
"""

from __future__ import annotations

import math
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from alongside.accounts.models import Membership
from alongside.feedback import actions
from alongside.feedback.models import CheckinRequest, Prompt, Questionnaire, ReliabilityEstimate
from alongside.feedback.reliability import MINIMUM_ANSWERS, refresh, reliabilities_for, reliability_for
from alongside.feedback.scoring import Change, reliable_change, reliable_change_index

from ..conftest import People, signed_in
from ..factories import client_member
from .factories import answered_items, questionnaire, two_item_form

A, B, C = [1, 1], [2, 3], [3, 2]
SD = math.sqrt(60 / 29)


def cohort(people: People, form: Questionnaire, rows: list[list[int]]) -> list[Membership]:
    """One new client of the organisation per row, each with that row as their only answer."""
    members = [client_member(people.organisation) for _ in rows]
    for member, row in zip(members, rows, strict=True):
        answered_items(member, form, [row])
    return members


def test_below_the_minimum_it_says_how_many_answers_there_are(people: People) -> None:
    form = two_item_form(people.organisation.pk)
    assert reliability_for(form, people.organisation.pk).reason == "not enough data yet (0 of 30 answers)"
    cohort(people, form, [A, B, C] * 9 + [A, B])
    refresh(people.organisation.pk, form)
    reliability = reliability_for(form, people.organisation.pk)
    assert not reliability.known and reliability.reason == "not enough data yet (29 of 30 answers)"
    assert MINIMUM_ANSWERS == 30


def test_thirty_first_answers_give_alpha_and_sd_by_hand(people: People) -> None:
    form = two_item_form(people.organisation.pk)
    cohort(people, form, [A, B, C] * 10)
    estimate = refresh(people.organisation.pk, form)
    assert (estimate.n, estimate.alpha, estimate.sd) == (30, pytest.approx(2 / 3), pytest.approx(1.43839, abs=1e-5))
    reliability = reliability_for(form, people.organisation.pk)
    assert reliability.known and reliability.r == pytest.approx(2 / 3) and reliability.sd == pytest.approx(SD)
    assert reliability.smallest_change == pytest.approx(2.30190, abs=1e-5)
    assert reliable_change_index(5, 2, SD, 2 / 3) == pytest.approx(-2.55441, abs=1e-5)
    assert "Cronbach's alpha 0.67" in reliability.source and "first answers of 30 people" in reliability.source


def test_only_each_clients_first_complete_answer_counts(people: People) -> None:
    form = two_item_form(people.organisation.pk)
    for member in cohort(people, form, [A, B, C] * 10):
        answered_items(member, form, [[3, 3]])  # later answers change nothing
    cohort(people, two_item_form(people.outsider_client.organisation_id), [A] * 5)  # another organisation's
    incomplete = client_member(people.organisation)
    answered_items(incomplete, form, [[1, 1]])
    incomplete.checkin_responses.update(scores={"a": 1})  # an item missing: left out
    estimate = refresh(people.organisation.pk, form)
    assert (estimate.n, estimate.alpha, estimate.sd) == (30, pytest.approx(2 / 3), pytest.approx(SD))


def test_published_r_with_an_estimated_sd(people: People) -> None:
    """BARC-10: alpha = .90 as published (Vilsaint et al. 2017); the SD from the organisation's answers.
    Fifteen clients answer 3 to all ten items (total 30), fifteen answer 5 (total 50): mean 40,
    variance 30·10² / 29 = 103.448, SD = 10.17095; SEM = 10.17095·√0.1 = 3.21634; S_diff = √2·SEM = 4.54859;
    smallest reliable change = 1.96·4.54859 = 8.91523."""
    barc = questionnaire("barc-10")
    cohort(people, barc, [[3] * 10] * 15 + [[5] * 10] * 15)
    refresh(people.organisation.pk, barc)
    reliability = reliability_for(barc, people.organisation.pk)
    assert reliability.r == 0.90 and reliability.sd == pytest.approx(10.17095, abs=1e-5)
    assert reliability.smallest_change == pytest.approx(8.91523, abs=1e-5)
    assert "Vilsaint et al. 2017" in reliability.source and "first answers of 30 people" in reliability.source


def test_many_check_ins_in_one_query_and_none_when_all_are_published(
    people: People, django_assert_num_queries: Callable[..., Any]
) -> None:
    forms = [questionnaire(name) for name in ("barc-10", "session-checkin", "wellbeing-checkin")]
    for form in forms:
        refresh(people.organisation.pk, form)
    for form in forms:
        form.parsed  # noqa: B018 - parse outside the counted block, as pages have them parsed already
    with django_assert_num_queries(1):
        found = reliabilities_for(forms, people.organisation.pk)
    assert set(found) == {form.pk for form in forms}
    published = two_item_form(people.organisation.pk)
    published.definition["scoring"]["reliability"] = {"r": 0.8, "sd": 1.0, "source": "a study"}
    with django_assert_num_queries(0):
        assert reliabilities_for([published], people.organisation.pk)[published.pk].known


def test_a_first_answer_asks_for_the_estimate_again_until_there_are_enough(
    people: People, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    form = two_item_form(people.organisation.pk)
    cohort(people, form, [A, B, C] * 10)
    refresh(people.organisation.pk, form)
    estimates = ReliabilityEstimate.objects.filter(questionnaire=form)
    estimates.update(n=29)  # as if one first answer were not counted yet

    def answer(member: Membership, values: dict[str, str]) -> int:
        """Answer as ``member`` with the after-commit work done; the estimate's n afterwards."""
        checkin = CheckinRequest.objects.create(organisation=people.organisation, client=member, questionnaire=form)
        with django_capture_on_commit_callbacks(execute=True):
            actions.submit_response(checkin, values, by=member)
        return estimates.get().n

    assert answer(people.client, {"a": "2", "b": "3"}) == 31  # a first answer: worked out again, 30 + Casey
    estimates.update(n=29)
    assert answer(people.client, {"a": "1", "b": "1"}) == 29  # Casey's second answer: nothing to do
    estimates.update(n=30)
    assert answer(people.other_client, {"a": "1", "b": "1"}) == 30  # enough already: the daily command's job


def test_the_prompt_rule_uses_the_estimate(people: People) -> None:
    form = two_item_form(people.organisation.pk)
    cohort(people, form, [A, B, C] * 10)
    refresh(people.organisation.pk, form)
    for values in ({"a": "2", "b": "3"}, {"a": "1", "b": "1"}):  # 5 → 2: -3, beyond 2.30
        checkin = CheckinRequest.objects.create(
            organisation=people.organisation, client=people.client, questionnaire=form
        )
        actions.submit_response(checkin, values, by=people.client)
    assert Prompt.objects.get().rules == ["reliable-worsening"]
    assert reliable_change(5, 3, reliability_for(form, people.organisation.pk)) == Change.NO_RELIABLE_CHANGE


def test_the_daily_command_works_out_every_organisations_estimates(people: People) -> None:
    form = two_item_form(people.organisation.pk)
    cohort(people, form, [A, B, C] * 10)
    out = StringIO()
    call_command("checkins", "reliability", stdout=out)
    assert "Worked out reliability for" in out.getvalue()
    assert ReliabilityEstimate.objects.get(organisation=people.organisation, questionnaire=form).n == 30
    shipped = ReliabilityEstimate.objects.filter(organisation=people.organisation, questionnaire__organisation=None)
    assert shipped.count() == 3  # the shipped ones have no published SD, so they are estimated too


def test_the_admin_sees_where_each_check_ins_reliable_change_stands(people: People) -> None:
    form = two_item_form(people.organisation.pk)
    cohort(people, form, [A, B, C] * 10)
    refresh(people.organisation.pk, form)
    page = signed_in(people.admin).get("/organisation/check-ins/").content.decode()
    assert "Reliable change: more than 2.3 points. r = Cronbach&#x27;s alpha 0.67; SD = 1.4." in page
    assert "Reliable change: not enough data yet (0 of 30 answers)." in page  # the shipped ones, no answers
