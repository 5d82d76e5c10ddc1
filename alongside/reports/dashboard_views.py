"""Dashboard pages: the organisation's figures, and one peer supporter's. Figures only, no client names."""

from __future__ import annotations

import functools
from datetime import date
from html import escape
from typing import NamedTuple
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.core.charts import Chart, bar_chart, line_chart
from alongside.core.links import links
from alongside.web import acting

from .dashboards import Period, Scope, Section, dashboard
from .forms import PeriodForm


def chart_for(section: Section, figures: list[str]) -> Chart | None:
    """The section's cells drawn as bars or a line, named and titled; hidden and missing values are not
    drawn. Cells for the table only (``drawn=False``) are left out of the drawing but not of its description.
    ``figures`` are the cells' figures as the page says them (``Cell.shown``, worked out once per view)."""
    cells = [(cell, figure) for cell, figure in zip(section.cells, figures, strict=True) if cell.drawn]
    items = [(cell.short or cell.label, cell.plotted) for cell, _ in cells]
    if section.kind == "number" or not items:
        return None
    summary = "; ".join(f"{cell.label}: {figure}" for cell, figure in zip(section.cells, figures, strict=True))
    description = f"{section.about} {summary}."
    key = f"chart-{section.key}"
    if section.kind == "line":
        high = int(section.high or 100)
        return line_chart(key, section.title, description, items, low=0, high=high, axes=section.axes)
    drawn = [figure for _, figure in cells]
    return bar_chart(key, section.title, description, items, high=section.high, shown=drawn, axes=section.axes)


class Shown(NamedTuple):
    """A section as the page shows it, every figure said once: the chart's markup (empty for figures only), the
    figures beside the chart that it does not draw, and the rows of its table. The template looped over the
    cells twice, looking each one's figure up again, which cost more than working out the figures."""

    section: Section
    chart: SafeString
    apart: list[tuple[str, str]]  # (label, figure) of the cells not drawn
    rows: SafeString


def shown(section: Section) -> Shown:
    figures = [cell.shown for cell in section.cells]
    chart = chart_for(section, figures)
    rows = "".join(
        f'<tr><th scope="row">{escape(cell.label)}</th><td>{escape(figure)}</td></tr>'
        for cell, figure in zip(section.cells, figures, strict=True)
    )
    apart = [(cell.label, figure) for cell, figure in zip(section.cells, figures, strict=True) if not cell.drawn]
    return Shown(section, chart.markup if chart else SafeString(), apart, mark_safe(rows))  # noqa: S308 - escaped


@functools.lru_cache(maxsize=16)  # two languages, and a new day now and then
def empty_period_form(language: str, today: date) -> SafeString:
    """The period form as it first shows, before anyone chooses dates: the same for everyone on the same day in
    the same language (its labels; its dates' ``min`` and ``max`` count from today), and rendering Django's form
    templates cost as much as all the dashboard's figures. ``language`` and ``today`` are the key only: the form
    reads both for itself, from the request's language and ``timezone.localdate``."""
    return PeriodForm().as_div()


def audited_dashboard(request: HttpRequest, actor: Membership, scope: Scope, period: Period) -> list[Section]:
    """Compute the figures and write who looked at which dashboard, for which period (ids only)."""
    target = f"supporter:{scope.supporter.pk}" if scope.supporter else f"organisation:{scope.organisation.pk}"
    record(
        organisation=actor.organisation,
        actor=actor.user,
        action=AuditAction.READ_DASHBOARD,
        target=target,
        detail={"from": period.start.isoformat(), "to": period.end.isoformat()},
        request=request,
    )
    return dashboard(scope, period)


def _render(request: HttpRequest, actor: Membership, scope: Scope, template_context: dict[str, object]) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period = form.period() if form.is_bound else Period.default()
    sections = audited_dashboard(request, actor, scope, period)
    context = {
        "form": form,  # base.html sums up its errors
        "period_form": form.as_div() if form.is_bound else empty_period_form(get_language(), timezone.localdate()),
        "period": period,
        "scope": scope,
        "sections": [shown(section) for section in sections],
        **template_context,
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def organisation_dashboard(request: HttpRequest) -> HttpResponse:
    actor = acting(request)
    if not policy.can_view_dashboards(actor):
        raise Http404
    supporters = policy.dashboard_supporters(actor).filter(is_active=True).order_by("user__display_name")
    return _render(request, actor, Scope(actor.organisation), {"supporters": supporter_links(request, supporters)})


def supporter_links(request: HttpRequest, supporters: QuerySet[Membership]) -> list[tuple[str, str]]:
    """Each supporter's name and dashboard link for the same period. Made here rather than in the template,
    which took longer than the figures with 500 supporters."""
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    period = f"?start={quote(start)}&end={quote(end)}" if start or end else ""
    named = list(supporters.values_list("pk", "user__display_name"))
    link = links("reports:supporter_dashboard", [pk for pk, _ in named])
    return [(name, link[pk] + period) for pk, name in named]


@login_required
def supporter_dashboard(request: HttpRequest, supporter_id: int) -> HttpResponse:
    actor = acting(request)
    supporter = policy.dashboard_supporters(actor).select_related("user").filter(pk=supporter_id).first()
    if actor is None or supporter is None:
        raise Http404("No such peer supporter.")
    return _render(request, actor, Scope(actor.organisation, supporter), {"supporter": supporter})
