"""Exports about people: everyone in the organisation with their current assignments (named; admins only)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.reports.dashboards import Period
from alongside.reports.registry import ExportKind

from .models import Assignment, Membership, Organisation, Role

BATCH = 500
COLUMNS = (
    "person_id",
    "name",
    "email",
    "role",
    "status",
    "joined_on",
    "current_supporter_ids",
    "current_supporters",
    "people_walked_alongside",  # peer supporters only
)


def count_people(organisation: Organisation, period: Period) -> int:
    return Membership.objects.filter(organisation=organisation).count()


def people_rows(organisation: Organisation, period: Period) -> Iterator[Sequence[object]]:
    """One row per person, read in batches by id so memory stays flat for large organisations."""
    last_id = 0
    while batch := list(
        Membership.objects.filter(organisation=organisation, pk__gt=last_id)
        .select_related("user")
        .order_by("pk")[:BATCH]
    ):
        yield from _rows_for(batch)
        last_id = batch[-1].pk


def _rows_for(batch: list[Membership]) -> Iterator[Sequence[object]]:
    ids = {member.pk for member in batch}
    supporters: dict[int, list[Membership]] = defaultdict(list)
    walked_alongside: Counter[int] = Counter()
    open_assignments = (
        Assignment.objects.filter(Q(client_id__in=ids) | Q(supporter_id__in=ids), ended_at__isnull=True)
        .select_related("supporter__user")
        .order_by("supporter__user__display_name")
    )
    for assignment in open_assignments:
        supporters[assignment.client_id].append(assignment.supporter)
        walked_alongside[assignment.supporter_id] += 1
    for member in batch:
        yield (
            member.pk,
            member.user.display_name,
            member.user.email,
            member.role,
            "active" if member.is_active else "left",
            member.created_at.date(),
            "; ".join(str(s.pk) for s in supporters[member.pk]),
            "; ".join(s.user.display_name for s in supporters[member.pk]),
            walked_alongside[member.pk] if member.role == Role.SUPPORTER else "",
        )


KINDS = [
    ExportKind(
        slug="people",
        # Translated when shown (lazily), in the reader's language.
        title=_("People and assignments"),
        description=_(
            "Everyone in the organisation with their role, status and current peer supporters. "
            "Contains names and email addresses."
        ),
        columns=COLUMNS,
        may_export=policy.can_manage_organisation,
        count=count_people,
        rows=people_rows,
    ),
]
