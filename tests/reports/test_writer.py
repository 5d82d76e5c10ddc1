"""The export task writes the right CSV in chunks, reports progress to 100, and records failures plainly."""

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from alongside.reports import writer
from alongside.reports.models import Export
from alongside.reports.registry import ExportProblem, export_kinds
from alongside.reports.tasks import run_export

from ..conftest import People, run_queued_tasks
from ..factories import client_member
from .factories import queued_export

pytestmark = pytest.mark.django_db


def read_csv(export: Export, exports_dir: Path) -> list[dict[str, str]]:
    with (exports_dir / export.file_path).open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_people_export_lists_everyone_in_the_organisation_and_no_one_else(people: People, exports_dir: Path) -> None:
    export = queued_export(people.admin)
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    rows = {row["name"]: row for row in read_csv(export, exports_dir)}
    assert set(rows) == {"Casey Client", "Olive Otherclient", "Sam Supporter", "Una Unassigned"} | {
        "Vera Supervisor",
        "Ada Admin",
    }
    casey = rows["Casey Client"]
    assert casey["role"] == "client"
    assert casey["email"] == people.client.user.email
    assert casey["current_supporters"] == "Sam Supporter"
    assert casey["current_supporter_ids"] == str(people.supporter.pk)
    assert rows["Sam Supporter"]["people_walked_alongside"] == "1"
    assert rows["Casey Client"]["people_walked_alongside"] == ""
    assert export.rows_total == export.rows_written == 6
    assert export.file_size == (exports_dir / export.file_path).stat().st_size
    assert (exports_dir / export.file_path).stat().st_mode & 0o077 == 0


def test_progress_is_written_after_each_chunk_and_reaches_100(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(14):
        client_member(people.organisation)
    monkeypatch.setattr(writer, "CHUNK_ROWS", 5)
    seen: list[int] = []
    original = writer._update

    def spy(export: Export, **fields: object) -> None:
        original(export, **fields)
        if "progress" in fields:
            seen.append(Export.objects.get(pk=export.pk).progress)

    monkeypatch.setattr(writer, "_update", spy)
    export = queued_export(people.admin)
    run_export.call(export.pk)
    assert seen == [25, 50, 75, 99, 100]


def test_spreadsheet_formulas_are_defused(people: People, exports_dir: Path) -> None:
    client_member(people.organisation, user__display_name='=HYPERLINK("http://x")')
    export = queued_export(people.admin)
    run_export.call(export.pk)
    export.refresh_from_db()
    names = [row["name"] for row in read_csv(export, exports_dir)]
    assert '\'=HYPERLINK("http://x")' in names


def test_failure_is_recorded_with_a_plain_message(
    people: People, exports_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(organisation: object, period: object) -> list[list[str]]:
        raise RuntimeError("database went away")

    kind = export_kinds()["people"]
    monkeypatch.setitem(export_kinds(), "people", replace(kind, rows=broken))
    export = queued_export(people.admin)
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert export.error == writer.GENERIC_FAILURE
    assert "database went away" not in export.error
    assert export.finished_at is not None
    assert not list(exports_dir.rglob("*.part"))


def test_a_kinds_own_problem_is_shown_as_it_is(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuses(organisation: object, period: object) -> int:
        raise ExportProblem("There is nothing to export yet.")

    kind = export_kinds()["people"]
    monkeypatch.setitem(export_kinds(), "people", replace(kind, count=refuses))
    export = queued_export(people.admin)
    run_export.call(export.pk)
    export.refresh_from_db()
    assert (export.status, export.error) == (Export.Status.FAILED, "There is nothing to export yet.")


def test_unknown_kind_fails_cleanly(people: People) -> None:
    export = queued_export(people.admin, kind="retired-kind")
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert "no longer offered" in export.error


def test_a_task_delivered_twice_writes_once(people: People) -> None:
    export = queued_export(people.admin)
    run_export.call(export.pk)
    export.refresh_from_db()
    first_path = export.file_path
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.file_path == first_path


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens database connections
def test_the_database_worker_runs_queued_exports(people: People) -> None:
    export = queued_export(people.admin)
    run_export.enqueue(export.pk)
    run_queued_tasks()
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
