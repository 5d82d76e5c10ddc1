"""This app's own "My data" sections: the account, assignments, consents and the access log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from alongside.accounts.models import Assignment, Membership
from alongside.audit.models import AuditEntry

from .accesses import accesses_of, describe
from .models import BreakGlass, Consent
from .texts import AREA_WORDS


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def account(client: Membership, include_private: bool) -> dict[str, Any]:
    assignments = Assignment.objects.filter(client=client).select_related("supporter__user").order_by("started_at")
    return {
        "name": client.user.display_name,
        "email": client.user.email,
        "joined": _when(client.user.date_joined),
        "role": client.get_role_display(),
        "member_since": _when(client.created_at),
        "peer_supporters": [
            {"name": a.supporter.user.display_name, "from": _when(a.started_at), "until": _when(a.ended_at)}
            for a in assignments
        ],
    }


def consents(client: Membership, include_private: bool) -> dict[str, Any]:
    given = Consent.objects.filter(client=client).order_by("signed_at")
    openings = BreakGlass.objects.filter(client=client).select_related("opened_by__user").order_by("opened_at")
    return {
        "consents": [
            {
                "recipient": consent.recipient_name,
                "recipient_kind": consent.recipient_kind,
                "areas": consent.areas,
                "purpose": consent.purpose,
                "expires_on": _when(consent.expires_on),
                "expiry_event": consent.expiry_event,
                "signature": consent.signature,
                "signed_at": _when(consent.signed_at),
                "revoked_at": _when(consent.revoked_at),
            }
            for consent in given
        ],
        "emergency_openings": [
            {
                "by": opening.opened_by.user.display_name,
                "reason": opening.reason,
                "opened_at": _when(opening.opened_at),
                "until": _when(opening.expires_at),
            }
            for opening in openings
        ],
    }


def access_log(client: Membership, include_private: bool) -> dict[str, Any]:
    entries = AuditEntry.objects.filter(organisation_id=client.organisation_id, client=client)
    return {
        "entries": [
            {"when": _when(entry.created_at), "who": entry.actor.display_name if entry.actor else "Alongside"}
            | {"action": entry.action, "detail": entry.detail, "reason": entry.reason}
            for entry in entries.select_related("actor").order_by("seq")
        ]
    }


def purge_consents(client: Membership) -> None:
    Consent.objects.filter(client=client).delete()
    BreakGlass.objects.filter(client=client).delete()


# --- The printable page ("A readable copy of my record", consent/mydata.py's Readable) ----------------------


def readable_consents(client: Membership) -> dict[str, Any]:
    """Every consent given, newest first, with the areas in words; and every emergency opening."""
    given = Consent.objects.filter(client=client).order_by("-signed_at")
    openings = BreakGlass.objects.filter(client=client).select_related("opened_by__user").order_by("-opened_at")
    return {
        "consents": [(consent, [AREA_WORDS.get(area, area) for area in consent.areas]) for consent in given],
        "openings": list(openings),
    }


def readable_accesses(client: Membership) -> dict[str, Any]:
    """What others did with the record, and what the client shared, newest first: "Who has seen my record"."""
    return {"accesses": describe(accesses_of(client, include_own=False), client)}
