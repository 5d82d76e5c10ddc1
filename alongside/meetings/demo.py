"""Demo meetings: about a year of meetings for each matched client, with shared notes, the clients' own
views beside some of them, and requests for a correction (one corrected, one explained, one waiting)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.models import Assignment
from alongside.core.demo import DemoContext

from .models import (
    AmendmentRequest,
    AmendmentStatus,
    Meeting,
    Mode,
    Note,
    NoteReading,
    NoteRevision,
    NoteStatus,
    Perspective,
)

MODES = [Mode.IN_PERSON] * 5 + [Mode.PHONE] * 2 + [Mode.VIDEO] * 2 + [Mode.TEXT]
NOTES = [
    "We talked about {first}'s week and the job application. {first} wants to send it by Friday.",
    "{first} shared how the family visit went. We looked at what helped on the hard evening.",
    "Walked to the library together. {first} signed up for the computer class.",
    "{first} brought the housing letter. We made a list of questions for the caseworker.",
    "A quieter meeting. {first} said they needed to talk more than plan, and that is what we did.",
    "We went over the coping ideas {first} wrote down last month; two of them are working well.",
    "{first} told me about the meeting they went to on Tuesday and who they met there.",
    "We planned the first week back at work: bus times, lunch, who to call if it gets hard.",
]
VIEWS = [
    "Yes, and I also want to say that the evening was better than I expected.",
    "I would add that I asked for this myself; it was my idea.",
    "This is right. Thank you for writing it the way I said it.",
]


def _supporter_at(assignments: list[Assignment], moment: object) -> Assignment | None:
    for assignment in assignments:
        if assignment.started_at <= moment and (assignment.ended_at is None or moment < assignment.ended_at):  # type: ignore[operator]
            return assignment
    return None


AFTER: tuple[str, ...] = ("alongside.accounts", "alongside.plans")  # meetings link to goals


def populate(ctx: DemoContext) -> str:
    now = timezone.now()
    notes: list[Note] = []
    for client in ctx.clients:
        assignments = list(
            Assignment.objects.filter(client=client).select_related("supporter__user").order_by("started_at")
        )
        if not assignments:
            continue
        first = client.user.display_name.split()[0]
        moment = max(assignments[0].started_at, now - timedelta(days=365)) + timedelta(days=2)
        meetings = []
        while moment < now - timedelta(days=1):
            assignment = _supporter_at(assignments, moment)
            if assignment is not None:
                held_at = moment.replace(hour=ctx.rng.randint(9, 17), minute=ctx.rng.choice((0, 15, 30, 45)))
                meetings.append(
                    Meeting(
                        organisation=client.organisation,
                        client=client,
                        supporter=assignment.supporter,
                        held_at=min(held_at, now - timedelta(hours=2)),
                        mode=ctx.rng.choice(MODES),
                        duration_minutes=ctx.rng.choice((30, 45, 50, 60, 60, 90)),
                        recorded_by=assignment.supporter.user,
                        recorded_at=held_at + timedelta(hours=3),
                    )
                )
            moment += timedelta(days=ctx.rng.choice((7, 7, 7, 10, 14)))
        for index, meeting in enumerate(Meeting.objects.bulk_create(meetings)):
            is_last = index == len(meetings) - 1
            notes.append(
                Note(
                    organisation=client.organisation,
                    client=client,
                    meeting=meeting,
                    author=meeting.supporter,
                    status=NoteStatus.DRAFT if is_last else NoteStatus.PUBLISHED,
                    body=ctx.rng.choice(NOTES).format(first=first),
                    created_at=meeting.recorded_at,
                    published_at=None if is_last else meeting.recorded_at,
                    changed_at=meeting.recorded_at,
                )
            )
    notes = Note.objects.bulk_create(notes)
    shared = [note for note in notes if note.status == NoteStatus.PUBLISHED]
    Perspective.objects.bulk_create(
        Perspective(
            organisation=note.organisation,
            client=note.client,
            note=note,
            body=ctx.rng.choice(VIEWS),
            created_at=note.created_at + timedelta(days=1),
        )
        for note in ctx.rng.sample(shared, k=min(len(shared) // 5, len(shared)))
    )
    _readings(shared)
    _corrections(ctx, shared[:3])
    return f"meetings with notes ({len(notes)})"


def _readings(shared: list[Note]) -> None:
    """Each client has read every shared note but their latest (new on their home) and the one corrected since."""
    latest = {note.client_id: note.pk for note in shared}
    NoteReading.objects.bulk_create(
        NoteReading(
            organisation=note.organisation,
            client=note.client,
            note=note,
            version=note.version,
            read_at=note.created_at + timedelta(days=1),
        )
        for note in shared
        if note.pk != latest[note.client_id]
    )


def _corrections(ctx: DemoContext, notes: list[Note]) -> None:
    """One request corrected (the earlier text kept), one answered without a change, one still open."""
    if len(notes) < 3:
        return
    corrected, explained, waiting = notes
    asked = AmendmentRequest.objects.create(
        organisation=corrected.organisation,
        client=corrected.client,
        note=corrected,
        statement="It was my sister, not my brother, who came with me.",
        status=AmendmentStatus.ACCEPTED,
        answer="Thank you, you are right. I have corrected it.",
        answered_by=corrected.author.user,
        answered_at=corrected.created_at + timedelta(days=3),
        created_at=corrected.created_at + timedelta(days=2),
    )
    NoteRevision.objects.create(
        organisation=corrected.organisation,
        note=corrected,
        version=1,
        body=corrected.body + " Their brother came along too.",
        replaced_by=corrected.author.user,
        replaced_at=corrected.created_at + timedelta(days=3),
        amendment=asked,
    )
    Note.objects.filter(pk=corrected.pk).update(version=2, body=corrected.body + " Their sister came along too.")
    AmendmentRequest.objects.create(
        organisation=explained.organisation,
        client=explained.client,
        note=explained,
        statement="I do not think I said I was worried about money.",
        status=AmendmentStatus.DECLINED,
        answer="I wrote about the job form, not about money. Happy to talk it over when we meet.",
        answered_by=explained.author.user,
        answered_at=explained.created_at + timedelta(days=4),
        created_at=explained.created_at + timedelta(days=1),
    )
    AmendmentRequest.objects.create(
        organisation=waiting.organisation,
        client=waiting.client,
        note=waiting,
        statement="Please leave out the part about my cousin.",
        created_at=waiting.created_at + timedelta(days=1),
    )
