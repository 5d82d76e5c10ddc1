"""Forms for signing in, invitations and assignments. Every field has a limit and a plain message."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .actions.two_factor import RECOVERY_CODE_LENGTH
from .models import Membership, Role


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("That email address and password do not match. Please try again."),
        "inactive": _("That email address and password do not match. Please try again."),
        "access_ended": _(
            "Your access to Alongside has ended, so you cannot sign in. "
            "If you think this is a mistake, please contact your organisation."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        """Only after the right password: someone whose every membership was deactivated is told plainly."""
        super().confirm_login_allowed(user)
        memberships = Membership.objects.filter(user=user)
        if memberships.exists() and not memberships.filter(is_active=True).exists():
            raise forms.ValidationError(self.error_messages["access_ended"], code="access_ended")


class PasswordResetByLanguageForm(PasswordResetForm):
    """The link to set a new password, in the language the account's owner chose (else the page's language)."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        context = args[2] if len(args) > 2 else kwargs["context"]
        with translation.override(getattr(context["user"], "language", "") or translation.get_language()):
            super().send_mail(*args, **kwargs)


class InvitationForm(forms.Form):
    display_name = forms.CharField(
        label=_("Their name"), max_length=120, help_text=_("How they would like to be addressed.")
    )
    email = forms.EmailField(label=_("Their email address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(
        label=_("Language of the invitation email"),
        choices=settings.LANGUAGES,
        required=False,  # not sent: the language the person inviting is using
        help_text=_("Alongside will be in this language for them too. They can change it whenever they like."),
    )

    def __init__(self, *args: Any, allowed_roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language() or settings.LANGUAGE_CODE
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [(value, label) for value, label in Role.choices if value in allowed_roles]
        if len(allowed_roles) == 1:
            self.fields["role"].initial = allowed_roles[0]
            self.fields["role"].widget = forms.HiddenInput()

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(gettext("Please enter a name."))
        return name


class SetPasswordOnAcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters. A short sentence works well."),
    )
    password2 = forms.CharField(
        label=_("Type it again"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", gettext("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AssignmentForm(forms.Form):
    supporter = forms.ModelChoiceField(
        queryset=Membership.objects.none(), label=_("Peer supporter"), empty_label=_("Choose a peer supporter")
    )

    def __init__(self, *args: Any, supporters: QuerySet[Membership], **kwargs: Any) -> None:
        """``supporters``: whom the policy lets the admin choose (``policy.assignable_supporters``)."""
        super().__init__(*args, **kwargs)
        self.fields["supporter"].queryset = supporters.select_related("user").order_by("user__display_name")  # type: ignore[attr-defined]
        self.fields["supporter"].label_from_instance = lambda member: member.user.display_name  # type: ignore[attr-defined]


def normalise_recovery_code(text: str) -> str:
    """Recovery codes are shown as ``abcd-efgh-jkmn``; people may type them with spaces, dashes or capitals."""
    return "".join(character for character in text.lower() if character.isalnum())


class TokenForm(forms.Form):
    """A 6-digit code from the authenticator app or, when the phone is lost, a recovery code."""

    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def __init__(self, *args: Any, recovery: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recovery = recovery
        if recovery:
            self.fields["token"].label = gettext("A recovery code")
            self.fields["token"].widget.attrs = {"autocomplete": "off", "autocapitalize": "none"}

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if self.recovery:
            code = normalise_recovery_code(token)
            if len(code) != RECOVERY_CODE_LENGTH:
                raise forms.ValidationError(
                    gettext("A recovery code has %(length)s letters and digits, like abcd-efgh-jkmn.")
                    % {"length": RECOVERY_CODE_LENGTH}
                )
            return code
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(gettext("The code is 6 digits, for example 123456."))
        return token


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


NOBODY_YET = "nobody"


class HandoverForm(forms.Form):
    """For each client of a leaving supporter, who takes them on: another active peer supporter, or nobody yet."""

    def __init__(self, *args: Any, takers: QuerySet[Membership], clients: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.takers = {
            str(supporter.pk): supporter for supporter in takers.select_related("user").order_by("user__display_name")
        }
        choices = [("", gettext("Choose…"))]
        choices += [(pk, supporter.user.display_name) for pk, supporter in self.takers.items()]
        choices += [(NOBODY_YET, gettext("Nobody yet (match them later)"))]
        for client in clients:
            self.fields[f"client_{client.pk}"] = forms.ChoiceField(
                label=gettext("Who walks alongside %(name)s now?") % {"name": client.user.display_name},
                choices=choices,
                error_messages={
                    "required": gettext("Please choose who takes on %(name)s.") % {"name": client.user.display_name}
                },
            )
        self.clients = clients

    def takers_by_client(self) -> dict[int, Membership | None]:
        """Valid only after ``is_valid()``."""
        return {client.pk: self.takers.get(self.cleaned_data[f"client_{client.pk}"]) for client in self.clients}
