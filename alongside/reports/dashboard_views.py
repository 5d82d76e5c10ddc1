"""Dashboard pages: the organisation's figures, and one peer supporter's. Figures only, no client names."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.core.charts import Chart, bar_chart, line_chart
from alongside.web import acting

from .dashboards import Period, Scope, Section, dashboard
from .forms import PeriodForm


def chart_for(section: Section) -> Chart | None:
    """The section's cells drawn as bars or a line, named and titled; hidden and missing values are not
    drawn. Cells for the table only (``drawn=False``) are left out of the drawing but not of its description."""
    cells = [cell for cell in section.cells if cell.drawn]
    items = [(cell.short or cell.label, cell.plotted) for cell in cells]
    if section.kind == "number" or not items:
        return None
    summary = "; ".join(f"{cell.label}: {cell.shown}" for cell in section.cells)
    description = f"{section.about} {summary}."
    key = f"chart-{section.key}"
    if section.kind == "line":
        high = int(section.high or 100)
        return line_chart(key, section.title, description, items, low=0, high=high, axes=section.axes)
    shown = [cell.shown for cell in cells]
    return bar_chart(key, section.title, description, items, high=section.high, shown=shown, axes=section.axes)


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
        "form": form,
        "period": period,
        "scope": scope,
        "sections": [(section, chart_for(section)) for section in sections],
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
    return [
        (name, reverse("reports:supporter_dashboard", args=[pk]) + period)
        for pk, name in supporters.values_list("pk", "user__display_name")
    ]


@login_required
def supporter_dashboard(request: HttpRequest, supporter_id: int) -> HttpResponse:
    actor = acting(request)
    supporter = policy.dashboard_supporters(actor).select_related("user").filter(pk=supporter_id).first()
    if actor is None or supporter is None:
        raise Http404("No such peer supporter.")
    return _render(request, actor, Scope(actor.organisation, supporter), {"supporter": supporter})
