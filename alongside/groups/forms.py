"""Forms for groups: every text has a limit and a plain message; forms that create carry a submission key."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.core.dates import IsoDateField, Plausible, minutes_from
from alongside.language.sharing import CoachedForm
from alongside.meetings.forms import SubmittedOnceForm, keep_to

from .models import GROUP_NOTE_MAX_CHARS, NAME_MAX_CHARS, PLACE_MAX_CHARS, Kind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _line(label: StrOrPromise, limit: int, *, required: bool = False, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        error_messages={"required": _("Please fill this in."), "max_length": keep_to(limit)},
    )


class GroupForm(SubmittedOnceForm):
    name = _line(_("Name of the group"), NAME_MAX_CHARS, required=True)
    kind = forms.ChoiceField(
        label=_("What kind of group?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what kind of group it is.")},
    )
    usual_time = _line(_("Usual time (optional)"), NAME_MAX_CHARS, help_text=_("For example: Tuesdays, 6 to 7.30 pm."))
    usual_place = _line(_("Usual place (optional)"), PLACE_MAX_CHARS, help_text=_("For example: the community room."))
    facilitators = forms.ModelMultipleChoiceField(
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Who facilitates it?"),
        error_messages={
            "required": _("Please choose at least one facilitator."),
            "invalid_choice": _("Please choose facilitators from your organisation's staff."),
        },
    )

    def __init__(self, *args: Any, facilitators: QuerySet[Membership] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if facilitators is None:  # someone who may not change the facilitators (a facilitator editing)
            del self.fields["facilitators"]
            return
        field: Any = self.fields["facilitators"]
        field.queryset = facilitators.select_related("user").order_by("user__display_name")
        field.label_from_instance = lambda member: f"{member.user.display_name} ({member.get_role_display().lower()})"


class SessionForm(SubmittedOnceForm):
    day = IsoDateField(
        label=_("Date"),
        plausible=Plausible(2, 1, _("a session is planned up to a year ahead or recorded within two years.")),
        error_messages={"required": _("Please give the date.")},
    )
    starts = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Please give the start time."),
            "invalid": _("Please give a time such as 18:00."),
        },
    )
    ends = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Please give the end time."),
            "invalid": _("Please give a time such as 19:30."),
        },
    )
    place = _line(_("Place (optional)"), PLACE_MAX_CHARS, help_text=_("Left empty: the group's usual place."))
    topic = _line(_("Topic (optional)"), PLACE_MAX_CHARS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("starts") and data.get("ends"):
            zone = timezone.get_current_timezone()
            overnight = data["ends"] < data["starts"] and minutes_from(data["starts"], data["ends"]) > 0
            end_day = data["day"] + timedelta(days=1) if overnight else data["day"]  # past midnight
            data["starts_at"] = timezone.make_aware(datetime.combine(data["day"], data["starts"]), zone)
            data["ends_at"] = timezone.make_aware(datetime.combine(end_day, data["ends"]), zone)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", gettext("The session must end after it starts."))
        return data


class GroupNoteForm(CoachedForm):
    coached = ("body",)
    body = forms.CharField(
        label=_("What the session was about and what was offered"),
        max_length=GROUP_NOTE_MAX_CHARS,
        help_text=_(
            "This note is about the group, not about anyone in it: do not name or describe anyone who came. "
            "Write about one person in their own note."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write something here."), "max_length": keep_to(GROUP_NOTE_MAX_CHARS)},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
