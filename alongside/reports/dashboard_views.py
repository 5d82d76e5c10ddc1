"""Dashboard pages: the organisation's figures, and one peer supporter's. Figures only, no client names."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.log import record
from alongside.core.charts import Chart, bar_chart, line_chart
from alongside.core.views import acting

from .dashboards import Period, Scope, Section, dashboard
from .forms import PeriodForm


def chart_for(section: Section) -> Chart | None:
    """The section's cells drawn as bars or a line; hidden and missing values are not drawn."""
    items = [(cell.label, cell.plotted) for cell in section.cells]
    if section.kind == "number" or not items:
        return None
    summary = "; ".join(f"{cell.label}: {cell.shown}" for cell in section.cells)
    description = f"{section.about} {summary}."
    key = f"chart-{section.key}"
    if section.kind == "line":
        return line_chart(key, section.title, description, items, low=0, high=int(section.high or 100))
    return bar_chart(key, section.title, description, items, high=section.high)


def audited_dashboard(request: HttpRequest, actor: Membership, scope: Scope, period: Period) -> list[Section]:
    """Compute the figures and write who looked at which dashboard, for which period (ids only)."""
    target = f"supporter:{scope.supporter.pk}" if scope.supporter else f"organisation:{scope.organisation.pk}"
    record(
        organisation=actor.organisation,
        actor=actor.user,
        action="read.dashboard",
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
    supporters = policy.dashboard_supporters(actor).filter(is_active=True).select_related("user")
    return _render(request, actor, Scope(actor.organisation), {"supporters": supporters.order_by("user__display_name")})


@login_required
def supporter_dashboard(request: HttpRequest, supporter_id: int) -> HttpResponse:
    actor = acting(request)
    supporter = policy.dashboard_supporters(actor).select_related("user").filter(pk=supporter_id).first()
    if actor is None or supporter is None:
        raise Http404("No such peer supporter.")
    return _render(request, actor, Scope(actor.organisation, supporter), {"supporter": supporter})
