"""Forms for signing in, invitations and assignments. Every field has a limit and a plain message."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet

from .models import Membership, Role


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": "That email address and password do not match. Please try again.",
        "inactive": "That email address and password do not match. Please try again.",
    }


class InvitationForm(forms.Form):
    display_name = forms.CharField(label="Their name", max_length=120, help_text="How they would like to be addressed.")
    email = forms.EmailField(label="Their email address", max_length=254)
    role = forms.ChoiceField(label="Role", choices=Role.choices)

    def __init__(self, *args: Any, allowed_roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [(value, label) for value, label in Role.choices if value in allowed_roles]
        if len(allowed_roles) == 1:
            self.fields["role"].initial = allowed_roles[0]
            self.fields["role"].widget = forms.HiddenInput()

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Please enter a name.")
        return name


class SetPasswordOnAcceptForm(forms.Form):
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. A short sentence works well.",
    )
    password2 = forms.CharField(
        label="Type it again",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same.")
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AssignmentForm(forms.Form):
    supporter = forms.ModelChoiceField(
        queryset=Membership.objects.none(), label="Peer supporter", empty_label="Choose a peer supporter"
    )

    def __init__(self, *args: Any, supporters: QuerySet[Membership], **kwargs: Any) -> None:
        """``supporters``: whom the policy lets the admin choose (``policy.assignable_supporters``)."""
        super().__init__(*args, **kwargs)
        self.fields["supporter"].queryset = supporters.select_related("user").order_by("user__display_name")  # type: ignore[attr-defined]
        self.fields["supporter"].label_from_instance = lambda member: member.user.display_name  # type: ignore[attr-defined]


class TokenForm(forms.Form):
    token = forms.CharField(
        label="6-digit code from your authenticator app",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The code is made of digits only.")
        return token


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True})
    )
