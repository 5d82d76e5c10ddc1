"""The billing CSV: one row per billable line (a signed record), columns documented in docs/service-delivery.md."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.utils import timezone

from alongside.reports.dashboards import Period

from . import rules
from .models import SessionGoal, SessionRecord

COLUMNS = (
    "batch_id",
    "line_id",
    "client_id",
    "client_name",
    "service_date",
    "start_time",
    "end_time",
    "minutes",
    "units",
    "unit_minutes",
    "payer",
    "service_code",
    "modifiers",
    "place_of_service",
    "contact_type",
    "provider_id",
    "provider_name",
    "provider_credential",
    "signed_at",
    "cosigned_by",
    "cosigned_at",
    "goal_ids",
    "record_version",
)


def in_period(records: QuerySet[SessionRecord], period: Period) -> QuerySet[SessionRecord]:
    return records.filter(service_date__gte=period.start, service_date__lte=period.end)


def rows(records: Iterable[SessionRecord], batch_id: int | str = "") -> list[Sequence[object]]:
    """The CSV rows of ``records`` (three queries however many)."""
    records = list(records)
    ids = [record.pk for record in records]
    goals: dict[int, list[int]] = {}
    for record_id, goal_id in (
        SessionGoal.objects.filter(record_id__in=ids).order_by("goal_id").values_list("record_id", "goal_id")
    ):
        goals.setdefault(record_id, []).append(goal_id)
    full = (
        SessionRecord.objects.filter(pk__in=ids)
        .select_related(
            "client__user", "author__user", "service_code__payer", "place_of_service", "signed_by", "cosigned_by"
        )
        .order_by("service_date", "start_time", "pk")
    )
    out: list[Sequence[object]] = []
    for record in full:
        code = record.service_code
        out.append(
            (
                batch_id,
                record.pk,
                record.client_id,
                record.client.user.display_name,
                record.service_date,
                record.start_time.strftime("%H:%M") if record.start_time else "",
                record.end_time.strftime("%H:%M") if record.end_time else "",
                rules.minutes_between(record.start_time, record.end_time),
                record.units,
                code.payer.unit_minutes if code else "",
                code.payer.name if code else "",
                code.code if code else "",
                code.modifiers if code else "",
                record.place_of_service.code if record.place_of_service else "",
                record.contact_type,
                record.author_id,
                record.signed_by.display_name if record.signed_by else "",
                record.signer_credential,
                timezone.localtime(record.signed_at) if record.signed_at else "",
                record.cosigned_by.display_name if record.cosigned_by else "",
                timezone.localtime(record.cosigned_at) if record.cosigned_at else "",
                " ".join(str(goal) for goal in goals.get(record.pk, [])),
                record.version,
            )
        )
    return out
