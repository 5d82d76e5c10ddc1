"""Quiet hours by hand: when a message due at a given moment may leave."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from alongside.notifications.quiet import not_before, zone

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("now", "start", "end", "tz", "expected"),
    [
        # across midnight, 22:00 to 07:00 in London (UTC+0 in January)
        (datetime(2026, 1, 15, 23, 30, tzinfo=UTC), time(22), time(7), LONDON, datetime(2026, 1, 16, 7, tzinfo=UTC)),
        (datetime(2026, 1, 16, 3, 0, tzinfo=UTC), time(22), time(7), LONDON, datetime(2026, 1, 16, 7, tzinfo=UTC)),
        (datetime(2026, 1, 16, 7, 0, tzinfo=UTC), time(22), time(7), LONDON, datetime(2026, 1, 16, 7, tzinfo=UTC)),
        (datetime(2026, 1, 16, 12, 0, tzinfo=UTC), time(22), time(7), LONDON, datetime(2026, 1, 16, 12, tzinfo=UTC)),
        # within one day, 13:00 to 14:00 in London in July (UTC+1)
        (datetime(2026, 7, 1, 12, 30, tzinfo=UTC), time(13), time(14), LONDON, datetime(2026, 7, 1, 13, tzinfo=UTC)),
        # New York in January is UTC-5: 23:30 there is 04:30 UTC the next day; 07:00 there is 12:00 UTC
        (datetime(2026, 1, 16, 4, 30, tzinfo=UTC), time(22), time(7), NEW_YORK, datetime(2026, 1, 16, 12, tzinfo=UTC)),
    ],
)
def test_a_message_in_quiet_hours_waits_for_their_end(
    now: datetime, start: time, end: time, tz: ZoneInfo, expected: datetime
) -> None:
    assert not_before(now, start, end, tz) == expected


def test_no_quiet_hours_or_an_empty_span_never_waits() -> None:
    now = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    assert not_before(now, None, None, LONDON) == now
    assert not_before(now, time(7), time(7), LONDON) == now


def test_an_unknown_time_zone_is_the_organisations(settings: pytest.FixtureRequest) -> None:
    settings.TIME_ZONE = "Europe/Paris"  # type: ignore[attr-defined]
    assert zone("") == ZoneInfo("Europe/Paris") == zone("Not/AZone")
