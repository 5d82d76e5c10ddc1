"""Forms only parse; the rules (and their messages) live in actions.py so every way in shares them."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.core.dates import IsoDateField

from .actions import MAX_TEXT, ConsentRequest
from .models import RecipientKind
from .texts import AREA_CHOICES


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.display_name} ({obj.get_role_display()})"


class ConsentForm(forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput)
    recipient_kind = forms.ChoiceField(
        label=_("Who may see it?"), choices=RecipientKind.choices, widget=forms.RadioSelect, required=False
    )
    recipient_member = StaffChoiceField(
        label=_("The person in your organisation"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("Only if you chose “A person in my organisation”."),
    )
    recipient_name = forms.CharField(
        label=_("Name of the person or organisation outside"),
        max_length=200,
        required=False,
        help_text=_("Only if you chose “Someone outside my organisation”, e.g. “Dr. Lee, Northside Clinic”."),
    )
    areas = forms.MultipleChoiceField(
        label=_("What may they see?"), choices=AREA_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    purpose = forms.CharField(
        label=_("What is the sharing for?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For example: “So my supervisor can help plan my move to the new housing program.”"),
    )
    expires_on = IsoDateField(label=_("Last day of sharing"), required=False)  # its range: actions.grant_consent
    expiry_event = forms.CharField(
        label=_("Or end it earlier, when… (optional)"),
        required=False,
        help_text=_("For example: “when I finish the housing program”. Sharing stops at the earlier of the two."),
    )
    signature = forms.CharField(label=_("Type your name to sign"), max_length=120, required=False)

    def __init__(self, *args: Any, client: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_member"].queryset = (  # type: ignore[attr-defined]
            policy.possible_recipients(client).select_related("user").order_by("user__display_name")
        )
        self.fields["purpose"].widget.attrs["maxlength"] = MAX_TEXT
        if not self.is_bound:
            self.initial["request_key"] = uuid.uuid4()

    def to_request(self) -> ConsentRequest:
        data = self.cleaned_data
        return ConsentRequest(
            request_key=data["request_key"],
            recipient_kind=data["recipient_kind"],
            recipient_member=data["recipient_member"],
            recipient_name=data["recipient_name"],
            areas=data["areas"],
            purpose=data["purpose"],
            expires_on=data["expires_on"],
            expiry_event=data["expiry_event"],
            signature=data["signature"],
        )


class BreakGlassForm(forms.Form):
    client = forms.ModelChoiceField(
        label=_("Whose record"), queryset=Membership.objects.none(), empty_label=_("Choose…")
    )
    reason = forms.CharField(
        label=_("Why do you need to open it without their consent?"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
        required=False,
        help_text=_("At least a sentence. The person will see this reason, and it is kept in the audit log."),
    )

    def __init__(self, *args: Any, supervisor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clients = policy.break_glass_candidates(supervisor)
        self.fields["client"].queryset = clients.select_related("user").order_by("user__display_name")  # type: ignore[attr-defined]
        self.fields["client"].label_from_instance = lambda member: member.user.display_name  # type: ignore[attr-defined]
        self.fields["client"].error_messages["required"] = _("Please choose whose record you need to open.")


class CloseAccountForm(forms.Form):
    understood = forms.BooleanField(
        label=_(
            "I understand that I will no longer be able to sign in, and that nobody will be able to read my record."
        ),
        error_messages={"required": _("Please tick the box to confirm you want to close your account.")},
    )
