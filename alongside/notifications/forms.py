from __future__ import annotations

from typing import Any, cast
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .backends import BACKENDS
from .kinds import Kind
from .models import Frequency

TIME_FORMAT = "%H:%M"
TIME_ERROR = gettext_lazy("Please give a time on the 24-hour clock, like 22:00 or 07:30.")


class PreferencesForm(forms.Form):
    """What, how often, by which channel, and quiet hours. Only the kinds the person's role can hear of are offered."""

    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Tell me about"), required=False, widget=forms.CheckboxSelectMultiple
    )
    frequency = forms.ChoiceField(label=gettext_lazy("How often"), choices=Frequency.choices, widget=forms.RadioSelect)
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("How"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, gettext_lazy(backend.label)) for name, backend in BACKENDS.items()],
    )
    quiet_from = forms.TimeField(
        label=gettext_lazy("Quiet from"),
        required=False,
        input_formats=[TIME_FORMAT],
        widget=forms.TimeInput(format=TIME_FORMAT, attrs={"type": "time", "aria-describedby": "quiet-hint"}),
        error_messages={"invalid": TIME_ERROR},
    )
    quiet_until = forms.TimeField(
        label=gettext_lazy("Quiet until"),
        required=False,
        input_formats=[TIME_FORMAT],
        widget=forms.TimeInput(format=TIME_FORMAT, attrs={"type": "time", "aria-describedby": "quiet-hint"}),
        error_messages={"invalid": TIME_ERROR},
    )
    time_zone = forms.ChoiceField(label=gettext_lazy("In the time zone"), required=False)

    def __init__(self, *args: Any, kinds: tuple[Kind, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["kinds"]).choices = [(kind.value, kind.label) for kind in kinds]
        organisation = _("The organisation's (%(zone)s)") % {"zone": settings.TIME_ZONE}
        cast(forms.ChoiceField, self.fields["time_zone"]).choices = [
            ("", organisation),
            *((name, name) for name in sorted(available_timezones())),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if "quiet_from" in data and "quiet_until" in data and (start is None) != (end is None):
            raise forms.ValidationError(_("Please give both times of your quiet hours, or leave both empty."))
        if start is not None and start == end:
            raise forms.ValidationError(
                _("Your quiet hours start and end at the same time. Please choose two different times.")
            )
        if data.get("kinds") and not data.get("channels"):
            raise forms.ValidationError(_("Please choose how to tell you, or untick everything under “Tell me about”."))
        return data
