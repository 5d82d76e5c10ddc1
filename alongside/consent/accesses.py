"""'Who has seen my record': the audit log about one client, in plain language.

This is also the client's accounting of disclosures: every read by someone else (with why it was
allowed), every consent given or stopped, and every emergency opening with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from alongside.accounts.models import Membership
from alongside.audit.models import AuditEntry

from .models import Consent
from .texts import AREA_WORDS

BASIS_WORDS = {
    "assigned": "as your peer supporter",
    "consent": "because you shared it with them",
    "break_glass": "using emergency access, without your consent",
}
FIXED_WORDS = {
    "read.shared": "opened what you share with them",
    "download.shared": "downloaded what you share with them",
    "download.mydata": "downloaded all your data",
    "download.accesses": "downloaded this list",
    "assignment.start": "matched you with a peer supporter",
    "assignment.end": "ended a match with a peer supporter",
    "account.close": "asked to close your account",
    "account.purge": "deleted the records kept after your account closed",
    "break_glass.end": "ended their emergency access to your record",
}


@dataclass(frozen=True)
class Access:
    when: datetime
    who: str
    what: str
    why: str
    emergency: bool


def accesses_of(client: Membership) -> QuerySet[AuditEntry]:
    """Everything about the client except their own reading of their own pages, newest first."""
    own_reads = Q(actor=client.user_id, action__startswith="read.")
    entries = AuditEntry.objects.filter(organisation_id=client.organisation_id, client=client).exclude(own_reads)
    return entries.select_related("actor").order_by("-created_at", "-seq")


def _recipients(entries: Iterable[AuditEntry]) -> dict[int, str]:
    ids = {entry.detail.get("consent") for entry in entries if entry.action.startswith("consent.")}
    return dict(Consent.objects.filter(pk__in=ids - {None}).values_list("pk", "recipient_name"))


def _what(entry: AuditEntry, recipients: dict[int, str]) -> str:
    action = entry.action
    if action.startswith("read.") and action[5:] in AREA_WORDS:
        return f"looked at {AREA_WORDS[action[5:]]}"
    recipient = recipients.get(entry.detail.get("consent", 0), "someone")
    if action == "consent.grant":
        return f"started sharing {', '.join(AREA_WORDS[a] for a in entry.detail.get('areas', []))} with {recipient}"
    if action == "consent.revoke":
        return f"stopped sharing with {recipient}"
    if action == "break_glass.open":
        return f"opened your record in an emergency for {entry.detail.get('minutes', '?')} minutes"
    return FIXED_WORDS.get(action, f"did something with your record ({action})")


def describe(entries: Iterable[AuditEntry], client: Membership) -> list[Access]:
    entries = list(entries)
    recipients = _recipients(entries)
    return [
        Access(
            when=entry.created_at,
            who="You"
            if entry.actor_id == client.user_id
            else (entry.actor.display_name if entry.actor else "Alongside"),
            what=_what(entry, recipients),
            why=entry.reason or BASIS_WORDS.get(entry.detail.get("basis", ""), ""),
            emergency=entry.action == "break_glass.open" or entry.detail.get("basis") == "break_glass",
        )
        for entry in entries
    ]
