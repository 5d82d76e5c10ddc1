"""Forms for session documentation and the payer rules. Nothing here is required by the form itself: a draft
may be half-filled, and the checks before signing (``rules.problems``) say what is missing, field by field."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet

from alongside.accounts.models import Role
from alongside.meetings.models import PERSONAL_MODES
from alongside.plans.models import Goal

from .models import TEXT_MAX_CHARS, Payer, PlaceOfService, Rounding, ServiceCode


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_CHARS,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": f"Please keep this to {TEXT_MAX_CHARS:,} characters or fewer (it has %(show_value)d)."
        },
    )


class CodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}: {obj.description} ({obj.payer.name})"


class RecordForm(forms.Form):
    service_date = forms.DateField(
        label="Date of the session",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Please give the date as year-month-day, for example 2026-11-30."},
    )
    start_time = forms.TimeField(
        label="Start time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Please give the start time as hours:minutes, for example 14:30."},
    )
    end_time = forms.TimeField(
        label="End time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Please give the end time as hours:minutes, for example 15:15."},
    )
    contact_type = forms.ChoiceField(
        label="How were you in contact?", required=False, choices=PERSONAL_MODES, widget=forms.RadioSelect
    )
    place_of_service = forms.ModelChoiceField(
        queryset=PlaceOfService.objects.none(),
        label="Place of service",
        required=False,
        empty_label="Choose…",
        error_messages={"invalid_choice": "Please choose one of the places listed."},
    )
    service_code = CodeChoice(
        queryset=ServiceCode.objects.none(),
        label="Service code",
        required=False,
        empty_label="Choose…",
        error_messages={"invalid_choice": "Please choose one of the service codes listed."},
    )
    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which goals in the person's plan did this session serve?",
        error_messages={"invalid_choice": "Please choose only goals from this plan."},
    )
    what_was_done = _text("What did you do together?")
    response = _text("How did the person respond?")
    next_step = _text("What is the next step?")
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
        label="Your credential",
        required=False,
        max_length=60,
        help_text="As it should appear beside your signature, for example CPRS or CPS.",
    )


class AmendForm(RecordForm):
    reason = forms.CharField(
        label="Why are you amending this record?",
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the record, with the date and your name, together with what it said before.",
        error_messages={"required": "Please give the reason for the amendment."},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4()


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change?",
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The supporter sees this comment, fixes the record and signs it again.",
        error_messages={"required": "Please write what needs to change, so the supporter knows what to fix."},
    )


class PayerForm(forms.ModelForm):
    class Meta:
        model = Payer
        fields = ("name", "unit_minutes", "rounding", "daily_unit_limit", "is_active")
        labels = {
            "name": "Name",
            "unit_minutes": "Minutes in one billing unit",
            "rounding": "How part of a unit counts",
            "daily_unit_limit": "Most units a day for one person (leave empty for no limit)",
            "is_active": "In use",
        }
        widgets = {"rounding": forms.RadioSelect(choices=Rounding.choices)}


class ServiceCodeForm(forms.ModelForm):
    class Meta:
        model = ServiceCode
        fields = ("payer", "code", "modifiers", "description", "for_groups", "is_active")
        labels = {
            "code": "Code (HCPCS or CPT)",
            "modifiers": "Modifiers, separated by spaces (for example HQ or HF HQ)",
            "for_groups": "For group sessions",
            "is_active": "In use",
        }

    def __init__(self, *args: Any, payers: QuerySet[Payer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["payer"].queryset = payers

    def clean_modifiers(self) -> str:
        parts = str(self.cleaned_data.get("modifiers") or "").upper().split()
        if any(len(part) != 2 or not part.isalnum() for part in parts) or len(parts) > 4:
            raise forms.ValidationError("Modifiers are up to four two-character codes, such as HQ or HF HQ.")
        return " ".join(parts)

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code") or "").strip().upper()


class PlaceForm(forms.ModelForm):
    class Meta:
        model = PlaceOfService
        fields = ("code", "label", "is_active")
        labels = {"code": "Place-of-service code (two digits)", "label": "What it means", "is_active": "In use"}

    def clean_code(self) -> str:
        code = str(self.cleaned_data.get("code") or "").strip()
        if len(code) != 2 or not code.isdigit():
            raise forms.ValidationError("A place-of-service code is two digits, for example 11.")
        return code


class CosignForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Records signed by these roles need a supervisor's co-signature before they are billed",
        choices=[(Role.SUPPORTER.value, "Peer supporters"), (Role.SUPERVISOR.value, "Supervisors")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
