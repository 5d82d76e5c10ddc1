"""Forms for the plan. Limits come from the models; text fields carry no ``maxlength`` attribute on purpose,
so a browser never silently cuts what someone pasted: the server explains the limit and keeps every word."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside.core.dates import IsoDateField, Plausible
from alongside.language.sharing import CoachedForm

from .models import (
    ENCOURAGEMENT_MAX,
    GOAL_TEXT_MAX,
    JOURNAL_MAX,
    LONG_TEXT_MAX,
    REASON_MAX,
    STEP_TEXT_MAX,
    SUGGESTION_TEXT_MAX,
    Decision,
    LifeArea,
    Status,
    SuggestionKind,
)


def characters(count: int) -> str:
    """A count of characters as the person's language writes numbers ("2,000" in English, "2.000" in Spanish)."""
    return number_format(count, force_grouping=True)


class Words(forms.CharField):
    """Free text with a limit checked on the server and explained in plain words."""

    def __init__(self, limit: int, *, required: bool = False, textarea: bool = True, **kwargs: Any) -> None:
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        super().__init__(required=required, widget=widget, **kwargs)
        self.limit = limit

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(gettext("This cannot be empty. Please write a few words."), code="required")
        if value and len(value) > self.limit:
            raise forms.ValidationError(
                gettext(
                    "This can be up to %(limit)s characters; it is %(length)s. "
                    "Please shorten it a little: everything you wrote is still here."
                )
                % {"limit": characters(self.limit), "length": characters(len(value))},
                code="too_long",
            )


class GoalForm(forms.Form):
    text = Words(GOAL_TEXT_MAX, required=True, label=_("My goal, in my own words"))
    why = Words(LONG_TEXT_MAX, label=_("Why this matters to me"))
    life_area = forms.ChoiceField(
        label=_("Part of life (optional)"), required=False, choices=[("", _("No particular area")), *LifeArea.choices]
    )
    strengths = Words(LONG_TEXT_MAX, label=_("Strengths I can draw on"))
    supports = Words(LONG_TEXT_MAX, label=_("People and things that support me"))
    target_date = IsoDateField(
        label=_("Target date (optional)"),
        required=False,
        plausible=Plausible(5, 20, _("a target date within five years before today and twenty years after.")),
    )
    is_private = forms.BooleanField(
        label=_("Keep this goal private"),
        required=False,
        help_text=_("Private goals are yours alone: no supporter or supervisor sees them or their steps."),
    )

    def wording(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("text", "why", "life_area", "strengths", "supports")} | {
            "target_date": self.cleaned_data["target_date"]
        }


class SentOnceForm(forms.Form):
    """Carries a key made when the form is shown, so the same form sent twice (a double click) is stored once.

    Optional: a page opened before the key existed still saves (just without that protection), instead of
    failing on a hidden field the person cannot fix.
    """

    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].initial = uuid.uuid4()


class NewGoalForm(GoalForm, SentOnceForm):
    status = forms.ChoiceField(
        label=_("Where I am with it"),
        choices=[(Status.ACTIVE, _("I am working on it")), (Status.PROPOSED, _("I am still thinking about it"))],
        initial=Status.ACTIVE,
        widget=forms.RadioSelect,
    )


class VersionedForm(forms.Form):
    """Carries the version the person started from, so an edit made meanwhile is noticed, not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EditGoalForm(GoalForm, VersionedForm):
    pass


class StepForm(forms.Form):
    text = Words(STEP_TEXT_MAX, required=True, textarea=False, label=_("A step"))


class EditStepForm(StepForm, VersionedForm):
    pass


class SuggestionForm(CoachedForm):
    coached = ("text", "reason")
    kind = forms.ChoiceField(
        label=_("What are you suggesting?"), choices=SuggestionKind.choices, widget=forms.RadioSelect
    )
    text = Words(SUGGESTION_TEXT_MAX, required=True, label=_("Your suggestion"))
    reason = Words(REASON_MAX, label=_("A short reason (optional)"), help_text=_("Why you thought of this."))
    goal = forms.IntegerField(required=False, widget=forms.HiddenInput)
    step = forms.IntegerField(required=False, widget=forms.HiddenInput)
    in_reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = cast(forms.ChoiceField, self.fields["kind"])
        kind_field.choices = [(value, label) for value, label in SuggestionKind.choices if value in kinds]
        if len(kinds) == 1:
            kind_field.initial = kinds[0]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("What would you like to do?"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.ACCEPTED, _("Accept it as it is")),
            (Decision.REWORDED, _("Accept it in my own words")),
            (Decision.DECLINED, _("No thanks")),
            (Decision.LATER, _("Decide later")),
        ],
        error_messages={"required": _("Please choose one of the options.")},
    )
    text = Words(
        SUGGESTION_TEXT_MAX, label=_("My own words"), help_text=_("Used when you accept it in your own words.")
    )
    why = Words(REASON_MAX, label=_("If you say no thanks: why? (optional)"), help_text=_("Only if you want to say."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == Decision.REWORDED and not (cleaned.get("text") or "").strip():
            self.add_error("text", gettext("Please write it in your own words, or choose 'Accept it as it is'."))
        return cleaned


class AskForIdeasForm(forms.Form):
    note = Words(REASON_MAX, label=_("What would help? (optional)"))


class EncouragementForm(CoachedForm):
    coached = ("text",)
    text = Words(ENCOURAGEMENT_MAX, required=True, label=_("A word of encouragement"))


class JournalForm(SentOnceForm):
    text = Words(JOURNAL_MAX, required=True, label=_("What is on your mind?"))
    is_private = forms.BooleanField(
        label=_("Keep this entry private"),
        required=False,
        initial=True,
        help_text=_("Private entries are yours alone. Untick to share this one with your supporter."),
    )
