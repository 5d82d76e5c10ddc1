"""Forms for meetings and notes. Every text has a limit and a plain message; each form that creates
something carries a submission key, so pressing the button twice stores it once."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.core.dates import IsoDateTimeField, Plausible
from alongside.language.sharing import CoachedForm
from alongside.plans.models import Goal

from .actions import MAX_MEETING_MINUTES
from .models import NOTE_MAX_CHARS, PERSONAL_MODES, STATEMENT_MAX_CHARS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _keep_to(limit: int) -> str:
    """ "Please keep this to 5,000 characters or fewer", in the language of the moment the error is shown; Django
    fills in ``show_value``, the length given."""
    return gettext("Please keep this to %(limit)s characters or fewer (it has %%(show_value)d).") % {
        "limit": number_format(limit, force_grouping=True)
    }


keep_to = lazy(_keep_to, str)


def _text(label: StrOrPromise, limit: int, help_text: StrOrPromise = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": _("Please write something here."), "max_length": keep_to(limit)},
    )


class SubmittedOnceForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4()


class MeetingForm(SubmittedOnceForm):
    held_at = IsoDateTimeField(
        label=_("When did you meet?"),
        plausible=Plausible(2, 0, _("a meeting is recorded after it happens, within two years.")),
        error_messages={"required": _("Please give the date and time.")},
    )
    mode = forms.ChoiceField(
        label=_("How did you meet?"),
        choices=PERSONAL_MODES,  # a group session's meeting is made by the groups app
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how you met.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("How long, in minutes?"),
        min_value=1,
        max_value=MAX_MEETING_MINUTES,
        error_messages={
            "required": _("Please give the length in minutes."),
            "min_value": _("The length must be at least 1 minute."),
            "max_value": _("The length must be at most %(limit_value)s minutes."),
        },
    )
    supporter = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        label=_("Who did you meet?"),
        empty_label=None,
        error_messages={"invalid_choice": _("Please choose one of your peer supporters.")},
    )

    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which goals did you talk about? (optional)"),
        error_messages={"invalid_choice": _("Please choose only goals from this plan.")},
    )

    def __init__(
        self, *args: Any, supporters: QuerySet[Membership], actor: Membership, goals: QuerySet[Goal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["supporter"]
        field.queryset = supporters
        field.label_from_instance = lambda member: member.user.display_name
        if actor in supporters:  # a supporter records their own meeting
            field.initial, field.widget = actor.pk, forms.HiddenInput()
        goal_field: Any = self.fields["goals"]
        goal_field.queryset = goals
        goal_field.label_from_instance = lambda goal: goal.text
        if not goals.exists():  # nothing to choose from, but a posted goal must still be refused clearly
            goal_field.widget = forms.MultipleHiddenInput()


class NoteForm(SubmittedOnceForm, CoachedForm):
    coached = ("body",)
    body = _text(
        _("Note"),
        NOTE_MAX_CHARS,
        _(
            "It stays a draft that only you can see until you share it. "
            "Once shared, they can read it and add their view."
        ),
        rows=8,
    )


class NoteEditForm(CoachedForm):
    coached = ("body",)
    body = _text(_("Note"), NOTE_MAX_CHARS, rows=10)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PerspectiveForm(SubmittedOnceForm):
    body = _text(_("Your view"), STATEMENT_MAX_CHARS, _("Shown beside the note, in your words."), rows=4)


class CorrectionForm(SubmittedOnceForm):
    statement = _text(
        _("What is not right, and what should it say?"),
        STATEMENT_MAX_CHARS,
        _("Your request stays with the note, whatever the answer."),
        rows=4,
    )


class AnswerCorrectionForm(CoachedForm):
    coached = ("corrected_body", "answer")
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Correct the note")), ("decline", _("Keep the note as it is, and explain why"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose whether to correct the note.")},
    )
    corrected_body = forms.CharField(
        label=_("Corrected note"),
        max_length=NOTE_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Only if you correct it. The earlier wording is kept and can still be seen."),
    )
    answer = _text(_("A few words to them about your answer"), STATEMENT_MAX_CHARS, rows=3)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self._accepts() and not cleaned.get("corrected_body", "").strip():
            self.add_error("corrected_body", gettext("Please write the corrected note."))
        return cleaned

    def _accepts(self) -> bool:
        return bool(self.cleaned_data.get("decision") == "accept")

    def shared_fields(self) -> tuple[str, ...]:
        """The corrected note reaches the client only if they correct it; the answer always does."""
        return self.coached if self._accepts() else ("answer",)
