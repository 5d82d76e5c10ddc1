"""Export kinds of the reports app: the dashboard figures as CSV, and the de-identified research export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.accounts.models import Membership, Organisation, Role

from . import research
from .dashboards import Period, Scope, dashboard
from .registry import ExportKind

REPORT_COLUMNS = ("period_from", "period_to", "supporter_id", "supporter", "section", "figure", "value", "unit")


def _figures(scope: Scope, period: Period) -> Iterator[Sequence[object]]:
    supporter = scope.supporter
    for section in dashboard(scope, period):
        for cell in section.cells:
            name = supporter.user.display_name if supporter else ""
            yield (
                period.start,
                period.end,
                supporter.pk if supporter else "",
                name,
                section.title,
                cell.label,
                cell.exported,
                cell.unit,
            )


def _supporters(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation, role=Role.SUPPORTER).select_related("user")


def organisation_rows(organisation: Organisation, period: Period) -> Iterator[Sequence[object]]:
    return _figures(Scope(organisation), period)


def supporter_rows(organisation: Organisation, period: Period) -> Iterator[Sequence[object]]:
    for supporter in _supporters(organisation).order_by("user__display_name", "pk"):
        yield from _figures(Scope(organisation, supporter), period)


def _figure_count(organisation: Organisation, period: Period) -> int:
    return sum(len(section.cells) for section in dashboard(Scope(organisation), period))


KINDS = [
    ExportKind(
        slug="report-organisation",
        title=_("Organisation dashboard figures"),
        description=_(
            "The organisation dashboard's figures for the period chosen, one row per figure. Figures "
            "about fewer than 11 people are hidden."
        ),
        columns=REPORT_COLUMNS,
        may_export=policy.can_view_dashboards,
        count=_figure_count,
        rows=organisation_rows,
    ),
    ExportKind(
        slug="report-supporters",
        title=_("Dashboard figures per peer supporter"),
        description=_(
            "Each peer supporter's dashboard figures for the period chosen. Contains the peer "
            "supporters' names, no client's."
        ),
        columns=REPORT_COLUMNS,
        may_export=policy.can_view_dashboards,
        count=lambda organisation, period: _figure_count(organisation, period) * _supporters(organisation).count(),
        rows=supporter_rows,
    ),
    ExportKind(
        slug="research",
        title=_("De-identified research data"),
        description=_(
            "Check-ins, meetings, goals and suggestions with no names, no emails and no free text; "
            "pseudonymous ids and shifted dates."
        ),
        columns=research.COLUMNS,
        may_export=policy.can_manage_organisation,
        count=lambda organisation, period: research.count_rows(organisation),  # everything, whatever the period
        rows=lambda organisation, period: research.research_rows(organisation),
    ),
]
