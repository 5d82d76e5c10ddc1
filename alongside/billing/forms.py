"""Forms for session documentation and the payer rules. Nothing here is required by the form itself: a draft
may be half-filled, and the checks before signing (``rules.problems``) say what is missing, field by field."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role
from alongside.meetings.models import PERSONAL_MODES
from alongside.plans.models import Goal

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .models import TEXT_MAX_CHARS, Payer, PlaceOfService, Rounding, ServiceCode


def _too_long(limit: int) -> str:
    # Django fills in %(show_value)d (the length given) when it shows the message.
    message = gettext("Please keep this to %(limit)s characters or fewer (it has %(show_value)d).")
    return message.replace("%(limit)s", number_format(limit, force_grouping=True))


too_long = lazy(_too_long, str)


def _text(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_CHARS,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long(TEXT_MAX_CHARS)},
    )


class CodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}: {obj.description} ({obj.payer.name})"


class RecordForm(forms.Form):
    service_date = forms.DateField(
        label=_("Date of the session"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please give the date as year-month-day, for example 2026-11-30.")},
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Please give the start time as hours:minutes, for example 14:30.")},
    )
    end_time = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Please give the end time as hours:minutes, for example 15:15.")},
    )
    contact_type = forms.ChoiceField(
        label=_("How were you in contact?"), required=False, choices=PERSONAL_MODES, widget=forms.RadioSelect
    )
    place_of_service = forms.ModelChoiceField(
        queryset=PlaceOfService.objects.none(),
        label=_("Place of service"),
        required=False,
        empty_label=_("Choose…"),
        error_messages={"invalid_choice": _("Please choose one of the places listed.")},
    )
    service_code = CodeChoice(
        queryset=ServiceCode.objects.none(),
        label=_("Service code"),
        required=False,
        empty_label=_("Choose…"),
        error_messages={"invalid_choice": _("Please choose one of the service codes listed.")},
    )
    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which goals in the person's plan did this session serve?"),
        error_messages={"invalid_choice": _("Please choose only goals from this plan.")},
    )
    what_was_done = _text(_("What did you do together?"))
    response = _text(_("How did the person respond?"))
    next_step = _text(_("What is the next step?"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        codes: QuerySet[ServiceCode],
        places: QuerySet[PlaceOfService],
        goals: QuerySet[Goal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["service_code"].queryset = codes
        fields["place_of_service"].queryset = places
        fields["goals"].queryset = goals
        fields["goals"].label_from_instance = lambda goal: goal.text


class SignForm(RecordForm):
    credential = forms.CharField(
        label=_("Your credential"),
        required=False,
        max_length=60,
        help_text=_("As it should appear beside your signature, for example CPRS or CPS."),
    )


class AmendForm(RecordForm):
    reason = forms.CharField(
        label=_("Why are you amending this record?"),
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the record, with the date and your name, together with what it said before."),
        error_messages={"required": _("Please give the reason for the amendment.")},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4()


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change?"),
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The supporter sees this comment, fixes the record and signs it again."),
        error_messages={"required": _("Please write what needs to change, so the supporter knows what to fix.")},
    )


class PayerForm(forms.ModelForm):
    class Meta:
        model = Payer
        fields = ("name", "unit_minutes", "rounding", "daily_unit_limit", "is_active")
        labels = {
            "name": _("Name"),
            "unit_minutes": _("Minutes in one billing unit"),
            "rounding": _("How part of a unit counts"),
            "daily_unit_limit": _("Most units a day for one person (leave empty for no limit)"),
            "is_active": _("In use"),
        }
        widgets = {"rounding": forms.RadioSelect(choices=Rounding.choices)}


class ServiceCodeForm(forms.ModelForm):
    class Meta:
        model = ServiceCode
        fields = ("payer", "code", "modifiers", "description", "for_groups", "is_active")
        labels = {
            "payer": _("Payer"),
            "code": _("Code (HCPCS or CPT)"),
            "modifiers": _("Modifiers, separated by spaces (for example HQ or HF HQ)"),
            "description": _("Description"),
            "for_groups": _("For group sessions"),
            "is_active": _("In use"),
        }

    def __init__(self, *args: Any, payers: QuerySet[Payer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["payer"].queryset = payers

    def clean_modifiers(self) -> str:
        parts = str(self.cleaned_data.get("modifiers") or "").upper().split()
        if any(len(part) != 2 or not part.isalnum() for part in parts) or len(parts) > 4:
            raise forms.ValidationError(_("Modifiers are up to four two-character codes, such as HQ or HF HQ."))
        return " ".join(parts)

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code") or "").strip().upper()


class PlaceForm(forms.ModelForm):
    class Meta:
        model = PlaceOfService
        fields = ("code", "label", "is_active")
        labels = {
            "code": _("Place-of-service code (two digits)"),
            "label": _("What it means"),
            "is_active": _("In use"),
        }

    def clean_code(self) -> str:
        code = str(self.cleaned_data.get("code") or "").strip()
        if len(code) != 2 or not code.isdigit():
            raise forms.ValidationError(_("A place-of-service code is two digits, for example 11."))
        return code


class CosignForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Records signed by these roles need a supervisor's co-signature before they are billed"),
        choices=[(Role.SUPPORTER.value, _("Peer supporters")), (Role.SUPERVISOR.value, _("Supervisors"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
