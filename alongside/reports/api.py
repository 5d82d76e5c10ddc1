"""API endpoints for the dashboards: the same figures as the pages, for supervisors' and admins' tokens.

Access through ``policy.can_view_dashboards`` and ``policy.dashboard_supporters`` (404 otherwise); each
read is audited as ``read.dashboard``. Figures only: no client is named.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError

from alongside import policy
from alongside.accounts.models import Membership
from alongside.api.auth import ApiRequest
from alongside.api.schemas import ERRORS

from .dashboard_views import audited_dashboard
from .dashboards import Period, Scope
from .forms import PeriodForm

router = Router(tags=["reports"])


DAY = r"^\d{4}-\d{2}-\d{2}$"


class PeriodParams(Schema):
    """Dates as YYYY-MM-DD text, checked by the same form as the page (so the messages are the same)."""

    start: str | None = Field(None, pattern=DAY, description="First day, YYYY-MM-DD (default: 12 weeks ago).")
    end: str | None = Field(
        None, pattern=DAY, description="Last day, YYYY-MM-DD, today at the latest (default: today)."
    )


class CellOut(Schema):
    label: str
    value: float | None = Field(description="Null when hidden (fewer than 11 people) or when there is not enough data.")
    shown: str = Field(description="The figure as the page shows it, or 'fewer than 11' or 'not enough data'.")
    unit: str
    hidden: bool


class SectionOut(Schema):
    key: str
    title: str
    about: str
    notes: list[str]
    cells: list[CellOut]


class SupporterOut(Schema):
    id: int
    name: str


class DashboardOut(Schema):
    period_from: date
    period_to: date
    supporter: SupporterOut | None
    sections: list[SectionOut]


def _period(params: PeriodParams) -> Period:
    form = PeriodForm({"start": params.start or "", "end": params.end or ""})
    if not form.is_valid():
        raise ValidationError(
            [{"loc": ["query", name], "msg": " ".join(str(e) for e in errors)} for name, errors in form.errors.items()]
        )
    return form.period()


def _answer(request: HttpRequest, actor: Membership, scope: Scope, params: PeriodParams) -> dict[str, object]:
    period = _period(params)
    sections = audited_dashboard(request, actor, scope, period)
    supporter = scope.supporter
    return {
        "period_from": period.start,
        "period_to": period.end,
        "supporter": {"id": supporter.pk, "name": supporter.user.display_name} if supporter else None,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "about": section.about,
                "notes": section.notes,
                "cells": [
                    {"label": c.label, "value": c.plotted, "shown": c.shown, "unit": c.unit, "hidden": c.hidden}
                    for c in section.cells
                ],
            }
            for section in sections
        ],
    }


@router.get("/reports/organisation", response={200: DashboardOut, **ERRORS}, summary="The organisation dashboard")
def organisation(request: ApiRequest, params: Query[PeriodParams]) -> dict[str, object]:
    actor = request.membership
    if not policy.can_view_dashboards(actor):
        raise Http404
    return _answer(request, actor, Scope(actor.organisation), params)


@router.get(
    "/reports/supporters/{id}", response={200: DashboardOut, **ERRORS}, summary="One peer supporter's dashboard"
)
def supporter(request: ApiRequest, id: int, params: Query[PeriodParams]) -> dict[str, object]:
    actor = request.membership
    found = policy.dashboard_supporters(actor).select_related("user").filter(pk=id).first()
    if found is None:
        raise Http404
    return _answer(request, actor, Scope(actor.organisation, found), params)
