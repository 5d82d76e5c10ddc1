"""My data: a client's notification choices and every notification Alongside sent them (kind and times only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section

from .models import Delivery, Frequency, Preference


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    chosen = Preference.objects.filter(member=client).first()
    deliveries = Delivery.objects.filter(recipient=client).order_by("created_at", "pk")
    return {
        "choices": None
        if chosen is None
        else {
            "kinds": chosen.kinds,
            "frequency": chosen.frequency,
            "channels": chosen.channels,
            "quiet_from": _when(chosen.quiet_from),
            "quiet_until": _when(chosen.quiet_until),
            "time_zone": chosen.time_zone,
        },
        "sent": [
            {
                "kind": delivery.get_kind_display(),
                "channel": delivery.channel,
                "status": delivery.get_status_display(),
                "created": _when(delivery.created_at),
                "sent": _when(delivery.sent_at),
            }
            for delivery in deliveries
        ],
    }


def purge_for_client(client: Membership) -> None:
    Delivery.objects.filter(recipient=client).delete()
    Preference.objects.filter(member=client).delete()


def readable(client: Membership) -> dict[str, Any]:
    return {"data": export_for_client(client, True), "frequencies": dict(Frequency.choices)}


MY_DATA = [
    Section(
        "notifications",
        export_for_client,
        purge=purge_for_client,
        readable=Readable(_("Notifications Alongside sent you"), "notifications/readable.html", readable, 85),
    )
]
