"""The billing export: signed encounters, one row per billable line, each line in one batch only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.reports.registry import ExportKind

from . import actions, billing_csv, queries

KINDS = [
    ExportKind(
        slug="billing-lines",
        title=_("Billing lines"),  # lazy: read in the language of the page
        description=_(
            "Signed session records (co-signed where your organisation asks for it) with a date of service "
            "in the period chosen, one row per billable line, not yet in an earlier batch. Contains names."
        ),
        columns=billing_csv.COLUMNS,
        may_export=policy.can_export_billing,
        count=lambda organisation, period: billing_csv.in_period(queries.lines_ready(organisation.pk), period).count(),
        rows=lambda organisation, period: billing_csv.rows(
            billing_csv.in_period(queries.lines_ready(organisation.pk), period)
        ),
        claim=actions.claim_batch,
    ),
]
