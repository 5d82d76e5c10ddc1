"""Reading how a client wants to be supported, for a client a policy gateway already chose.

Also what other apps read from here: the quiet hours and channels the client chose on their Notifications
page (shown, never copied: there is one set of quiet hours), and the words the language coach should
mention to whoever writes to or about the client (``avoided_words``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from alongside import versioned
from alongside.accounts.models import Membership
from alongside.notifications.backends import BACKENDS
from alongside.notifications.choices import choices_of
from alongside.notifications.models import Frequency

from .models import SupportPreferences
from .parts import PARTS, avoided

# The parts a supporter sees first, at the top of the record and before a meeting.
AT_A_GLANCE = ("what_helps", "what_does_not_help", "contact_ways", "contact_times", "contact_language", "avoid_words")


@dataclass(frozen=True)
class Shown:
    """One part with something in it: its heading and the words (choices as their labels, joined)."""

    field: str
    heading: StrOrPromise
    text: str


@dataclass(frozen=True)
class Notified:
    """The client's notification choices in plain words: how, how often, and the quiet hours."""

    channels: list[str]
    frequency: str
    quiet_from: time | None
    quiet_until: time | None
    time_zone: str


def preferences_of(client: Membership) -> SupportPreferences | None:
    return SupportPreferences.objects.filter(client=client).first()


def shown_parts(values: dict[str, str]) -> list[Shown]:
    """The parts with something in them, in order."""
    shown = []
    for part in PARTS:
        stored = str(values.get(part.field) or "")
        text = ", ".join(part.labels(stored)) if part.is_choice else stored
        if text:
            shown.append(Shown(part.field, part.heading, text))
    return shown


def shown(preferences: SupportPreferences | None) -> list[Shown]:
    if preferences is None:
        return []
    return shown_parts({part.field: getattr(preferences, part.field) for part in PARTS})


def at_a_glance(client: Membership) -> list[Shown]:
    """The compact summary: the parts a supporter needs before writing or meeting, and the quiet hours the
    client set for notifications, when there are parts and quiet hours (nothing written shows nothing)."""
    parts = [part for part in shown(preferences_of(client)) if part.field in AT_A_GLANCE]
    told = notified(client) if parts else None
    if told is not None and told.quiet_from is not None and told.quiet_until is not None:
        between = {
            "start": time_format(told.quiet_from, "TIME_FORMAT"),
            "end": time_format(told.quiet_until, "TIME_FORMAT"),
            "zone": told.time_zone,
        }
        if told.time_zone:
            quiet = _("%(start)s to %(end)s (%(zone)s)") % between
        else:
            quiet = _("%(start)s to %(end)s") % between
        parts.append(Shown("quiet_hours", _("Quiet hours (from their notification choices)"), quiet))
    return parts


def versions_of(preferences: SupportPreferences | None) -> list[versioned.EarlierVersion[Shown]]:
    """Every saved version, newest first, each with the parts it had."""
    return versioned.versions_of(preferences, shown_parts)


def notified(client: Membership) -> Notified:
    """What the client chose on their Notifications page, read from there (never a second copy)."""
    chosen = choices_of(client)
    channels = [BACKENDS[channel].label for channel in chosen.channels]
    frequency = Frequency(chosen.frequency).label.split(",")[0]
    quiet = chosen.quiet_from is not None and chosen.quiet_until is not None and chosen.quiet_from != chosen.quiet_until
    return Notified(
        channels,
        frequency,
        chosen.quiet_from if quiet else None,
        chosen.quiet_until if quiet else None,
        chosen.time_zone,
    )


def avoided_words(client: Membership) -> tuple[str, ...]:
    """The words and phrases the client would rather not hear, for the language coach."""
    stored = SupportPreferences.objects.filter(client=client).values_list("avoid_words", flat=True).first()
    return avoided(stored or "")
