"""Group sessions as milestones, if the client wants (issue #16): their own choice, off by default, worked out from
attendance each time, shown to the client only, merged by date with the plan's milestones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.models import AuditEntry
from alongside.consent.mydata import SECTIONS, load_sections
from alongside.groups import actions, queries
from alongside.groups.models import Attendance, Group, MilestoneChoice, Session, Status
from alongside.plans import actions as plan_actions
from tests.conftest import ACTORS, People, main_content, signed_in
from tests.plans.factories import make_goal

from .factories import make_group, make_session, mark
from .test_spanish import in_spanish

pytestmark = pytest.mark.django_db


def attended(
    people: People, group: Group, count: int, client: Membership | None = None, *, first_day: int = 400
) -> list[Attendance]:
    """``count`` weekly sessions of ``group`` the client came to, oldest first, bulk-made for speed."""
    client = client or people.client
    start = timezone.now() - timedelta(days=first_day)
    sessions = Session.objects.bulk_create(
        Session(
            organisation_id=group.organisation_id,
            group=group,
            starts_at=start + timedelta(days=7 * n),
            ends_at=start + timedelta(days=7 * n, minutes=90),
            created_by=people.admin.user,
        )
        for n in range(count)
    )
    return Attendance.objects.bulk_create(
        Attendance(
            organisation_id=client.organisation_id,
            client=client,
            session=session,
            status=Status.PRESENT,
            marked_by=people.admin.user,
        )
        for session in sessions
    )


def wants_milestones(client: Membership, wanted: bool = True) -> MilestoneChoice:
    return actions.choose_attendance_milestones(client, wanted, by=client)


def numbers(client: Membership) -> list[int]:
    return [milestone.number for milestone in queries.attendance_milestones(client, client)]


# --- The choice ---------------------------------------------------------------------------------------------------


def test_only_the_client_chooses_for_their_own_record(people: People) -> None:
    assert policy.may_choose_attendance_milestones(people.client, people.client)
    assert not policy.may_choose_attendance_milestones(people.other_client, people.client)
    for name in ACTORS[1:]:
        member = people.actor(name)
        assert not policy.may_choose_attendance_milestones(member, people.client)
        with pytest.raises(PermissionDenied):
            actions.choose_attendance_milestones(people.client, True, by=member)
    assert not MilestoneChoice.objects.exists()


def test_the_choice_is_audited_with_on_or_off_only_and_once_per_change(people: People) -> None:
    wants_milestones(people.client)
    wants_milestones(people.client)  # the same answer again writes nothing
    wants_milestones(people.client, False)
    entries = AuditEntry.objects.filter(action=AuditAction.GROUP_MILESTONES_CHOOSE).order_by("pk")
    assert [entry.detail for entry in entries] == [{"counts_sessions": True}, {"counts_sessions": False}]
    assert {entry.client_id for entry in entries} == {people.client.pk}
    choice = MilestoneChoice.objects.get()
    assert choice.organisation_id == people.client.organisation_id and not choice.counts_sessions


def test_the_client_chooses_on_my_groups(people: People) -> None:
    attended(people, make_group(people), 5)
    browser = signed_in(people.client)
    page = main_content(browser.get("/me/groups/"))
    assert "Count the group sessions I go to as milestones" in page
    assert 'value="no" checked' in page  # off until they say so
    page = main_content(browser.post("/me/groups/milestones/", {"counts_sessions": "yes"}, follow=True))
    assert "now count as milestones" in page and 'value="yes" checked' in page
    journey = main_content(browser.get("/me/"))
    assert "You have been to 5 group sessions" in journey and "Your first group session<" in journey


def test_an_unclear_answer_changes_nothing_and_says_so(people: People) -> None:
    wants_milestones(people.client)
    page = main_content(
        signed_in(people.client).post("/me/groups/milestones/", {"counts_sessions": "maybe"}, follow=True)
    )
    assert "Please choose yes or no. Your choice is as it was." in page
    assert MilestoneChoice.objects.get().counts_sessions


# --- Milestones worked out from attendance ----------------------------------------------------------------------


def test_off_by_default(people: People) -> None:
    attended(people, make_group(people), 10)
    assert numbers(people.client) == []
    assert "group session" not in main_content(signed_in(people.client).get("/me/"))


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [(0, []), (1, [1]), (4, [1]), (5, [1, 5]), (10, [1, 5, 10]), (51, [1, 5, 10, 25, 50])],
)
def test_milestones_at_1_5_10_25_50(people: People, sessions: int, expected: list[int]) -> None:
    attended(people, make_group(people), sessions)
    wants_milestones(people.client)
    assert numbers(people.client) == expected


def test_then_100_and_every_50th_after() -> None:
    reached = [n for n in range(1, 301) if queries.is_milestone_count(n)]
    assert reached == [1, 5, 10, 25, 50, 100, 150, 200, 250, 300]


def test_each_is_dated_at_its_session_and_names_its_group_across_groups(people: People) -> None:
    weekly = make_group(people, name="Tuesday recovery meeting")
    cooking = make_group(people, name="Cooking on a budget")
    mine = attended(people, weekly, 3, first_day=100) + attended(people, cooking, 2, first_day=98)
    wants_milestones(people.client)
    first, fifth = queries.attendance_milestones(people.client, people.client)
    in_order = sorted(mine, key=lambda attendance: attendance.session.starts_at)
    assert (first.number, first.group_name, first.reached_at) == (1, weekly.name, in_order[0].session.starts_at)
    assert (fifth.number, fifth.group_name, fifth.reached_at) == (5, weekly.name, in_order[4].session.starts_at)


def test_absent_is_not_counted_left_early_is(people: People) -> None:
    group = make_group(people)
    wants_milestones(people.client)
    for days_ago, status in enumerate([Status.ABSENT, Status.LEFT_EARLY, Status.PRESENT, Status.ABSENT], start=1):
        mark(people, make_session(people, group, days_ago=days_ago), people.client, status)
    assert numbers(people.client) == [1]
    assert len(queries.attendance_milestones(people.client, people.client)) == 1


def test_a_corrected_mark_is_reflected_at_once(people: People) -> None:
    group = make_group(people)
    sessions = [make_session(people, group, days_ago=days) for days in range(5, 0, -1)]
    for session in sessions:
        mark(people, session, people.client)
    wants_milestones(people.client)
    assert numbers(people.client) == [1, 5]
    mark(people, sessions[2], people.client, Status.ABSENT)  # the facilitator corrects a mark
    assert numbers(people.client) == [1]
    mark(people, sessions[2], people.client, Status.PRESENT)
    assert numbers(people.client) == [1, 5]


def test_a_session_not_started_yet_does_not_count(people: People) -> None:
    group = make_group(people)
    mark(people, make_session(people, group, days_ago=-2), people.client)
    wants_milestones(people.client)
    assert numbers(people.client) == []


def test_switching_off_hides_them_and_keeps_the_attendance(people: People) -> None:
    attended(people, make_group(people), 5)
    wants_milestones(people.client)
    assert numbers(people.client) == [1, 5]
    signed_in(people.client).post("/me/groups/milestones/", {"counts_sessions": "no"})
    assert numbers(people.client) == []
    assert "group session" not in main_content(signed_in(people.client).get("/me/"))
    assert Attendance.objects.filter(client=people.client).count() == 5


def test_another_clients_attendance_never_counts(people: People) -> None:
    group = make_group(people)
    attended(people, group, 2)
    attended(people, group, 30, people.other_client)
    attended(people, make_group(people), 30, people.outsider_client)
    for client in (people.client, people.other_client, people.outsider_client):
        wants_milestones(client)
    assert numbers(people.client) == [1]
    page = main_content(signed_in(people.client).get("/me/"))
    assert "Your first group session" in page
    assert "5 group sessions" not in page and people.other_client.user.display_name not in page


def test_one_query_however_many_sessions(people: People, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    group = make_group(people)
    wants_milestones(people.client)
    attended(people, group, 3)
    with django_assert_num_queries(1):
        assert numbers(people.client) == [1]
    attended(people, group, 120, first_day=2000)
    with django_assert_num_queries(1):
        assert numbers(people.client) == [1, 5, 10, 25, 50, 100]


@pytest.mark.parametrize("chosen", [False, True])
def test_my_journey_reads_its_sessions_and_their_milestones_in_one_query(
    people: People, chosen: bool, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """The last three sessions come to (a session moved to a later day among them) and, if the client counts them,
    the same milestones as on their plan."""
    group = make_group(people)
    came = attended(people, group, 12, first_day=7 * 10)  # the last one starts next week
    Attendance.objects.filter(pk=came[5].pk).update(status=Status.ABSENT)
    Attendance.objects.filter(pk=came[10].pk).update(status=Status.LEFT_EARLY)
    attended(people, group, 3, people.other_client, first_day=3)
    wants_milestones(people.other_client)
    if chosen:
        wants_milestones(people.client)
    with django_assert_num_queries(1):
        sessions, milestones = queries.journey_sessions(people.client)
    newest = ((11, Status.PRESENT), (10, Status.LEFT_EARLY), (9, Status.PRESENT))
    assert [(s.starts_at, s.status) for s in sessions] == [(came[i].session.starts_at, status) for i, status in newest]
    assert milestones == queries.attendance_milestones(people.client, people.client)
    assert [m.number for m in milestones] == ([1, 5, 10] if chosen else [])
    assert queries.journey_sessions(people.other_client)[0][0].group_name == group.name


# --- Where they show ---------------------------------------------------------------------------------------------


def test_merged_by_date_with_the_plans_milestones(people: People) -> None:
    attended(people, make_group(people), 1, first_day=30)
    goal = make_goal(people.client, "Walk by the river")
    plan_actions.set_status(goal, "completed", by=people.client)  # today: newer than the session
    wants_milestones(people.client)
    for url in ("/me/", "/me/plan/"):
        page = main_content(signed_in(people.client).get(url))
        assert page.index("Goal reached: Walk by the river") < page.index("Your first group session")


def test_only_the_client_sees_them_not_the_supporter(people: People) -> None:
    """Nobody else sees the client's attendance across all groups (policy.may_see_attendance_milestones)."""
    attended(people, make_group(people), 5)
    wants_milestones(people.client)
    for name in ACTORS[1:]:
        assert queries.attendance_milestones(people.actor(name), people.client) == []
    page = main_content(signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/"))
    assert "Every step forward" in page and "group session" not in page


def test_a_group_milestone_is_never_offered_for_encouragement(people: People) -> None:
    attended(people, make_group(people), 1)
    wants_milestones(people.client)
    milestones = queries.attendance_milestones(people.client, people.client)
    html = render_to_string("plans/_milestones.html", {"milestones": milestones, "encourage_client": people.client})
    assert "Your first group session" in html
    assert "encourage" not in html.replace("encouragement", "")  # no link, form or field
    assert "<form" not in html


def test_in_spanish(people: People) -> None:
    attended(people, make_group(people), 5)
    wants_milestones(people.client)
    page = main_content(signed_in(in_spanish(people.client)).get("/me/"))
    assert "Su primera sesión de grupo" in page and "Ha ido a 5 sesiones de grupo" in page
    groups_page = main_content(signed_in(people.client).get("/me/groups/"))
    assert "Contar como logros las sesiones de grupo a las que voy" in groups_page


def test_my_data_holds_the_choice_and_purge_removes_it(people: People) -> None:
    wants_milestones(people.client)
    load_sections()
    assert SECTIONS["groups"].export(people.client, True)["group_sessions_count_as_milestones"] is True
    assert SECTIONS["groups"].export(people.other_client, True)["group_sessions_count_as_milestones"] is False
    purge = SECTIONS["groups"].purge
    assert purge is not None
    purge(people.client)
    assert not MilestoneChoice.objects.exists()
