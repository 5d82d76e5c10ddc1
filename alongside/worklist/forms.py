from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REASON_MAX_CHARS


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you setting this aside?"),
        help_text=_(
            "For example: “We talked on the phone.” Kept with their record and in their download of their data."
        ),
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say why you are setting this aside.")},
    )


class SettingsForm(forms.Form):
    no_contact_days = forms.IntegerField(
        label=_("Days without a meeting before the worklist says so"),
        min_value=1,
        max_value=365,
    )
    checkin_overdue_days = forms.IntegerField(
        label=_("Days a check-in may wait for an answer before the worklist says so"),
        min_value=1,
        max_value=365,
    )
