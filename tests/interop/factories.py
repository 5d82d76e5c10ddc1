"""A client with a bit of everything in their record, made through the real actions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.consent.actions import revoke_consent
from alongside.consent.models import RecipientKind
from alongside.conversations import actions as conversations
from alongside.meetings import actions as meetings
from alongside.meetings.models import Meeting, Mode, Note, NoteStatus, Perspective
from alongside.plans import actions as plans
from alongside.plans.models import Change, Decision, Goal, Revision, Status, Step, SuggestionKind
from tests.conftest import People
from tests.consent.factories import share
from tests.feedback.factories import answered
from tests.plans.factories import make_goal, make_step, make_suggestion


def rich_record(people: People) -> Goal:
    """Goals written, reworded, suggested, declined and private; steps; a meeting with a note and a view; check-ins;
    messages (one edited, one withdrawn); a consent to the supervisor and a stopped one to someone outside.

    Returns the private goal, so tests can look for it.
    """
    client, supporter = people.client, people.supporter
    wording = {
        "text": "Walk by the river",
        "why": "I sleep better",
        "life_area": "physical",
        "target_date": "2031-05-01",
    }
    goal = plans.create_goal(client, wording, by=client)
    wording["text"] = "Walk by the river twice a week"
    goal = plans.edit_goal(goal, wording, is_private=False, expected_version=1, by=client)
    first = make_step(goal, "Find my old trainers")
    make_step(goal, "Ask Jo to come along")
    plans.set_status(first, Status.COMPLETED, by=client)
    idea = make_suggestion(client, supporter, kind=SuggestionKind.STEP, goal=goal, text="Try the park run")
    plans.decide(idea, Decision.ACCEPTED, by=client)
    for text, decision in (("Cook one new meal a week", Decision.REWORDED), ("Join a choir", Decision.DECLINED)):
        suggestion = make_suggestion(client, supporter, kind=SuggestionKind.GOAL, goal=None, text=text)
        plans.decide(suggestion, decision, by=client, text="Cook something new on Sundays", why="Not my thing")
    make_suggestion(client, supporter, kind=SuggestionKind.GOAL, goal=None, text="Visit the library")
    thinking = make_goal(client, "Look for volunteering", status=Status.PROPOSED)
    plans.set_status(thinking, Status.CANCELLED, by=client)
    private = make_goal(client, "Talk to my sister about Dad", is_private=True)
    make_step(private, "Write down what I want to say")
    plans.write_journal_entry(client, "A hard day, but I went out.", is_private=True, by=client)
    plans.write_journal_entry(client, "Good walk today.", is_private=False, by=client)
    meeting = meetings.record_meeting(
        client,
        supporter=supporter,
        held_at=timezone.now() - timedelta(days=2),
        mode=Mode.PHONE,
        duration_minutes=45,
        by=supporter,
        goals=[goal],
    )
    note = meetings.publish_note(meetings.write_note(meeting, "We planned the walks.", by=supporter), by=supporter)
    meetings.add_perspective(note, "I also said I was nervous.", by=client)
    meetings.write_note(meeting, "A draft nobody else sees.", by=supporter)
    sent = conversations.send(client, "See you Friday at ten.", by=supporter)
    conversations.edit(sent, "See you Friday at eleven.", expected_version=1, by=supporter)
    conversations.send(client, "Thank you, see you then.", by=client)
    conversations.withdraw(conversations.send(client, "Sent too soon.", by=client), by=client)
    answered(client, "session-checkin", [30, 38], text="More time please")
    answered(client, "wellbeing-checkin", [12])
    share(client, people.supervisor, areas=["plan", "checkins"])
    revoke_consent(share(client, kind=RecipientKind.OUTSIDE), by=client.user)
    return private


def bulk_record(client: Membership, supporter: Membership, *, goals: int, meetings: int, checkins: int) -> None:
    """A record of a realistic size, written in bulk: five steps and two history entries per goal,
    a shared note with the client's view on every meeting, check-ins, and an audit entry per meeting."""
    org, now = client.organisation_id, timezone.now()
    made = Goal.objects.bulk_create(
        Goal(organisation_id=org, client=client, text=f"Goal {n}", why="Because", written_by=client.user)
        for n in range(goals)
    )
    Step.objects.bulk_create(
        Step(organisation_id=org, goal=goal, text=f"Step {n}", position=n, written_by=client.user)
        for goal in made
        for n in range(5)
    )
    Revision.objects.bulk_create(
        Revision(
            organisation_id=org, goal=goal, version=v, change=Change.CREATED, changed_by=client.user, snapshot="{}"
        )
        for goal in made
        for v in (1, 2)
    )
    held = Meeting.objects.bulk_create(
        Meeting(
            organisation_id=org,
            client=client,
            supporter=supporter,
            held_at=now - timedelta(days=n),
            mode=Mode.IN_PERSON,
            duration_minutes=50,
            recorded_by=supporter.user,
        )
        for n in range(meetings)
    )
    notes = Note.objects.bulk_create(
        Note(
            organisation_id=org,
            client=client,
            meeting=meeting,
            author=supporter,
            status=NoteStatus.PUBLISHED,
            body="We talked about the week." * 10,
            published_at=meeting.held_at,
        )
        for meeting in held
    )
    Perspective.objects.bulk_create(
        Perspective(organisation_id=org, client=client, note=note, body="I agree.") for note in notes
    )
    for _ in held:
        record(organisation=client.organisation, actor=supporter.user, action=AuditAction.READ_MEETINGS, client=client)
    answered(client, "session-checkin", [30 + n % 10 for n in range(checkins)], text="Fine")
