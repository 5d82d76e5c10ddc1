"""Reads for the supervision pages, each scoped by a pairing or a peer the policy has already chosen."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.meetings.models import Note, NoteStatus

from .indicators import MONTHS, NOTES_PER_MONTH, Month, model_labeller, monthly, months_back
from .models import DevelopmentGoal, IndicatorShare, Pairing, Session, SessionItem


def sessions_of(pairing: Pairing) -> QuerySet[Session]:
    """The pairing's sessions, newest first, with their items and authors (two queries, however many)."""
    items = SessionItem.objects.select_related("author__user")
    return Session.objects.filter(pairing=pairing).prefetch_related(Prefetch("items", queryset=items))


def goals_of(pairing: Pairing) -> dict[str, list[DevelopmentGoal]]:
    """The pairing's goals by where they stand: suggestions waiting, being worked on, done, and the rest."""
    grouped: dict[str, list[DevelopmentGoal]] = {"suggested": [], "working_on": [], "done": [], "other": []}
    for goal in DevelopmentGoal.objects.filter(pairing=pairing).select_related("created_by__user"):
        key = goal.status if goal.status in grouped else "other"
        grouped[key].append(goal)
    grouped["done"].sort(key=lambda g: g.completed_at or g.changed_at, reverse=True)
    return grouped


def open_share(pairing: Pairing) -> IndicatorShare | None:
    return IndicatorShare.objects.filter(pairing=pairing, revoked_at__isnull=True).first()


def with_session_summary(pairings: QuerySet[Pairing]) -> QuerySet[Pairing]:
    """What an admin sees of each pairing: that sessions happened and when, never what was said."""
    return pairings.select_related("supervisor__user", "peer__user").annotate(
        session_count=Count("sessions", distinct=True), last_held_on=Max("sessions__held_on")
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def shared_notes(peer: Membership, today: date) -> list[tuple[date, str]]:
    """The notes ``peer`` shared in each of the last ``MONTHS`` months: at most ``NOTES_PER_MONTH`` a month
    (the latest), one small query a month, text only (no client is loaded or shown)."""
    notes: list[tuple[date, str]] = []
    firsts = months_back(today, MONTHS)
    ends = [today + timedelta(days=1), *firsts[:-1]]
    for first, end in zip(firsts, ends, strict=True):
        rows = (
            Note.objects.filter(
                organisation_id=peer.organisation_id,
                author=peer,
                status=NoteStatus.PUBLISHED,
                published_at__gte=_start_of(first),
                published_at__lt=_start_of(end),
            )
            .order_by("-published_at")
            .values_list("published_at", "body")[:NOTES_PER_MONTH]
        )
        notes += [(timezone.localdate(shared), body) for shared, body in rows]
    return notes


def practice_indicators(peer: Membership, today: date | None = None) -> list[Month]:
    """The peer's indicators by month, newest first (months without shared notes are left out)."""
    return monthly(shared_notes(peer, today or timezone.localdate()), model_labeller)
