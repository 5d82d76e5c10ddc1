"""The groups part of the client's readable record: their own attendance in words, never who else came."""

from __future__ import annotations

import pytest

from alongside.groups.actions import choose_attendance_milestones
from tests.conftest import People, confirmed, main_content, signed_in

from .factories import session_with_both_clients

pytestmark = pytest.mark.django_db


def test_the_readable_record_lists_the_clients_own_attendance_only(people: People) -> None:
    group, *_ = session_with_both_clients(people)
    page = main_content(confirmed(signed_in(people.client)).get("/me/data/readable/"))
    part = page.split("Groups you took part in", 1)[1]
    assert f"{group.name}</strong> (all-recovery meeting)" in part and ": present." in part
    assert people.other_client.user.display_name not in page


def test_the_readable_record_says_whether_group_sessions_count_as_milestones(people: People) -> None:
    session_with_both_clients(people)
    said = "You chose to count the group sessions you go to as milestones."
    browser = confirmed(signed_in(people.client))
    assert said not in main_content(browser.get("/me/data/readable/"))
    choose_attendance_milestones(people.client, True, by=people.client)
    assert said in main_content(browser.get("/me/data/readable/"))
