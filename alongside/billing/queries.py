"""Reads for session documentation, scoped by an organisation or client the policy already chose."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from alongside.groups.models import Attendance
from alongside.meetings.models import Meeting
from alongside.plans.models import Goal

from .models import LOCKED, PlaceOfService, RecordStatus, ServiceCode, SessionRecord


def individual_codes(organisation_id: int) -> QuerySet[ServiceCode]:
    """Service codes a supporter may choose for an individual meeting: active, not for groups."""
    return _active_codes(organisation_id, for_groups=False)


def group_codes(organisation_id: int) -> QuerySet[ServiceCode]:
    """Service codes a facilitator may choose for a group attendee: active, for groups (``H0038 HQ``)."""
    return _active_codes(organisation_id, for_groups=True)


def _active_codes(organisation_id: int, *, for_groups: bool) -> QuerySet[ServiceCode]:
    return (
        ServiceCode.objects.filter(
            organisation_id=organisation_id, is_active=True, for_groups=for_groups, payer__is_active=True
        )
        .select_related("payer")
        .order_by("payer__name", "code", "modifiers")
    )


def places(organisation_id: int) -> QuerySet[PlaceOfService]:
    return PlaceOfService.objects.filter(organisation_id=organisation_id, is_active=True).order_by("code")


def record_of(subject_key: Mapping[str, Meeting | Attendance]) -> SessionRecord | None:
    """The record of a meeting (``{"meeting": meeting}``) or of one group attendance, if one was started."""
    return (
        SessionRecord.objects.filter(**subject_key)
        .select_related("service_code__payer", "place_of_service", "signed_by", "cosigned_by", "author__user")
        .first()
    )


def goals_of(record: SessionRecord) -> QuerySet[Goal]:
    return Goal.objects.filter(sessiongoal__record=record).order_by("pk")


def is_billable(record: SessionRecord) -> bool:
    return record.status == RecordStatus.SIGNED


def is_locked_status(status: str) -> bool:
    return status in LOCKED


def lines_ready(organisation_id: int) -> QuerySet[SessionRecord]:
    """Signed (and, where needed, co-signed) records in no batch yet, or only in a batch whose export failed."""
    from alongside.reports.models import Export

    return SessionRecord.objects.filter(organisation_id=organisation_id, status=RecordStatus.SIGNED).filter(
        Q(batch__isnull=True) | Q(batch__export__status=Export.Status.FAILED)
    )
