"""Supervision actions: each checks the policy, writes, and leaves an audit entry without the words; a form sent
twice stores once; the peer owns their goals; a share ends the moment the peer revokes it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from alongside import policy
from alongside.audit.models import AuditEntry
from alongside.meetings import actions as meeting_actions
from alongside.supervision import actions, queries
from alongside.supervision.indicators import NOTES_PER_MONTH
from alongside.supervision.models import GoalStatus, IndicatorShare, Pairing, SessionItem
from tests.conftest import People
from tests.meetings.factories import meeting, shared_note

from .factories import GOAL, WORDS, pairing, session

pytestmark = pytest.mark.django_db


def actions_logged() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))


def test_pairing_is_audited_once_and_ended_not_deleted(people: People) -> None:
    held = pairing(people)
    assert actions.start_pairing(people.supervisor, people.supporter, by=people.admin) == held
    actions.end_pairing(held, by=people.supervisor)
    held.refresh_from_db()
    assert held.ended_at is not None and Pairing.objects.count() == 1
    logged = actions_logged()
    assert logged.count("supervision.pairing.start") == 1 and logged.count("supervision.pairing.end") == 1


def test_a_supervisor_pairs_only_themselves_and_a_peer_pairs_nobody(people: People) -> None:
    other = pairing(people)
    actions.end_pairing(other, by=people.admin)
    assert (
        actions.start_pairing(people.supervisor, people.supporter, by=people.supervisor).supervisor == people.supervisor
    )
    with pytest.raises(PermissionDenied):
        actions.start_pairing(people.supervisor, people.unassigned_supporter, by=people.supporter)
    with pytest.raises(PermissionDenied):
        actions.start_pairing(people.supervisor, people.outsider_supporter, by=people.admin)


def test_a_session_keeps_each_items_author_and_encrypts_the_words(people: People) -> None:
    held = pairing(people)
    met = session(held, people)
    actions.add_item(met, "takeaway", "Slow down before the question.", by=people.supporter)
    authors = {(item.kind, item.author_id) for item in SessionItem.objects.filter(session=met)}
    assert ("talked_about", people.supervisor.pk) in authors and ("takeaway", people.supporter.pk) in authors
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM supervision_sessionitem")
        stored = " ".join(row[0] for row in cursor.fetchall())
    assert WORDS["takeaway"] not in stored and "Slow down" not in stored
    entries = AuditEntry.objects.filter(action__startswith="supervision.")
    assert not any(WORDS["takeaway"] in str(entry.detail) for entry in entries)


def test_a_session_sent_twice_is_stored_once(people: People) -> None:
    held, key = pairing(people), uuid.uuid4()
    day = timezone.localdate()
    first = actions.record_session(held, held_on=day, items=WORDS, by=people.supporter, submission_key=key)
    again = actions.record_session(held, held_on=day, items=WORDS, by=people.supporter, submission_key=key)
    assert first == again and SessionItem.objects.count() == 3


def test_a_session_needs_words_and_a_past_date(people: People) -> None:
    held = pairing(people)
    with pytest.raises(ValidationError, match="at least one thing"):
        actions.record_session(held, held_on=timezone.localdate(), items={}, by=people.supervisor)
    with pytest.raises(ValidationError, match="up to today"):
        actions.record_session(
            held, held_on=timezone.localdate() + timedelta(days=5), items=WORDS, by=people.supervisor
        )


def test_the_peer_owns_their_goals(people: People) -> None:
    held = pairing(people)
    suggested = actions.write_goal(held, "Ask permission before advice.", by=people.supervisor)
    assert suggested.status == GoalStatus.SUGGESTED and suggested.suggested_text
    with pytest.raises(PermissionDenied):
        actions.decide_goal(suggested, "take_up", by=people.supervisor)
    taken = actions.decide_goal(suggested, "take_up", own_words=GOAL, by=people.supporter)
    assert taken.status == GoalStatus.WORKING_ON and taken.text == GOAL
    assert taken.suggested_text == "Ask permission before advice."
    done = actions.decide_goal(taken, "done", by=people.supporter)
    assert done.status == GoalStatus.DONE and done.completed_at is not None
    assert actions.decide_goal(done, "done", by=people.supporter).status == GoalStatus.DONE  # sent twice
    with pytest.raises(ValidationError, match="moved on"):
        actions.decide_goal(done, "not_now", by=people.supporter)
    own = actions.write_goal(held, "Write shorter notes.", by=people.supporter)
    assert own.status == GoalStatus.WORKING_ON and not own.was_suggested
    assert actions_logged().count("supervision.goal.status") == 2


def test_a_share_is_the_peers_and_ends_when_they_revoke_it(people: People) -> None:
    held = pairing(people)
    assert not policy.may_see_indicators(people.supervisor, held)
    with pytest.raises(PermissionDenied):
        actions.share_indicators(held, by=people.supervisor)
    actions.share_indicators(held, by=people.supporter)
    actions.share_indicators(held, by=people.supporter)  # twice: one share
    assert IndicatorShare.objects.filter(revoked_at__isnull=True).count() == 1
    assert policy.may_see_indicators(people.supervisor, held)
    actions.stop_sharing_indicators(held, by=people.supporter)
    assert not policy.may_see_indicators(people.supervisor, held)
    assert IndicatorShare.objects.count() == 1  # kept, with when it ended
    logged = actions_logged()
    assert logged.count("supervision.indicators.share") == 1 and logged.count("supervision.indicators.revoke") == 1


def test_ending_the_pairing_ends_the_share(people: People) -> None:
    held = pairing(people)
    actions.share_indicators(held, by=people.supporter)
    actions.end_pairing(held, by=people.admin)
    assert not policy.may_see_indicators(people.supervisor, held)
    assert policy.may_see_indicators(people.supporter, held)


def test_indicators_read_only_the_peers_shared_notes_a_month_at_most(people: People) -> None:
    draft = meeting_actions.write_note(meeting(people), "A draft: how are you?", by=people.supporter)
    for _ in range(NOTES_PER_MONTH + 2):
        shared_note(people, "How are you? You feel stuck.")
    notes = queries.shared_notes(people.supporter, timezone.localdate())
    assert len(notes) == NOTES_PER_MONTH
    assert all(text != draft.body for _, text in notes)
    assert queries.shared_notes(people.unassigned_supporter, timezone.localdate()) == []


def test_a_supervisor_reading_shared_indicators_is_audited(people: People) -> None:
    held = pairing(people)
    with pytest.raises(PermissionDenied):
        actions.record_indicator_read(held, by=people.supervisor)
    actions.share_indicators(held, by=people.supporter)
    actions.record_indicator_read(held, by=people.supervisor)
    assert "supervision.indicators.read" in actions_logged()
