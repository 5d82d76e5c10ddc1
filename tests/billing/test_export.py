"""The billing export: one row per signed line, each line in one batch, so exporting again never double-counts."""

import csv
from pathlib import Path

import pytest

from alongside.audit.models import AuditEntry
from alongside.billing.billing_csv import COLUMNS
from alongside.billing.models import BillingBatch, SessionRecord
from alongside.reports.models import Export
from alongside.reports.tasks import run_export
from tests.conftest import People
from tests.reports.factories import queued_export

from .factories import a_meeting, rules_for, signed_record

pytestmark = pytest.mark.django_db


def read_csv(export: Export, exports_dir: Path) -> list[dict[str, str]]:
    with (exports_dir / export.file_path).open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def run(people: People) -> Export:
    export = queued_export(people.admin, "billing-lines")
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.error
    return export


def test_signed_lines_are_exported_once_and_again_only_new_ones(people: People, exports_dir: Path) -> None:
    rules_for(people, cosign=True)
    first = signed_record(people)  # waits for a co-signature: not billable yet
    export = run(people)
    assert read_csv(export, exports_dir) == []
    from alongside.billing import actions

    actions.cosign(first, by=people.supervisor)
    export = run(people)
    rows = read_csv(export, exports_dir)
    assert list(rows[0]) == list(COLUMNS)
    assert [row["line_id"] for row in rows] == [str(first.pk)]
    row = rows[0]
    assert row["service_code"] == "H0038" and row["modifiers"] == "" and row["units"] == "3"
    assert row["client_name"] == "Casey Client" and row["provider_credential"] == "CPRS"
    assert row["cosigned_by"] == "Vera Supervisor" and row["place_of_service"] == "11"
    batch = BillingBatch.objects.get(export=export)
    assert batch.line_count == 1 and batch.units == 3
    assert AuditEntry.objects.filter(action="billing.batch", target=f"billing_batch:{batch.pk}").exists()
    # Export again: nothing new, so nothing; then a new line alone.
    assert read_csv(run(people), exports_dir) == []
    second = signed_record(people, a_meeting(people, minutes=30))
    actions.cosign(second, by=people.supervisor)
    again = run(people)
    assert [row["line_id"] for row in read_csv(again, exports_dir)] == [str(second.pk)]
    assert SessionRecord.objects.get(pk=first.pk).batch == batch
    # The old batch's file can still be downloaded again, unchanged.
    assert [row["line_id"] for row in read_csv(export, exports_dir)] == [str(first.pk)]


def test_lines_of_a_failed_export_are_offered_again(people: People, exports_dir: Path) -> None:
    rules_for(people)
    line = signed_record(people)
    failed = queued_export(people.admin, "billing-lines")
    BillingBatch.objects.create(organisation=people.organisation, export=failed, line_count=1)
    SessionRecord.objects.filter(pk=line.pk).update(batch=BillingBatch.objects.get(export=failed))
    Export.objects.filter(pk=failed.pk).update(status=Export.Status.FAILED)
    assert [row["line_id"] for row in read_csv(run(people), exports_dir)] == [str(line.pk)]


def test_only_an_admin_can_start_a_billing_export(people: People, exports_dir: Path) -> None:
    rules_for(people)
    signed_record(people)
    export = queued_export(people.supervisor, "billing-lines")
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert SessionRecord.objects.filter(batch__isnull=False).count() == 0
