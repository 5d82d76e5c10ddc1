"""An export: a CSV file written in the background, with its progress and, if it failed, why."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from alongside.reports.dashboards import Period


class Export(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being written"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=60)
    # Set by the form that asked for the export, so a double submit starts one export, not two.
    request_key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    rows_total = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Relative to settings.EXPORTS_DIR; empty until the file is complete.
    file_path = models.CharField(max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "request_key"], name="one_export_per_request"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="progress_at_most_100"),
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.kind}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def period(self) -> Period:
        """The period chosen when the export was asked for (exports from before there was a choice: the default)."""
        if self.period_start and self.period_end:
            return Period(self.period_start, self.period_end)
        return Period.default(self.created_at.date())
