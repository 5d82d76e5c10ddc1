"""Exports (a CSV file written in the background, with its progress and, if it failed, why) and the day tallies
behind the organisation dashboard (see ``tallies.py``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside.once import key_constraint
from alongside.reports.periods import Period


class Export(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

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
            key_constraint("requested_by", "request_key", name="one_export_per_request"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="progress_at_most_100"),
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.kind}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def error_shown(self) -> str:
        """Why it failed, in the reader's language: the row keeps the English words (the worker writes them
        with no one's language), marked for translation where they are raised."""
        return gettext(self.error) if self.error else ""

    @property
    def period(self) -> Period:
        """The period chosen when the export was asked for (exports from before there was a choice: the default)."""
        if self.period_start and self.period_end:
            return Period(self.period_start, self.period_end)
        return Period.default(self.created_at.date())


class DayTally(models.Model):
    """Part of one organisation's count for one measure on one day (in the site's time zone).

    ``events`` happened that day (``total`` adds up their values: session check-in totals, goals in the
    client's own words); for ``clients`` of the organisation's clients it was their first such day since
    ``previous_day`` (``date.min``: never before). Clients outside any assignment that day carry the
    assignment-free stretch around it (``unassigned_from`` to ``unassigned_to``); the others carry
    ``date.max``/``date.min``, which no period fits into. Rows only ever change by database-side additions
    (``tallies.py``); ``alongside reports rebuild`` counts them again from the records.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=40)
    day = models.DateField()
    previous_day = models.DateField()
    unassigned_from = models.DateField()
    unassigned_to = models.DateField()
    clients = models.IntegerField(default=0)
    events = models.IntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "day", "measure", "previous_day", "unassigned_from", "unassigned_to"],
                name="one_tally_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} on {self.day}: {self.events} ({self.clients} clients new since {self.previous_day})"


class FiguresVersion(models.Model):
    """How many times something the organisation's dashboards count has changed (``figures_cache.py``).

    Bumped in the transaction of every such write, so a cached figure for an older version is never read
    again: the version lives in the database, where every process sees it, and the cache may be per process.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Figures version {self.version} of organisation {self.organisation_id}"
