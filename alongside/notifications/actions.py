"""A person's notification choices: the one write of this app made from a page (deliveries are in outbox.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record

from .models import Preference


@transaction.atomic
def save_preferences(
    member: Membership, chosen: dict[str, Any], *, by: Membership, request: HttpRequest | None = None
) -> Preference:
    policy.require(policy.may_change_notifications(by, member), _("Each person chooses their own notifications."))
    preference, _created = Preference.objects.update_or_create(
        member=member,
        defaults={
            "organisation_id": member.organisation_id,
            "kinds": sorted(chosen["kinds"]),
            "frequency": chosen["frequency"],
            "channels": sorted(chosen["channels"]),
            "quiet_from": chosen["quiet_from"],
            "quiet_until": chosen["quiet_until"],
            "time_zone": chosen["time_zone"],
            "changed_at": timezone.now(),
        },
    )
    record(
        organisation=member.organisation,
        actor=by.user,
        action=AuditAction.NOTIFICATION_PREFERENCES,
        target=f"membership:{member.pk}",
        detail={
            "kinds": preference.kinds,
            "frequency": preference.frequency,
            "quiet_hours": bool(preference.quiet_from),
        },
        request=request,
    )
    return preference
