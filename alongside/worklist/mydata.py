"""The worklist's section of "My data": what a supporter set aside about the person, when and why.

Signals are never stored (they are computed from the record), so a dismissal is all there is to give back.
Area None: the client's own download has it; a consent recipient's does not.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section

from .models import Dismissal
from .signals import LABELS, Kind


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    dismissals = Dismissal.objects.filter(client=client).select_related("dismissed_by__user").order_by("dismissed_at")
    labels = {kind.value: LABELS[kind] for kind in Kind}
    return {
        "set_aside": [
            {
                "what": str(labels.get(dismissal.kind, dismissal.kind)),
                "set_aside_at": dismissal.dismissed_at.isoformat(),
                "by": dismissal.dismissed_by.user.display_name,
                "reason": dismissal.reason,
            }
            for dismissal in dismissals
        ]
    }


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    Dismissal.objects.filter(client=client).delete()


MY_DATA = [
    Section(
        "worklist",
        export_for_client,
        purge=purge_for_client,
        readable=Readable(_("Reminders about you that a supporter set aside"), "worklist/readable.html", order=75),
    )
]
