from uuid import uuid4

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alongside.core.dates import IsoDateField, Plausible

from .dashboards import Period
from .registry import ExportKind

MAX_PERIOD_DAYS = 3 * 366
# Said in the reader's language when the error is made (core.dates.Plausible puts it in an f-string then).
REPORTED_DAYS = Plausible(20, 0, _("figures cover the last twenty years at most, up to today."))


class PeriodForm(forms.Form):
    """From and to dates for a dashboard. Empty fields fall back to the last 12 weeks."""

    start = IsoDateField(label=pgettext_lazy("period", "From"), required=False, plausible=REPORTED_DAYS)
    end = IsoDateField(label=pgettext_lazy("period", "To"), required=False, plausible=REPORTED_DAYS)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        default = Period.default()
        end = cleaned.get("end") or default.end
        start = cleaned.get("start") or min(default.start, end)
        if start > end:
            self.add_error("start", _("The start date is after the end date. Please swap them or choose again."))
        elif (end - start).days >= MAX_PERIOD_DAYS:
            self.add_error("start", _("Please choose a period of three years or less."))
        cleaned["period"] = Period(start, end)
        return cleaned

    def period(self) -> Period:
        """The chosen period once valid; the default period otherwise (the errors are shown beside it)."""
        return self.cleaned_data["period"] if self.is_valid() else Period.default()


class StartExportForm(PeriodForm):
    """What to export and, for the dashboard figures, over which period (empty: the last 12 weeks)."""

    kind = forms.ChoiceField(
        label=_("What to export"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what to export.")},
    )
    # A fresh key each time the form is shown: submitting the same form twice starts one export.
    request_key = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)

    def __init__(self, *args: object, kinds: list[ExportKind], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.kinds = {kind.slug: kind for kind in kinds}
        kind_field: forms.ChoiceField = self.fields["kind"]  # type: ignore[assignment]
        kind_field.choices = [(kind.slug, f"{kind.title}. {kind.description}") for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].slug
        self.fields["request_key"].initial = uuid4().hex

    def chosen_kind(self) -> ExportKind:
        return self.kinds[self.cleaned_data["kind"]]
