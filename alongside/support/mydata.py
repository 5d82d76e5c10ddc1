"""The "How I want to be supported" section of My data: how it reads now, and every earlier version."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section
from alongside.policy import Area

from .models import SupportPreferences, SupportPreferencesVersion
from .parts import FIELDS
from .queries import preferences_of, shown


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    """Nothing here is private from whoever may read the profile: the client wrote it for their supporters."""
    preferences = preferences_of(client)
    if preferences is None:
        return {"preferences": None, "versions": []}
    versions = SupportPreferencesVersion.objects.filter(preferences=preferences).select_related("saved_by")
    return {
        "preferences": {
            "version": preferences.version,
            "created_at": preferences.created_at.isoformat(),
            "updated_at": preferences.updated_at.isoformat(),
            **{name: getattr(preferences, name) for name in FIELDS},
        },
        "versions": [
            {
                "version": version.version,
                "saved_at": version.saved_at.isoformat(),
                "saved_by": version.saved_by.display_name,
                "wording": json.loads(version.snapshot),
            }
            for version in versions.order_by("version")
        ],
    }


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    """At the end of the retention period the preferences go, and their versions with them."""
    SupportPreferences.objects.filter(client=client).delete()


def readable(client: Membership) -> dict[str, Any]:
    """The printable record's "How I want to be supported": as it reads now, choices in words."""
    preferences = preferences_of(client)
    return {"preferences": preferences, "parts": shown(preferences)}


MY_DATA = [
    Section(
        "support_preferences",
        export_for_client,
        Area.PROFILE,
        purge_for_client,
        Readable(_("How you want to be supported"), "support/readable.html", readable, order=50),
    )
]
