"""Every supervision URL by every actor. The owners are the two of the pairing: the peer (``peer``, the
unassigned supporter of ``people``) and their supervisor (``supervisor``). Everyone else gets 404 and never
sees a word: another peer supporter, a client, an unpaired supervisor, the admin (who sees that sessions
happened and when, on the arranging page, never their content) and an outsider."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from alongside.accounts.models import Membership, Role
from alongside.supervision import actions
from alongside.supervision.models import DevelopmentGoal, Pairing, Session
from tests.conftest import People, main_content, signed_in
from tests.factories import staff_member

from .factories import GOAL, WORDS, goal, pairing, session

pytestmark = pytest.mark.django_db

ACTORS = ("peer", "supervisor", "supporter", "client", "unpaired_supervisor", "admin", "outsider")
SECRET = (WORDS["talked_about"], WORDS["takeaway"], GOAL)


@pytest.fixture
def space(people: People) -> tuple[Pairing, Session, DevelopmentGoal, Membership]:
    """The supervisor supervises the unassigned supporter (the peer); another supervisor supervises nobody."""
    unpaired = staff_member(Role.SUPERVISOR, people.organisation, user__display_name="Uma Unpaired")
    held = actions.start_pairing(people.supervisor, people.unassigned_supporter, by=people.admin)
    met = actions.record_session(held, held_on=session_day(), items=WORDS, by=people.supervisor)
    agreed = actions.write_goal(held, GOAL, by=people.unassigned_supporter)
    return held, met, agreed, unpaired


def session_day() -> date:
    return timezone.localdate()


def who(people: People, unpaired: Membership, name: str) -> Membership:
    return {
        "peer": people.unassigned_supporter,
        "supervisor": people.supervisor,
        "supporter": people.supporter,
        "client": people.client,  # nothing of supervision is a client's
        "unpaired_supervisor": unpaired,
        "admin": people.admin,
        "outsider": people.outsider_supporter,
    }[name]


def pages(held: Pairing, met: Session, agreed: DevelopmentGoal) -> dict[str, str]:
    return {
        "space": f"/supervision/{held.pk}/",
        "new_session": f"/supervision/{held.pk}/sessions/new/",
        "session": f"/supervision/{held.pk}/sessions/{met.pk}/",
        "new_goal": f"/supervision/{held.pk}/goals/new/",
        "goal": f"/supervision/{held.pk}/goals/{agreed.pk}/",
    }


@pytest.mark.parametrize("name", ACTORS)
def test_the_space_is_the_two_of_theirs_alone(people: People, space: tuple, name: str) -> None:
    held, met, agreed, unpaired = space
    browser = signed_in(who(people, unpaired, name))
    for page, url in pages(held, met, agreed).items():
        response = browser.get(url)
        body = main_content(response) if response.status_code == 200 else response.content.decode()
        if name in ("peer", "supervisor"):
            assert response.status_code == 200, (name, page)
        else:
            assert response.status_code == 404, (name, page)
            assert not any(words in body for words in SECRET), (name, page)


@pytest.mark.parametrize("name", ACTORS)
def test_only_the_two_write_in_the_space(people: People, space: tuple, name: str) -> None:
    held, met, _agreed, unpaired = space
    browser = signed_in(who(people, unpaired, name))
    before = (Session.objects.count(), DevelopmentGoal.objects.count())
    browser.post(f"/supervision/{held.pk}/sessions/new/", {"held_on": session_day().isoformat(), "talked_about": "x"})
    browser.post(f"/supervision/{held.pk}/sessions/{met.pk}/", {"kind": "takeaway", "text": "y"})
    browser.post(f"/supervision/{held.pk}/goals/new/", {"text": "z"})
    after = (Session.objects.count(), DevelopmentGoal.objects.count())
    if name in ("peer", "supervisor"):
        assert after == (before[0] + 1, before[1] + 1)
    else:
        assert after == before


@pytest.mark.parametrize("name", ACTORS)
def test_indicators_are_the_peers_and_shared_only_by_them(people: People, space: tuple, name: str) -> None:
    held, _, _, unpaired = space
    browser = signed_in(who(people, unpaired, name))
    url = f"/supervision/{held.pk}/indicators/"
    assert browser.get(url).status_code == (200 if name == "peer" else 404)
    shared = browser.post(f"/supervision/{held.pk}/indicators/share/", {"share": "yes"})
    assert shared.status_code == (302 if name == "peer" else 404)
    actions.share_indicators(held, by=people.unassigned_supporter)
    expected = 200 if name in ("peer", "supervisor") else 404
    assert browser.get(url).status_code == expected


@pytest.mark.parametrize("name", ACTORS)
def test_lists_and_arranging_by_role(people: People, space: tuple, name: str) -> None:
    _held, _, _, unpaired = space
    browser = signed_in(who(people, unpaired, name))
    allowed = {
        "/supervision/": {"peer", "supporter", "outsider"},  # every peer supporter has their own
        "/supervision/people/": {"supervisor", "unpaired_supervisor"},
        "/organisation/supervision/": {"admin"},
    }
    for url, who_may in allowed.items():
        response = browser.get(url)
        assert response.status_code == (200 if name in who_may else 404), (name, url)
        assert not any(words in response.content.decode() for words in SECRET), (name, url)


def test_the_admin_sees_that_sessions_happened_not_what_was_said(people: People, space: tuple) -> None:
    _held, _met, _, _ = space
    page = main_content(signed_in(people.admin).get("/organisation/supervision/"))
    assert "1 session" in page
    assert "Una Unassigned" in page and "Vera Supervisor" in page
    assert not any(words in page for words in SECRET)


def test_the_peers_list_shows_only_their_own_pairings(people: People, space: tuple) -> None:
    held, _, _, _ = space
    mine = main_content(signed_in(people.supporter).get("/supervision/"))
    assert "Vera Supervisor" not in mine and f"/supervision/{held.pk}/" not in mine
    unpaired_list = main_content(signed_in(space[3]).get("/supervision/people/"))
    assert "Una Unassigned" not in unpaired_list.split("Start supervising")[0]


@pytest.mark.parametrize("name", ACTORS)
def test_ending_a_pairing(people: People, space: tuple, name: str) -> None:
    held, _, _, unpaired = space
    response = signed_in(who(people, unpaired, name)).post(f"/supervision/{held.pk}/end/")
    held.refresh_from_db()
    if name in ("supervisor", "admin"):
        assert response.status_code == 302 and held.ended_at is not None
    else:
        assert response.status_code == 404 and held.ended_at is None


def test_after_the_pairing_ends_both_read_and_nobody_writes(people: People, space: tuple) -> None:
    held, _met, _agreed, _ = space
    actions.end_pairing(held, by=people.admin)
    for member in (people.unassigned_supporter, people.supervisor):
        browser = signed_in(member)
        assert WORDS["talked_about"] in main_content(browser.get(f"/supervision/{held.pk}/"))
        assert browser.get(f"/supervision/{held.pk}/sessions/new/").status_code == 404
        assert browser.post(f"/supervision/{held.pk}/goals/new/", {"text": "z"}).status_code == 404
    assert signed_in(people.supervisor).get(f"/supervision/{held.pk}/indicators/").status_code == 404


def test_anonymous_people_are_sent_to_sign_in(people: People, space: tuple) -> None:
    held, met, agreed, _ = space
    for url in pages(held, met, agreed).values():
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_helpers_are_used(people: People) -> None:
    held = pairing(people)
    assert session(held, people).pk and goal(held, people).pk
