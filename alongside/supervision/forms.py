"""Forms for the supervision space. Every text has a limit and a plain message; forms that create something
carry a submission key, so pressing the button twice stores it once."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.core.dates import IsoDateField, Plausible

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .models import GOAL_MAX_CHARS, ITEM_MAX_CHARS, ItemKind


def _too_long(limit: int) -> str:
    # Django fills in %(show_value)d (the length given) when it shows the message.
    message = gettext("Please keep this to %(limit)s characters or fewer (it has %(show_value)d).")
    return message.replace("%(limit)s", number_format(limit, force_grouping=True))


too_long = lazy(_too_long, str)


def _text(
    label: StrOrPromise, limit: int, *, required: bool = True, help_text: StrOrPromise = "", rows: int = 4
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("Please write something here."),
            "max_length": too_long(limit),
        },
    )


class SubmittedOnceForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4()


class PairingForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        label=_("Supervisor"),
        error_messages={
            "required": _("Please choose a supervisor."),
            "invalid_choice": _("Please choose a supervisor."),
        },
    )
    peer = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        label=_("Peer supporter"),
        error_messages={
            "required": _("Please choose a peer supporter."),
            "invalid_choice": _("Please choose a peer supporter of your organisation."),
        },
    )

    def __init__(
        self,
        *args: Any,
        supervisors: QuerySet[Membership],
        peers: QuerySet[Membership],
        themselves: Membership | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("supervisor", supervisors), ("peer", peers)):
            field: Any = self.fields[name]
            field.queryset = choices.select_related("user").order_by("user__display_name")
            field.label_from_instance = lambda member: member.user.display_name
        if themselves is not None:  # a supervisor pairs themselves: nothing to choose
            self.fields["supervisor"].widget = forms.HiddenInput()
            self.fields["supervisor"].initial = themselves.pk


class SessionForm(SubmittedOnceForm):
    held_on = IsoDateField(
        label=_("When did you meet?"),
        plausible=Plausible(2, 0, _("a session is recorded after it happens, within two years.")),
        error_messages={"required": _("Please give the date.")},
    )
    talked_about = _text(_("What we talked about"), ITEM_MAX_CHARS, required=False)
    takeaway = _text(_("What the peer takes away"), ITEM_MAX_CHARS, required=False)
    next_step = _text(_("Next steps we agreed"), ITEM_MAX_CHARS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()

    def items(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(kind) or "" for kind in ItemKind.values}


class ItemForm(SubmittedOnceForm):
    kind = forms.ChoiceField(
        label=_("What are you adding?"),
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what you are adding.")},
    )
    text = _text(_("Your words"), ITEM_MAX_CHARS)


class GoalForm(SubmittedOnceForm):
    text = _text(_("The goal"), GOAL_MAX_CHARS, rows=3)


class DecisionForm(forms.Form):
    decision = forms.CharField(widget=forms.HiddenInput)
    own_words = _text(
        _("In your own words (optional)"),
        GOAL_MAX_CHARS,
        required=False,
        rows=3,
        help_text=_("Leave it empty to take the suggestion up as it is worded."),
    )
