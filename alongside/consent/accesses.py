"""'Who has seen my record': the audit log about one client, in plain language.

This is also the client's accounting of disclosures: every read by someone else (with why it was
allowed), every consent given or stopped, every emergency opening with its reason, and every copy of the
record sent to another service, with the recipient and purpose the client agreed to.
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
    "facilitator": "as the group's facilitator",
    "admin": "as an admin of your organisation",
    "supervisor": "as a supervisor in your organisation",
}
# Every action the code writes to the audit log, as it reads after a person's name ("Sam Supporter …", or
# "You …"). tests/consent/test_audit_words.py finds the actions in the code and fails on one missing here.
ACTION_WORDS = {
    **{f"read.{area}": f"looked at {words}" for area, words in AREA_WORDS.items()},
    "read.shared": "opened what you share with them",
    "read.accesses": "looked at this list",
    "read.consents": "looked at your Sharing page",
    "read.consent_form": "looked at a consent form you signed",
    "read.client_list": "looked at the list of people they support",
    "read.dashboard": "looked at a dashboard of figures",
    "read.record": "looked at a readable copy of your whole record",
    "download.shared": "downloaded what you share with them",
    "download.mydata": "downloaded all your data",
    "download.accesses": "downloaded this list",
    "download.crisis_plan": "downloaded your crisis plan",
    "crisis.plan.save": "saved your crisis plan",
    "message.send": "sent a message in your conversation",
    "message.edit": "edited a message they sent you",
    "message.withdraw": "withdrew a message they sent",
    "messages.stop": "changed whether you are told about new messages",
    "messages.history": "changed who may read your earlier messages",
    "crisis.line.add": "added a crisis line for the organisation",
    "crisis.line.edit": "changed a crisis line of the organisation",
    "crisis.line.remove": "removed a crisis line of the organisation",
    "support.preferences.save": "saved how you want to be supported",
    "consent.grant": "started sharing with someone",
    "consent.revoke": "stopped sharing with someone",
    "break_glass.open": "opened your record in an emergency",
    "assignment.start": "matched you with a peer supporter",
    "assignment.end": "ended a match with a peer supporter",
    "account.close": "asked to close your account",
    "account.purge": "deleted the records kept after your account closed",
    "break_glass.end": "ended their emergency access to your record",
    "organisation.create": "set up the organisation",
    "member.add": "added someone to the organisation",
    "member.deactivate": "closed someone's sign-in to the organisation",
    "member.reactivate": "gave someone their sign-in to the organisation back",
    "invitation.resend": "sent an invitation to join the organisation again",
    "invitation.cancel": "cancelled an invitation to join the organisation",
    "two_factor.enable": "turned on two-step sign-in",
    "two_factor.recovery_codes": "made new recovery codes for two-step sign-in",
    "two_factor.recovery_code_used": "signed in with a recovery code",
    "break_glass.review": "reviewed an emergency opening of a record",
    "retention.set": "changed how long the organisation keeps records",
    "encryption_keys.rotate": "renewed the keys that protect written words",
    "invitation.send": "sent an invitation to join the organisation",
    "api_token.create": "made an access key for an app",
    "api_token.revoke": "cancelled an access key for an app",
    "export.request": "asked for a spreadsheet of figures",
    "export.download": "downloaded a spreadsheet of figures",
    "interop.fhir.export": "downloaded a copy of your whole record",
    "interop.fhir.import": "brought your record in from another service",
    "checkin.definition.load": "added a check-in the organisation can offer",
    "checkin.offer": "offered you a check-in",
    "checkin.answer": "answered a check-in",
    "checkin.skip": "skipped a check-in",
    "checkin.prompt.respond": "answered something your check-in brought up",
    "checkin.reply.seen": "saw a reply to a check-in",
    "meeting.record": "wrote down a meeting with you",
    "note.write": "wrote a meeting note",
    "note.edit": "changed a meeting note",
    "note.publish": "shared a meeting note with you",
    "note.read": "read a meeting note",
    "note.perspective.add": "added your view to a meeting note",
    "note.correction.request": "asked for a meeting note to be corrected",
    "note.correction.accepted": "corrected a meeting note as you asked",
    "note.correction.declined": "answered a request to correct a meeting note, without changing it",
    "plan.goal.create": "added a goal to your plan",
    "plan.goal.edit": "changed a goal in your plan",
    "plan.goal.status": "changed how far along a goal is",
    "plan.step.add": "added a step to your plan",
    "plan.step.edit": "changed a step in your plan",
    "plan.step.move": "moved a step in your plan",
    "plan.step.status": "changed how far along a step is",
    "plan.restore": "brought back an earlier version of a goal",
    "plan.suggest": "suggested something for your plan",
    "plan.decide": "answered a suggestion for your plan",
    "plan.ask": "asked for ideas for a goal",
    "plan.encourage": "sent you encouragement on a milestone",
    "plan.journal.write": "wrote in your journal",
    "plan.journal.privacy": "changed who can see a journal entry",
    "notification.preferences": "changed which notifications they get, and when",
    "signal.dismiss": "set aside something on their worklist about you, saying why",
    "group.create": "started a group",
    "group.edit": "changed a group's details",
    "group.session.add": "added a group session",
    "group.session.edit": "changed a group session",
    "group.attendance.mark": "noted whether you came to a group session",
    "group.note.write": "wrote what a group session was about",
    "group.individual_note.write": "wrote a note about you at a group session",
    "read.group_roster": "looked at who came to a group session",
    "worklist.settings.change": "changed when the worklist says someone has not been seen",
    "session_record.save": "saved a draft record of a session with you",
    "session_record.sign": "signed the record of a session with you",
    "session_record.amend": "amended the signed record of a session with you, giving a reason",
    "session_record.cosign": "co-signed the record of a session with you, as supervisor",
    "session_record.return": "sent the record of a session with you back to be corrected, as supervisor",
    "session_record.client_sign": "co-signed the record of a session",
    "read.session_record": "read the record of a session with you, to co-sign it as supervisor",
    "billing.settings.change": "changed the organisation's payer rules",
    "billing.batch": "put signed session records into a billing batch",
    # Reflective supervision holds no client's record, so a client never sees these; the words are for
    # completeness (and any future list of a peer's own supervision).
    "supervision.pairing.start": "started supervision between a supervisor and a peer supporter",
    "supervision.pairing.end": "ended supervision between a supervisor and a peer supporter",
    "supervision.session.record": "recorded a supervision session",
    "supervision.item.add": "added to the notes of a supervision session",
    "supervision.goal.write": "wrote a development goal",
    "supervision.goal.suggest": "suggested a development goal",
    "supervision.goal.status": "changed how far along a development goal is",
    "supervision.indicators.share": "shared their practice indicators with their supervisor",
    "supervision.indicators.revoke": "stopped sharing their practice indicators",
    "supervision.indicators.read": "looked at a peer supporter's shared practice indicators",
}
UNKNOWN_WORDS = "made a change to your record"  # an entry written by an older version, under a name since retired
# The client's own actions are hidden unless asked for; sharing is not, since it decides who sees the record.
SHOWN_EVEN_IF_YOURS = ("consent.grant", "consent.revoke")


@dataclass(frozen=True)
class Access:
    when: datetime
    who: str
    what: str
    why: str
    emergency: bool


def accesses_of(client: Membership, *, include_own: bool) -> QuerySet[AuditEntry]:
    """Everything about the client, newest first; their own reading of their own pages never.

    Without ``include_own`` the client's own actions are left out too, except sharing and stopping it.
    """
    own = Q(actor=client.user_id)
    hidden = own & Q(action__startswith="read.")
    if not include_own:
        hidden = own & ~Q(action__in=SHOWN_EVEN_IF_YOURS)
    entries = AuditEntry.objects.filter(organisation_id=client.organisation_id, client=client).exclude(hidden)
    return entries.select_related("actor").order_by("-created_at", "-seq")


def _consents(entries: Iterable[AuditEntry]) -> dict[int, Consent]:
    ids = {entry.detail.get("consent") for entry in entries}
    return Consent.objects.in_bulk(ids - {None})


def _listed(words: list[str]) -> str:
    """ "your plan, your meeting notes and your check-ins"."""
    return " and ".join(filter(None, [", ".join(words[:-1]), words[-1] if words else ""]))


def _what(entry: AuditEntry, consents: dict[int, Consent]) -> str:
    action, detail = entry.action, entry.detail
    consent = consents.get(detail.get("consent", 0))
    if action == "consent.grant" and consent:
        shared = _listed([words for area, words in AREA_WORDS.items() if area in consent.areas])
        return f"started sharing {shared} with {consent.recipient_name}"
    if action == "consent.revoke" and consent:
        return f"stopped sharing with {consent.recipient_name}"
    if action == "break_glass.open" and "minutes" in detail:
        return f"opened your record in an emergency for {detail['minutes']} minutes"
    if action == "interop.fhir.export" and detail.get("purpose") == "transfer":
        if consent is None:
            return "sent a copy of your whole record to another service"
        return (
            f"sent a copy of your whole record to {consent.recipient_name}, as you agreed, "
            f"for this purpose: {consent.purpose}"
        )
    return ACTION_WORDS.get(action, UNKNOWN_WORDS)


def describe(entries: Iterable[AuditEntry], client: Membership) -> list[Access]:
    entries = list(entries)
    consents = _consents(entries)
    return [
        Access(
            when=entry.created_at,
            who="You"
            if entry.actor_id == client.user_id
            else (entry.actor.display_name if entry.actor else "Alongside"),
            what=_what(entry, consents),
            why=entry.reason or BASIS_WORDS.get(entry.detail.get("basis", ""), ""),
            emergency=entry.action == "break_glass.open" or entry.detail.get("basis") == "break_glass",
        )
        for entry in entries
    ]
