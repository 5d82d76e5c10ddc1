"""A person's notification choices as one value, with the defaults for someone who never changed them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from alongside.accounts.models import Membership

from .backends import BACKENDS, DEFAULT_CHANNELS
from .kinds import kinds_for
from .models import Frequency, Preference
from .quiet import not_before, zone


@dataclass(frozen=True)
class Choices:
    kinds: frozenset[str]
    frequency: str
    channels: tuple[str, ...]
    quiet_from: time | None
    quiet_until: time | None
    time_zone: str  # empty: the organisation's

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.time_zone)

    def sendable_from(self, moment: datetime) -> datetime:
        """When a message due at ``moment`` may leave: then, or when the quiet hours it falls in end."""
        return not_before(moment, self.quiet_from, self.quiet_until, self.zone)


def choices_of(member: Membership) -> Choices:
    """What ``member`` chose, limited to what their role can be told of now and to the channels that exist.

    Never having chosen means everything their role can be told of, straight away, by email, at any hour:
    the same as before notifications could be chosen.
    """
    allowed = frozenset(kinds_for(member))
    preference = Preference.objects.filter(member=member).first()
    if preference is None:
        return Choices(allowed, Frequency.IMMEDIATELY, DEFAULT_CHANNELS, None, None, "")
    return Choices(
        allowed & set(preference.kinds),
        preference.frequency,
        tuple(channel for channel in preference.channels if channel in BACKENDS),
        preference.quiet_from,
        preference.quiet_until,
        preference.time_zone,
    )
