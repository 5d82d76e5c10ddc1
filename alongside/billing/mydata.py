"""The session records section of "My data": every signed record about the client, with its amendments.

Drafts are their author's until signed, so they are left out, like unshared notes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section
from alongside.policy import Area

from .models import LOCKED, CosignReturn, SessionAmendment, SessionGoal, SessionRecord


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    records = (
        SessionRecord.objects.filter(client=client, status__in=LOCKED)
        .select_related("service_code", "place_of_service", "signed_by", "cosigned_by")
        .prefetch_related("amendments")
        .order_by("service_date", "pk")
    )
    return {"session_records": [_record(record) for record in records]}


def _record(record: SessionRecord) -> dict[str, Any]:
    return {
        "date": record.service_date.isoformat() if record.service_date else None,
        "start": record.start_time.isoformat() if record.start_time else None,
        "end": record.end_time.isoformat() if record.end_time else None,
        "units": record.units,
        "service_code": record.service_code.label if record.service_code else None,
        "place_of_service": str(record.place_of_service) if record.place_of_service else None,
        "contact": record.contact_type,
        "what_was_done": record.what_was_done,
        "how_i_responded": record.response,
        "next_step": record.next_step,
        "signed_by": record.signed_by.display_name if record.signed_by else None,
        "signed_at": record.signed_at.isoformat() if record.signed_at else None,
        "cosigned_by": record.cosigned_by.display_name if record.cosigned_by else None,
        "my_cosignature": record.client_signed_at.isoformat() if record.client_signed_at else None,
        "amendments": [
            {"reason": amendment.reason, "at": amendment.amended_at.isoformat(), "changed": amendment.changed_fields}
            for amendment in record.amendments.all()
        ],
    }


def readable(client: Membership) -> dict[str, Any]:
    """The printable record's session records: the signed ones, newest first, with their amendments."""
    records = (
        SessionRecord.objects.filter(client=client, status__in=LOCKED)
        .select_related("service_code", "place_of_service", "signed_by", "cosigned_by")
        .prefetch_related("amendments")
        .order_by("-service_date", "-pk")
    )
    return {"records": records}


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    """At the end of the retention period: the client's session records and what was said about them go."""
    for model in (SessionAmendment, CosignReturn):
        model.objects.filter(client=client).delete()
    SessionGoal.objects.filter(record__client=client).delete()
    SessionRecord.objects.filter(client=client).delete()


MY_DATA = [
    Section(
        "session_records",
        export_for_client,
        Area.MEETINGS,
        purge_for_client,
        Readable(_("Records of your sessions"), "billing/readable.html", readable, order=32),
    )
]
