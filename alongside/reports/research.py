"""The de-identified research export: no names, no emails, no free text, shifted dates, pseudonymous ids.

A client's pseudonym is an HMAC-SHA256 of their id with a secret key (``settings.RESEARCH_PSEUDONYM_KEY``,
from ``ALONGSIDE_RESEARCH_KEY``), so it is the same in every export made with that key and cannot be turned
back into the id without it. Each client's dates move by their own number of days (also derived from the
key), so intervals within one person's record are kept while calendar dates are not. Only coded fields
are read from the database: encrypted free text is never loaded. Private goals, and suggestions about
them, are left out. See docs/reports.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import cache

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import Organisation
from alongside.feedback.models import Response
from alongside.meetings.models import Meeting
from alongside.plans.models import Goal, Suggestion

BATCH = 2000
MAX_SHIFT_DAYS = 180
COLUMNS = (
    "participant",
    "record",
    "day",
    "supporter",
    "instrument",
    "instrument_version",
    "total",
    "item_scores",
    "meeting_mode",
    "meeting_minutes",
    "goal_life_area",
    "goal_status",
    "written_by_participant",
    "suggestion_kind",
    "suggestion_decision",
)
WIDTH = len(COLUMNS)


@cache
def _key() -> bytes:
    configured = settings.RESEARCH_PSEUDONYM_KEY
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"alongside.research-export", hashlib.sha256).digest()


def _digest(label: str) -> bytes:
    return hmac.new(_key(), label.encode(), hashlib.sha256).digest()


def pseudonym(member_id: int, role: str = "client") -> str:
    """A stable pseudonymous id: the same person gets the same one in every export made with the key."""
    return _digest(f"{role}:{member_id}").hex()[:20]


def day_shift(client_id: int) -> timedelta:
    """The client's own date offset, between -180 and +180 days, the same in every export."""
    number = int.from_bytes(_digest(f"shift:{client_id}")[:4], "big")
    return timedelta(days=number % (2 * MAX_SHIFT_DAYS + 1) - MAX_SHIFT_DAYS)


def shifted(client_id: int, moment: datetime | date | None) -> date | None:
    if moment is None:
        return None
    day = timezone.localtime(moment).date() if isinstance(moment, datetime) else moment
    return day + day_shift(client_id)


def _row(client_id: int, record: str, moment: datetime | date | None, **values: object) -> list[object]:
    row: list[object] = [pseudonym(client_id), record, shifted(client_id, moment)]
    row += [values.get(column, "") for column in COLUMNS[3:]]
    assert len(row) == WIDTH  # noqa: S101 - a misnamed column would shift every cell after it
    return row


def _batches(queryset: QuerySet, fields: Sequence[str]) -> Iterator[tuple]:
    """Rows of ``fields`` in id order, a batch at a time, so memory stays flat for a million rows."""
    last = 0
    while batch := list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:BATCH]):
        yield from batch
        last = batch[-1][0]


def _checkins(organisation: Organisation) -> QuerySet[Response]:
    return Response.objects.filter(organisation=organisation)


def _meetings(organisation: Organisation) -> QuerySet[Meeting]:
    return Meeting.objects.filter(organisation=organisation)


def _goals(organisation: Organisation) -> QuerySet[Goal]:
    return Goal.objects.filter(organisation=organisation, is_private=False)


def _suggestions(organisation: Organisation) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(Q(goal__isnull=True) | Q(goal__is_private=False), organisation=organisation)


def count_rows(organisation: Organisation) -> int:
    parts = (_checkins, _meetings, _goals, _suggestions)
    return sum(part(organisation).count() for part in parts)


def research_rows(organisation: Organisation) -> Iterator[Sequence[object]]:
    checkin_fields = ("client_id", "submitted_at", "questionnaire__name", "questionnaire__version", "total", "scores")
    for _, client, at, name, version, total, scores in _batches(_checkins(organisation), checkin_fields):
        yield _row(
            client,
            "checkin",
            at,
            instrument=name,
            instrument_version=version,
            total=total,
            item_scores=json.dumps(scores, sort_keys=True),
        )
    meeting_fields = ("client_id", "held_at", "supporter_id", "mode", "duration_minutes")
    for _, client, at, supporter, mode, minutes in _batches(_meetings(organisation), meeting_fields):
        yield _row(
            client,
            "meeting",
            at,
            supporter=pseudonym(supporter, "supporter"),
            meeting_mode=mode,
            meeting_minutes=minutes,
        )
    goal_fields = ("client_id", "created_at", "life_area", "status", "suggested_by_id")
    for _, client, at, area, status, suggested_by in _batches(_goals(organisation), goal_fields):
        yield _row(
            client, "goal", at, goal_life_area=area, goal_status=status, written_by_participant=suggested_by is None
        )
    suggestion_fields = ("client_id", "created_at", "suggested_by_id", "kind", "decision")
    for _, client, at, supporter, kind, decision in _batches(_suggestions(organisation), suggestion_fields):
        yield _row(
            client,
            "suggestion",
            at,
            supporter=pseudonym(supporter, "supporter"),
            suggestion_kind=kind,
            suggestion_decision=decision,
        )
