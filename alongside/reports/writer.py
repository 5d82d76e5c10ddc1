"""Writing an export's CSV file in chunks, recording progress after each so the page can show it."""

from __future__ import annotations

import csv
import logging
import os
import secrets
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from .models import Export
from .registry import ExportKind, ExportProblem, export_kinds

logger = logging.getLogger("alongside.reports")
CHUNK_ROWS = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Stored in English, as written here, and said in the reader's language on the page (Export.error_shown).
GENERIC_FAILURE = gettext_noop(
    "The export stopped because of a problem on our side. It has been logged. Please try again; if it "
    "happens again, tell whoever runs Alongside for your organisation."
)


def write_export(export_id: int) -> None:
    """Run one queued export to the end. Every outcome, including failure, is written to the Export row.

    In the site's language (English) whoever asked: the file is for records and other systems, and a worker
    has no reader's language; with tasks run at once, the request's language would otherwise leak in."""
    with translation.override(settings.LANGUAGE_CODE):
        _write_export(export_id)


def _write_export(export_id: int) -> None:
    export = Export.objects.select_related("organisation").get(pk=export_id)
    if export.status != Export.Status.QUEUED:
        return  # already handled, e.g. a task delivered twice
    _update(export, status=Export.Status.RUNNING, started_at=timezone.now())
    relative = f"{export.organisation_id}/{export.pk}-{export.kind}-{secrets.token_hex(8)}.csv"
    final = Path(settings.EXPORTS_DIR) / relative
    partial = final.with_suffix(".part")
    try:
        _write_csv(export, _kind_of(export), partial)
        partial.replace(final)
    except ExportProblem as problem:
        _fail(export, str(problem), partial)
    except Exception:
        logger.exception("Export %s failed", export.pk)
        _fail(export, GENERIC_FAILURE, partial)
    else:
        finished = {"finished_at": timezone.now(), "file_path": relative, "file_size": final.stat().st_size}
        _update(export, status=Export.Status.DONE, progress=100, **finished)


def _kind_of(export: Export) -> ExportKind:
    kind = export_kinds().get(export.kind)
    if kind is None:
        raise ExportProblem(gettext_noop("This kind of export is no longer offered."))
    return kind


def _write_csv(export: Export, kind: ExportKind, path: Path) -> None:
    claimed = kind.claim(export) if kind.claim is not None else None
    total = len(claimed) if claimed is not None else kind.count(export.organisation, export.period)
    _update(export, rows_total=total)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The file holds names: readable by the service's own user only. BOM so spreadsheets read UTF-8.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(kind.columns)
        rows = iter(claimed if claimed is not None else kind.rows(export.organisation, export.period))
        written = 0
        while chunk := list(islice(rows, CHUNK_ROWS)):
            writer.writerows([safe_cell(value) for value in row] for row in chunk)
            file.flush()
            written += len(chunk)
            _update(export, rows_written=written, progress=min(99, written * 100 // max(total, 1)))


def safe_cell(value: object) -> str | int | float:
    """Plain text for the CSV; text that a spreadsheet would run as a formula is prefixed with a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _fail(export: Export, message: str, partial: Path) -> None:
    partial.unlink(missing_ok=True)
    _update(export, status=Export.Status.FAILED, error=message[:500], finished_at=timezone.now())


def _update(export: Export, **fields: Any) -> None:
    """Write straight to the row (each update commits on its own in the worker) and keep ``export`` in step."""
    Export.objects.filter(pk=export.pk).update(**fields)
    for name, value in fields.items():
        setattr(export, name, value)
