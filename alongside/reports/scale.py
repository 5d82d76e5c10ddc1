"""Scale data for dashboards and benchmarks: ``alongside demo --size large``.

Adds 10,000 clients, 500 peer supporters, 250,000 meetings and 1,000,000 check-in answers (each with its
invitation) to the demo organisation, following the demo's trajectories (improving, flat, worsening, a
rupture and repair). Rows go in with ``bulk_create`` in batches; progress is written to stderr. Generated
rows skip the actions and the audit log on purpose: they are synthetic, and a million audit entries
would only measure the audit log. Names are invented. Timings are in docs/reports.md.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import TextIO

from django.db import connection, models, transaction
from django.utils import timezone

from alongside.accounts.models import Assignment, Membership, Organisation, Role, User
from alongside.feedback.demo import TRAJECTORIES, answers_near
from alongside.feedback.models import CheckinRequest, Prompt, Questionnaire, RequestStatus, Response
from alongside.meetings.models import Meeting, Mode
from alongside.plans.models import Decision, Goal, LifeArea, Suggestion, SuggestionKind

from .tallies import rebuild

BATCH = 5000
UNUSABLE = "!"  # Django's mark for a password that can never match: scale people cannot sign in
SESSION_CUTOFF_SHARE = 0.9  # the session check-in asks for a conversation below 36 of 40


@dataclass(frozen=True)
class Size:
    clients: int = 10_000
    supporters: int = 500
    meetings_per_client: int = 25  # every four weeks, each followed by a session check-in
    weekly_checkins: int = 75  # so 100 check-in answers per client: 1,000,000 in all
    goals_per_client: int = 3


class Progress:
    """A text progress bar on stderr: what is being written, how far, and the rate."""

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total, self.done, self.stream, self.started = total, 0, stream, time.monotonic()

    def advance(self, rows: int, what: str) -> None:
        self.done += rows
        share = self.done / max(self.total, 1)
        bar = "#" * int(share * 30)
        rate = self.done / max(time.monotonic() - self.started, 0.001)
        self.stream.write(f"\r[{bar:<30}] {share:4.0%} {what:<22} {self.done:>10,} rows, {rate:,.0f}/s ")
        self.stream.flush()

    def finish(self) -> None:
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\nDone: {self.done:,} rows in {elapsed:,.0f} s.\n")


def _batched(model: type[models.Model], rows: Iterator[models.Model], progress: Progress, what: str) -> list[int]:
    ids: list[int] = []
    while batch := list(islice(rows, BATCH)):
        ids += [row.pk for row in model.objects.bulk_create(batch)]  # type: ignore[attr-defined]
        progress.advance(len(batch), what)
    return ids


def _rows_total(size: Size) -> int:
    people = 2 * (size.clients + size.supporters) + size.clients  # users, memberships, assignments
    checkins = size.clients * (size.meetings_per_client + size.weekly_checkins)
    return people + size.clients * (size.meetings_per_client + 2 * size.goals_per_client) + 2 * checkins


def build_large(organisation: Organisation, size: Size = Size(), seed: int = 11, stream: TextIO = sys.stderr) -> float:
    """Add the large data set to ``organisation``, count its dashboard tallies again (the rows went in
    without the actions), then refresh the planner's statistics (after a bulk load they are stale, and
    PostgreSQL would pick plans for an empty table); returns the seconds it took."""
    started = time.monotonic()
    _build(organisation, size, seed, stream)
    stream.write("Counting the dashboard tallies…\n")
    rebuild(organisation)
    refresh_statistics()
    return time.monotonic() - started


def refresh_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@transaction.atomic
def _build(organisation: Organisation, size: Size, seed: int, stream: TextIO) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, repeatable on purpose
    progress = Progress(_rows_total(size), stream)
    admin = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).select_related("user").first()
    by = admin.user if admin else User.objects.create(email=f"scale-admin@{organisation.slug}.example")
    supporters = _people(organisation, Role.SUPPORTER, size.supporters, "supporter", progress)
    clients = _people(organisation, Role.CLIENT, size.clients, "client", progress)
    start = timezone.now() - timedelta(weeks=size.weekly_checkins + 1)
    caseload = {client: supporters[index % len(supporters)] for index, client in enumerate(clients)}
    _batched(
        Assignment,
        (
            Assignment(organisation=organisation, client_id=c, supporter_id=s, started_at=start, started_by=by)
            for c, s in caseload.items()
        ),
        progress,
        "assignments",
    )
    _plans(organisation, caseload, size, rng, start, progress)
    _checkins(organisation, caseload, size, rng, start, by, progress)
    progress.finish()


def _people(organisation: Organisation, role: str, count: int, handle: str, progress: Progress) -> list[int]:
    tag = f"{organisation.slug}-{role}"
    users = _batched(
        User,
        (
            User(email=f"{tag}-{n}@scale.example", display_name=f"{handle.title()} {n:05d}", password=UNUSABLE)
            for n in range(count)
        ),
        progress,
        f"{handle}s",
    )
    return _batched(
        Membership,
        (Membership(organisation=organisation, user_id=u, role=role) for u in users),
        progress,
        f"{handle} memberships",
    )


def _plans(
    organisation: Organisation,
    caseload: dict[int, int],
    size: Size,
    rng: random.Random,
    start: datetime,
    progress: Progress,
) -> None:
    areas = list(LifeArea.values)
    supporter_users = dict(Membership.objects.filter(pk__in=set(caseload.values())).values_list("pk", "user_id"))
    client_users = dict(Membership.objects.filter(pk__in=caseload.keys()).values_list("pk", "user_id"))

    def goals() -> Iterator[Goal]:
        for client, supporter in caseload.items():
            for n in range(size.goals_per_client):
                suggested = rng.random() < 0.3
                yield Goal(
                    organisation=organisation,
                    client_id=client,
                    text=f"Goal {n + 1}",
                    life_area=rng.choice(areas),
                    written_by_id=client_users[client],
                    created_at=start + timedelta(days=rng.randint(0, 500)),
                    suggested_by_id=supporter_users[supporter] if suggested else None,
                )

    _batched(Goal, goals(), progress, "goals")
    decisions = [Decision.ACCEPTED, Decision.REWORDED, Decision.DECLINED, Decision.PENDING]

    def suggestions() -> Iterator[Suggestion]:
        for client, supporter in caseload.items():
            for _ in range(size.goals_per_client):
                made = start + timedelta(days=rng.randint(0, 500))
                decision = rng.choice(decisions)
                yield Suggestion(
                    organisation=organisation,
                    client_id=client,
                    suggested_by_id=supporter,
                    kind=SuggestionKind.RESOURCE,
                    text="An idea",
                    idempotency_key=_uuid(rng),
                    decision=decision,
                    created_at=made,
                    decided_at=None if decision == Decision.PENDING else made + timedelta(days=3),
                )

    _batched(Suggestion, suggestions(), progress, "suggestions")


def _uuid(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _checkins(
    organisation: Organisation,
    caseload: dict[int, int],
    size: Size,
    rng: random.Random,
    start: datetime,
    by: User,
    progress: Progress,
) -> None:
    session = Questionnaire.objects.for_purpose(organisation.pk, "session")
    wellbeing = Questionnaire.objects.for_purpose(organisation.pk, "wellbeing")
    assert session and wellbeing  # noqa: S101 - shipped definitions are loaded by a migration
    shapes = list(TRAJECTORIES.values())
    meetings = _batched(
        Meeting,
        (
            Meeting(
                organisation=organisation,
                client_id=client,
                supporter_id=supporter,
                held_at=start + timedelta(weeks=3 * n + 1, hours=rng.randint(9, 17)),
                mode=Mode.IN_PERSON,
                duration_minutes=50,
                recorded_by=by,
            )
            for client, supporter in caseload.items()
            for n in range(size.meetings_per_client)
        ),
        progress,
        "meetings",
    )
    plan: list[tuple[int, Questionnaire, datetime, int | None, float]] = []
    for index, client in enumerate(caseload):
        shape = shapes[index % len(shapes)]
        span = size.weekly_checkins
        for n in range(size.meetings_per_client):
            t = n / size.meetings_per_client
            held = start + timedelta(weeks=3 * n + 1, hours=21)
            plan.append((client, session, held, meetings[index * size.meetings_per_client + n], 0.6 + 0.4 * shape(t)))
        plan += [(client, wellbeing, start + timedelta(weeks=w, hours=20), None, shape(w / span)) for w in range(span)]
    requests = _batched(
        CheckinRequest,
        (
            CheckinRequest(
                organisation=organisation,
                client_id=client,
                questionnaire=form,
                meeting_id=meeting,
                created_at=at,
                status=RequestStatus.ANSWERED,
                closed_at=at,
            )
            for client, form, at, meeting, _ in plan
        ),
        progress,
        "check-in requests",
    )
    answers = (_answer(rng, organisation, request, *row) for request, row in zip(requests, plan, strict=True))
    _batched(Response, answers, progress, "check-in answers")
    _prompts(organisation, session, rng)


def _answer(
    rng: random.Random,
    organisation: Organisation,
    request: int,
    client: int,
    form: Questionnaire,
    at: datetime,
    meeting: int | None,
    share: float,
) -> Response:
    scores = answers_near(rng, form, share)
    return Response(
        organisation=organisation,
        client_id=client,
        questionnaire=form,
        request_id=request,
        submitted_at=at,
        scores=scores,
        total=sum(scores.values()),
    )


def _prompts(organisation: Organisation, session: Questionnaire, rng: random.Random) -> None:
    """A conversation prompt for each session check-in below the cut-off; supporters answered most."""
    cutoff = session.parsed.cutoff or 0
    low = Response.objects.filter(
        organisation=organisation, questionnaire=session, total__lt=cutoff, prompt__isnull=True
    )
    rows = low.values_list("pk", "client_id", "submitted_at").iterator(chunk_size=BATCH)
    prompts = (
        Prompt(
            organisation=organisation,
            client_id=client,
            response_id=pk,
            rules=["below-cutoff"],
            created_at=at,
            responded_at=at + timedelta(days=1) if rng.random() < 0.8 else None,
        )
        for pk, client, at in rows
    )
    while batch := list(islice(prompts, BATCH)):
        Prompt.objects.bulk_create(batch)


def has_large_data(organisation: Organisation) -> bool:
    return User.objects.filter(
        email__startswith=f"{organisation.slug}-client-", email__endswith="@scale.example"
    ).exists()
