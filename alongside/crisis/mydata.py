"""The crisis plan's section of "My data": the plan as it reads now, and every earlier version."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section
from alongside.policy import Area

from .models import CrisisPlan, CrisisPlanVersion
from .queries import plan_of, written
from .sections import FIELDS


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    """The plan has nothing private in it: whoever may read the area reads it all (the client chose them)."""
    plan = plan_of(client)
    if plan is None:
        return {"plan": None, "versions": []}
    versions = CrisisPlanVersion.objects.filter(plan=plan).select_related("saved_by").order_by("version")
    return {
        "plan": {
            "version": plan.version,
            "created_at": plan.created_at.isoformat(),
            "updated_at": plan.updated_at.isoformat(),
            **{name: getattr(plan, name) for name in (*FIELDS, "include_medicines")},
        },
        "versions": [
            {
                "version": version.version,
                "saved_at": version.saved_at.isoformat(),
                "saved_by": version.saved_by.display_name,
                "wording": json.loads(version.snapshot),
            }
            for version in versions
        ],
    }


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    """At the end of the retention period the plan goes, and its versions with it."""
    CrisisPlan.objects.filter(client=client).delete()


def readable(client: Membership) -> dict[str, Any]:
    """The printable record's crisis plan: as it reads now (earlier versions are in the download)."""
    plan = plan_of(client)
    return {"plan": plan, "sections": written(plan)}


MY_DATA = [
    Section(
        "crisis_plan",
        export_for_client,
        Area.CRISIS,
        purge_for_client,
        Readable(_("Your crisis plan"), "crisis/readable.html", readable, order=60),
    )
]
