"""Forms for the supervision space. Every text has a limit and a plain message; forms that create something
carry a submission key, so pressing the button twice stores it once."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.core.dates import IsoDateField, Plausible

from .models import GOAL_MAX_CHARS, ITEM_MAX_CHARS, ItemKind


def _text(label: str, limit: int, *, required: bool = True, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": "Please write something here.",
            "max_length": f"Please keep this to {limit:,} characters or fewer (it has %(show_value)d).",
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
        label="Supervisor",
        error_messages={"required": "Please choose a supervisor.", "invalid_choice": "Please choose a supervisor."},
    )
    peer = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        label="Peer supporter",
        error_messages={
            "required": "Please choose a peer supporter.",
            "invalid_choice": "Please choose a peer supporter of your organisation.",
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
        label="When did you meet?",
        plausible=Plausible(2, 0, "a session is recorded after it happens, within two years."),
        error_messages={"required": "Please give the date."},
    )
    talked_about = _text("What we talked about", ITEM_MAX_CHARS, required=False)
    takeaway = _text("What the peer takes away", ITEM_MAX_CHARS, required=False)
    next_step = _text("Next steps we agreed", ITEM_MAX_CHARS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()

    def items(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(kind) or "" for kind in ItemKind.values}


class ItemForm(SubmittedOnceForm):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what you are adding."},
    )
    text = _text("Your words", ITEM_MAX_CHARS)


class GoalForm(SubmittedOnceForm):
    text = _text("The goal", GOAL_MAX_CHARS, rows=3)


class DecisionForm(forms.Form):
    decision = forms.CharField(widget=forms.HiddenInput)
    own_words = _text(
        "In your own words (optional)",
        GOAL_MAX_CHARS,
        required=False,
        rows=3,
        help_text="Leave it empty to take the suggestion up as it is worded.",
    )
