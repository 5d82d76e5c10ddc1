"""The meeting list: what it shows on each page, and that a short list costs no COUNT query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from alongside.meetings import actions
from alongside.meetings.views import MEETINGS_PER_PAGE
from tests.conftest import People, main_content, signed_in

from .factories import meeting, shared_note

pytestmark = pytest.mark.django_db

# Session and member (2), the client and the assignment (2), the audited read (4), the meetings (1), and the
# open requests for a correction (1).
SUPPORTER_QUERIES = 10


def listing(people: People) -> str:
    return reverse("meetings:list", args=[people.client.pk])


def many_meetings(people: People, count: int) -> None:
    for days in range(count):
        meeting(people, held_at=timezone.now() - timedelta(days=days + 1))


def test_a_short_list_shows_every_meeting_with_its_supporter_and_notes(
    people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    note = shared_note(people)
    meeting(people, held_at=timezone.now() - timedelta(days=3))
    browser = signed_in(people.supporter)
    browser.get(listing(people))  # warm: the first request of a session may load more
    with django_assert_num_queries(SUPPORTER_QUERIES):
        page = main_content(browser.get(listing(people)))
    assert page.count("<tr>") == 3  # the heading and two meetings
    assert f"In person, with {people.supporter.user.display_name}" in page
    assert reverse("meetings:detail", args=[people.client.pk, note.meeting_id]) in page
    assert "50 min" in page
    assert "<td>1</td>" in page and "<td>0</td>" in page  # the shared note, and none
    assert "Page 1 of" not in page


def test_a_long_list_is_paged(people: People) -> None:
    many_meetings(people, MEETINGS_PER_PAGE + 2)
    browser = signed_in(people.supporter)
    first = main_content(browser.get(listing(people)))
    assert first.count("<tr>") == MEETINGS_PER_PAGE + 1
    assert "Page 1 of 2" in first and "?page=2" in first and "Newer meetings" not in first
    second = main_content(browser.get(listing(people) + "?page=2"))
    assert second.count("<tr>") == 3
    assert "Page 2 of 2" in second and "?page=1" in second
    assert main_content(browser.get(listing(people) + "?page=nine")) == first


def test_exactly_one_page_has_no_page_links(people: People) -> None:
    many_meetings(people, MEETINGS_PER_PAGE)
    page = main_content(signed_in(people.supporter).get(listing(people)))
    assert page.count("<tr>") == MEETINGS_PER_PAGE + 1
    assert "Page 1 of" not in page


def test_open_corrections_are_listed_for_the_supporter_not_the_client(people: People) -> None:
    note = shared_note(people)
    amendment = actions.request_correction(note, "It was my cousin's wedding.", by=people.client)
    answer = reverse("meetings:answer_correction", args=[people.client.pk, amendment.pk])
    supporter_page = main_content(signed_in(people.supporter).get(listing(people)))
    assert "Requests for a correction" in supporter_page and answer in supporter_page
    client_page = main_content(signed_in(people.client).get(listing(people)))
    assert "Requests for a correction" not in client_page and answer not in client_page
