"""Demo check-ins: session check-ins after meetings, weekly wellbeing and quarterly BARC-10, following four
trajectories (improving, flat, worsening, a rupture and repair); a few people had a setback in the last hours,
which puts a reliable worsening on their supporter's worklist. Prompts come from the same rules as in
real use, and supporters have answered most of them."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.core.demo import DemoContext
from alongside.meetings.models import Meeting

from .actions import store_answers
from .models import CheckinRequest, Questionnaire, RequestStatus, Response
from .reliability import refresh_organisation

# Each trajectory maps progress through the year (0..1) to a share of the highest total (0..1).
TRAJECTORIES: dict[str, Callable[[float], float]] = {
    "improving": lambda t: 0.55 + 0.4 * t,
    "flat": lambda t: 0.78,
    "worsening": lambda t: 0.88 - 0.35 * t,
    "rupture and repair": lambda t: 0.3 if 0.45 < t < 0.52 else 0.9,
}
RUPTURE_BELOW = 0.4
SETBACK_EVERY = 7  # every seventh person's newest wellbeing check-in, answered just now, is much lower
SETBACK_SHARE = 0.2
BETTER = [
    "More time at the end to plan the week.",
    "I would like to meet somewhere quieter.",
    "Less paperwork, more talking.",
]
RUPTURE = "I felt rushed today and like my plans did not matter."
RESPONSES = [
    ("you wanted more time to plan the week", "keep the last ten minutes for planning"),
    ("the café was too loud to talk", "meet at the library room instead"),
    ("the forms took over", "do the forms together by phone, and keep our meeting for talking"),
]
RUPTURE_RESPONSE = (
    "you felt rushed and that your plans did not matter",
    "start with your plans, and I will not check the time",
)


def answers_near(rng: random.Random, questionnaire: Questionnaire, share: float) -> dict[str, int]:
    """Item answers whose total is near ``share`` of the highest, with a little everyday noise."""
    answers = {}
    for item in questionnaire.parsed.scored:
        assert item.scale is not None  # noqa: S101 - shipped definitions always have scales
        value = item.scale.low + share * (item.scale.high - item.scale.low) + rng.uniform(-0.5, 0.5)
        answers[item.link_id] = max(item.scale.low, min(item.scale.high, round(value)))
    return answers


def _moments(meetings: list[Meeting], every_days: int) -> list[datetime]:
    start, end = meetings[0].held_at, timezone.now() - timedelta(days=1)
    moments = []
    while start < end:
        moments.append(start + timedelta(hours=20))
        start += timedelta(days=every_days)
    return moments


AFTER: tuple[str, ...] = ("alongside.meetings",)  # session check-ins follow meetings


def populate(ctx: DemoContext) -> str:
    assert ctx.organisation is not None  # noqa: S101 - the accounts step runs first
    forms = {
        purpose: Questionnaire.objects.for_purpose(ctx.organisation.pk, purpose)
        for purpose in ("session", "wellbeing", "recovery")
    }
    by_client: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(organisation=ctx.organisation).select_related("supporter__user").order_by("held_at")
    ):
        by_client[meeting.client_id].append(meeting)
    names = list(TRAJECTORIES)
    for index, client in enumerate(ctx.clients):
        meetings = by_client.get(client.pk)
        if not meetings:
            continue
        shape = TRAJECTORIES[names[index % len(names)]]
        session, wellbeing, recovery = forms["session"], forms["wellbeing"], forms["recovery"]
        if session:
            moments = [(meeting.held_at + timedelta(hours=4), meeting) for meeting in meetings]
            _answer_all(ctx, client, session, moments, shape)
        for form, days in ((wellbeing, 7), (recovery, 90)):
            if form and form.parsed.every_days:
                _answer_all(ctx, client, form, [(moment, None) for moment in _moments(meetings, days)], shape)
        if wellbeing and index % SETBACK_EVERY == 2:
            _setback(ctx, client, wellbeing)
    refresh_organisation(ctx.organisation.pk)  # as the daily command would, so the demo shows them at once
    return f"check-ins ({CheckinRequest.objects.filter(organisation=ctx.organisation).count()} offered)"


def _answer_all(
    ctx: DemoContext,
    client: Membership,
    questionnaire: Questionnaire,
    moments: Sequence[tuple[datetime, Meeting | None]],
    shape: Callable[[float], float],
) -> None:
    """Answer (or skip, or leave open the latest of) each offer, following ``shape`` over the year."""
    definition = questionnaire.parsed
    start = moments[0][0]
    span = (timezone.now() - start).total_seconds() or 1
    last = len(moments) - 1
    for position, (moment, meeting) in enumerate(moments):
        skipped = ctx.rng.random() < 0.12
        status = (
            RequestStatus.OPEN if position == last else RequestStatus.SKIPPED if skipped else RequestStatus.ANSWERED
        )
        checkin = CheckinRequest.objects.create(
            organisation=client.organisation,
            client=client,
            questionnaire=questionnaire,
            meeting=meeting,
            created_at=moment - timedelta(hours=1),
            status=status,
            closed_at=None if status == RequestStatus.OPEN else moment,
        )
        if status != RequestStatus.ANSWERED:
            continue
        share = shape((moment - start).total_seconds() / span)
        rupture = definition.after_meeting and share < RUPTURE_BELOW
        # People rate sessions near the top of the scale: the same shape, squeezed into the upper part.
        scores = answers_near(ctx.rng, questionnaire, 0.6 + 0.4 * share if definition.after_meeting else share)
        low = definition.after_meeting and sum(scores.values()) < (definition.cutoff or 0)
        text = RUPTURE if rupture else ctx.rng.choice(BETTER) if low else None
        response, rules = store_answers(checkin, scores, {"better": text} if text else {}, moment)
        if rules and meeting and (rupture or (position < last - 1 and ctx.rng.random() < 0.8)):
            _respond(ctx, response, meeting, rupture)


def _setback(ctx: DemoContext, client: Membership, questionnaire: Questionnaire) -> None:
    """A wellbeing check-in answered an hour ago, far below the one before: no one has acted on it yet."""
    moment = timezone.now() - timedelta(hours=1)
    checkin = CheckinRequest.objects.create(
        organisation=client.organisation, client=client, questionnaire=questionnaire, created_at=moment
    )
    store_answers(checkin, answers_near(ctx.rng, questionnaire, SETBACK_SHARE), {}, moment)


def _respond(ctx: DemoContext, response: Response, meeting: Meeting, rupture: bool) -> None:
    """The supporter closes the loop a day later."""
    you_said, next_time = RUPTURE_RESPONSE if rupture else ctx.rng.choice(RESPONSES)
    prompt = response.prompt
    prompt.you_said, prompt.next_time = you_said, next_time
    prompt.responded_by, prompt.responded_at = meeting.supporter.user, response.submitted_at + timedelta(days=1)
    seen = prompt.responded_at + timedelta(days=2)  # the client opened their check-ins; a recent reply is still new
    prompt.seen_at = seen if seen < timezone.now() - timedelta(days=7) else None
    prompt.save(update_fields=["you_said", "next_time", "responded_by", "responded_at", "seen_at"])
