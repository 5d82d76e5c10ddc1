"""Reflective supervision on a phone: a supervisor and a peer hold a session, the supervisor suggests a
development goal and the peer takes it up in their own words; the peer shares their practice indicators, the
supervisor sees them, the peer stops sharing and the supervisor no longer does. Every page passes axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.supervision import actions
from tests.conftest import People
from tests.factories import PASSWORD
from tests.meetings.factories import shared_note

from .conftest import assert_accessible, new_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_session_a_goal_and_indicators_shared_then_not(chromium: Any, live_server: Any, people: People) -> None:
    shared_note(people, "How has the week been? It sounds like the move took a lot out of you.")
    pairing = actions.start_pairing(people.supervisor, people.supporter, by=people.admin)

    supervisor = new_context(chromium, live_server).new_page()
    sign_in(supervisor, people.supervisor.user.email, PASSWORD)
    supervisor.get_by_role("link", name="People I supervise").first.click()
    assert_accessible(supervisor)
    supervisor.get_by_role("link", name="Sam Supporter").click()
    assert_accessible(supervisor)
    supervisor.get_by_role("link", name="Record a session").click()
    assert_accessible(supervisor)
    supervisor.get_by_label("What we talked about").fill("Staying with a hard feeling without fixing it.")
    supervisor.get_by_label("Next steps we agreed").fill("One more reflection before each question.")
    supervisor.get_by_role("button", name="Save the session").click()
    expect(supervisor.get_by_text("The session is recorded.")).to_be_visible()
    assert_accessible(supervisor)
    supervisor.get_by_role("link", name="Back to supervision with Sam Supporter").click()
    supervisor.get_by_role("link", name="Suggest a goal").click()
    assert_accessible(supervisor)
    supervisor.get_by_label("The goal").fill("Use more reflections than questions.")
    supervisor.get_by_role("button", name="Suggest it").click()
    expect(supervisor.get_by_text("Sam Supporter decides whether to take it up.")).to_be_visible()
    expect(supervisor.get_by_text("has not shared their practice indicators with you")).to_be_visible()
    assert supervisor.goto(f"/supervision/{pairing.pk}/indicators/").status == 404

    peer = new_context(chromium, live_server).new_page()
    sign_in(peer, people.supporter.user.email, PASSWORD)
    peer.get_by_role("link", name="My supervision").first.click()
    assert_accessible(peer)
    peer.get_by_role("link", name="Supervision with Vera Supervisor").click()
    expect(peer.get_by_text("Staying with a hard feeling without fixing it.")).to_be_visible()
    assert_accessible(peer)
    peer.get_by_role("link", name="Session on").first.click()
    peer.get_by_label("What the peer takes away").check()
    peer.get_by_label("Your words").fill("I can stay with it; the answer can come later.")
    peer.get_by_role("button", name="Add").click()
    expect(peer.get_by_text("Added to the session.")).to_be_visible()
    assert_accessible(peer)
    peer.get_by_role("link", name="Back to supervision with Vera Supervisor").click()
    peer.get_by_role("link", name="Use more reflections than questions.").click()
    assert_accessible(peer)
    peer.get_by_label("In your own words (optional)").fill("Reflect back what I hear before I ask.")
    peer.get_by_role("button", name="Take it up").click()
    expect(peer.get_by_text("Saved: working on it.")).to_be_visible()
    peer.get_by_role("link", name="Reflect back what I hear before I ask.").click()
    peer.get_by_role("button", name="I have done this").click()
    expect(peer.get_by_text("Well done")).to_be_visible()
    expect(peer.get_by_role("heading", name="Done")).to_be_visible()
    assert_accessible(peer)

    peer.get_by_role("link", name="My practice indicators").click()
    expect(peer.get_by_text("Only you.")).to_be_visible()
    expect(peer.get_by_text("Reflections for each question").first).to_be_visible()
    assert_accessible(peer)
    peer.get_by_role("button", name="Share with Vera Supervisor").click()
    expect(peer.get_by_text("Vera Supervisor can now see your practice indicators.")).to_be_visible()

    supervisor.goto(f"/supervision/{pairing.pk}/")
    expect(supervisor.get_by_text("I can stay with it; the answer can come later.")).to_be_visible()
    expect(supervisor.get_by_text("Reflect back what I hear before I ask.")).to_be_visible()
    supervisor.get_by_role("link", name="Their practice indicators").click()
    expect(supervisor.get_by_role("heading", name="Sam Supporter's practice indicators")).to_be_visible()
    expect(supervisor.get_by_text("Reflections for each question").first).to_be_visible()
    expect(supervisor.get_by_text("It sounds like the move")).to_have_count(0)  # counts, never a client's words
    assert_accessible(supervisor)

    peer.get_by_role("button", name="Stop sharing with Vera Supervisor").click()
    expect(peer.get_by_text("Vera Supervisor no longer sees your practice indicators.")).to_be_visible()
    assert_accessible(peer)
    response = supervisor.reload()
    assert response is not None and response.status == 404
    expect(supervisor.get_by_text("Reflections for each question")).to_have_count(0)
