"""Demo groups: a weekly all-recovery meeting and a fortnightly skills group over the last three months, with
attendance for the demo clients, a group note for most sessions, and one shared note about the first demo
client at their last group session (in their meetings, as a meeting of mode "group"). The first demo client
counts their group sessions as milestones, so My journey shows a few."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.core.demo import DemoContext
from alongside.meetings.models import Meeting, Mode, Note, NoteStatus

from . import actions
from .models import Attendance, Facilitator, Group, GroupNote, Kind, Session, Status

AFTER: tuple[str, ...] = ("alongside.accounts", "alongside.meetings")
GROUPS = [
    ("Tuesday evening recovery meeting", Kind.ALL_RECOVERY, "Tuesdays, 6 to 7.30 pm", "Community room", 7, 90),
    ("Cooking on a budget", Kind.SKILLS, "Every other Thursday, 11 am to 1 pm", "The kitchen at Elm Street", 14, 120),
]
TOPICS = ["Getting through the holidays", "What keeps me going", "Sleep", "Asking for help", "New beginnings", ""]
OFFERED = [
    "Open sharing round, then a short reading on hope. Leaflets on local mutual-aid meetings were handed out.",
    "We cooked a lentil soup together and shared a price list for the market. Recipes to take home.",
    "A check-in round and a talk on sleep habits; a handout on winding down in the evening.",
]
INDIVIDUAL = "{first} spoke up in the sharing round for the first time and stayed for tea afterwards."


def populate(ctx: DemoContext) -> str:
    assert ctx.organisation is not None and ctx.supporters  # noqa: S101 - the accounts step runs first
    now = timezone.now()
    clients = ctx.clients[:14]
    sessions_made = attendance_made = 0
    for index, (name, kind, usual_time, place, every_days, minutes) in enumerate(GROUPS):
        creator = ctx.admin or ctx.supporters[0]
        group = Group.objects.create(
            organisation=ctx.organisation,
            name=name,
            kind=kind,
            usual_time=usual_time,
            usual_place=place,
            created_by=creator.user,
            created_at=now - timedelta(days=100),
        )
        facilitators = [ctx.supporters[index % len(ctx.supporters)]]
        if index == 1 and ctx.supervisor is not None:
            facilitators.append(ctx.supervisor)
        Facilitator.objects.bulk_create(
            Facilitator(organisation=ctx.organisation, group=group, member=member) for member in facilitators
        )
        start = (now - timedelta(days=90)).replace(hour=18 if index == 0 else 11, minute=0, second=0, microsecond=0)
        moment = start
        while moment < now - timedelta(hours=3):
            session = Session.objects.create(
                organisation=ctx.organisation,
                group=group,
                starts_at=moment,
                ends_at=moment + timedelta(minutes=minutes),
                place=place,
                topic=ctx.rng.choice(TOPICS),
                created_by=facilitators[0].user,
            )
            sessions_made += 1
            came = ctx.rng.sample(clients[1:], k=min(len(clients) - 1, ctx.rng.randint(4, 8)))
            came += clients[:1] if index == 0 else []  # the first demo client comes to the weekly meeting
            Attendance.objects.bulk_create(
                Attendance(
                    organisation=ctx.organisation,
                    client=client,
                    session=session,
                    status=ctx.rng.choice([Status.PRESENT] * 6 + [Status.LEFT_EARLY, Status.ABSENT]),
                    marked_by=facilitators[0].user,
                    marked_at=session.ends_at,
                )
                for client in came
            )
            attendance_made += len(came)
            if ctx.rng.random() < 0.8:
                GroupNote.objects.create(
                    organisation=ctx.organisation,
                    session=session,
                    body=OFFERED[index if ctx.rng.random() < 0.6 else 2],
                    written_by=facilitators[0].user,
                    changed_at=session.ends_at,
                )
            moment += timedelta(days=every_days)
    _individual_note(ctx)
    if ctx.clients:
        actions.choose_attendance_milestones(ctx.clients[0], True, by=ctx.clients[0])
    return f"groups ({len(GROUPS)}, {sessions_made} sessions, {attendance_made} marked)"


def _individual_note(ctx: DemoContext) -> None:
    """The first demo client's latest group session carries a shared note about them, from its facilitator."""
    if not ctx.clients:
        return
    client = ctx.clients[0]
    attendance = (
        Attendance.objects.filter(client=client, status=Status.PRESENT)
        .select_related("session__group")
        .order_by("-session__starts_at")
        .first()
    )
    if attendance is None:
        return
    facilitator = Facilitator.objects.filter(group=attendance.session.group).select_related("member__user").first()
    if facilitator is None:
        return
    session = attendance.session
    meeting = Meeting.objects.create(
        organisation=client.organisation,
        client=client,
        supporter=facilitator.member,
        held_at=session.starts_at,
        mode=Mode.GROUP,
        duration_minutes=session.minutes,
        recorded_by=facilitator.member.user,
        recorded_at=session.ends_at,
    )
    Attendance.objects.filter(pk=attendance.pk).update(meeting=meeting)
    Note.objects.create(
        organisation=client.organisation,
        client=client,
        meeting=meeting,
        author=facilitator.member,
        status=NoteStatus.PUBLISHED,
        body=INDIVIDUAL.format(first=client.user.display_name.split()[0]),
        created_at=session.ends_at,
        published_at=session.ends_at,
        changed_at=session.ends_at,
    )
