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
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from alongside.accounts.models import Membership
from alongside.audit.models import AuditEntry

from .models import Consent
from .texts import AREA_WORDS

BASIS_WORDS: dict[str, StrOrPromise] = {
    "assigned": _("as your peer supporter"),
    "consent": _("because you shared it with them"),
    "break_glass": _("using emergency access, without your consent"),
    "facilitator": _("as the group's facilitator"),
    "admin": _("as an admin of your organisation"),
    "supervisor": _("as a supervisor in your organisation"),
}
# Every action the code writes to the audit log, as it reads after a person's name ("Sam Supporter …", or
# "You …"). tests/consent/test_audit_words.py finds the actions in the code and fails on one missing here.
ACTION_WORDS: dict[str, StrOrPromise] = {
    "read.profile": _("looked at your name and basic details"),
    "read.plan": _("looked at your plan"),
    "read.meetings": _("looked at your meeting notes"),
    "read.checkins": _("looked at your check-ins"),
    "read.crisis": _("looked at your crisis plan"),
    "read.messages": _("looked at your messages"),
    "read.shared": _("opened what you share with them"),
    "read.accesses": _("looked at this list"),
    "read.consents": _("looked at your Sharing page"),
    "read.consent_form": _("looked at a consent form you signed"),
    "read.client_list": _("looked at the list of people they support"),
    "read.dashboard": _("looked at a dashboard of figures"),
    "read.record": _("looked at a readable copy of your whole record"),
    "download.shared": _("downloaded what you share with them"),
    "download.mydata": _("downloaded all your data"),
    "download.accesses": _("downloaded this list"),
    "download.crisis_plan": _("downloaded your crisis plan"),
    "crisis.plan.save": _("saved your crisis plan"),
    "message.send": _("sent a message in your conversation"),
    "message.edit": _("edited a message they sent you"),
    "message.withdraw": _("withdrew a message they sent"),
    "messages.stop": _("changed whether you are told about new messages"),
    "messages.history": _("changed who may read your earlier messages"),
    "crisis.line.add": _("added a crisis line for the organisation"),
    "crisis.line.edit": _("changed a crisis line of the organisation"),
    "crisis.line.remove": _("removed a crisis line of the organisation"),
    "support.preferences.save": _("saved how you want to be supported"),
    "consent.grant": _("started sharing with someone"),
    "consent.revoke": _("stopped sharing with someone"),
    "break_glass.open": _("opened your record in an emergency"),
    "assignment.start": _("matched you with a peer supporter"),
    "assignment.end": _("ended a match with a peer supporter"),
    "account.close": _("asked to close your account"),
    "account.purge": _("deleted the records kept after your account closed"),
    "break_glass.end": _("ended their emergency access to your record"),
    "organisation.create": _("set up the organisation"),
    "member.add": _("added someone to the organisation"),
    "member.deactivate": _("closed someone's sign-in to the organisation"),
    "member.reactivate": _("gave someone their sign-in to the organisation back"),
    "invitation.resend": _("sent an invitation to join the organisation again"),
    "invitation.cancel": _("cancelled an invitation to join the organisation"),
    "two_factor.enable": _("turned on two-step sign-in"),
    "language.choose": _("chose the language Alongside is shown in"),
    "two_factor.recovery_codes": _("made new recovery codes for two-step sign-in"),
    "two_factor.recovery_code_used": _("signed in with a recovery code"),
    "break_glass.review": _("reviewed an emergency opening of a record"),
    "retention.set": _("changed how long the organisation keeps records"),
    "encryption_keys.rotate": _("renewed the keys that protect written words"),
    "invitation.send": _("sent an invitation to join the organisation"),
    "api_token.create": _("made an access key for an app"),
    "api_token.revoke": _("cancelled an access key for an app"),
    "export.request": _("asked for a spreadsheet of figures"),
    "export.download": _("downloaded a spreadsheet of figures"),
    "interop.fhir.export": _("downloaded a copy of your whole record"),
    "interop.fhir.import": _("brought your record in from another service"),
    "checkin.definition.load": _("added a check-in the organisation can offer"),
    "checkin.offer": _("offered you a check-in"),
    "checkin.answer": _("answered a check-in"),
    "checkin.skip": _("skipped a check-in"),
    "checkin.prompt.respond": _("answered something your check-in brought up"),
    "checkin.reply.seen": _("saw a reply to a check-in"),
    "meeting.record": _("wrote down a meeting with you"),
    "note.write": _("wrote a meeting note"),
    "note.edit": _("changed a meeting note"),
    "note.publish": _("shared a meeting note with you"),
    "note.read": _("read a meeting note"),
    "note.perspective.add": _("added your view to a meeting note"),
    "note.correction.request": _("asked for a meeting note to be corrected"),
    "note.correction.accepted": _("corrected a meeting note as you asked"),
    "note.correction.declined": _("answered a request to correct a meeting note, without changing it"),
    "plan.goal.create": _("added a goal to your plan"),
    "plan.goal.edit": _("changed a goal in your plan"),
    "plan.goal.status": _("changed how far along a goal is"),
    "plan.step.add": _("added a step to your plan"),
    "plan.step.edit": _("changed a step in your plan"),
    "plan.step.move": _("moved a step in your plan"),
    "plan.step.status": _("changed how far along a step is"),
    "plan.restore": _("brought back an earlier version of a goal"),
    "plan.suggest": _("suggested something for your plan"),
    "plan.decide": _("answered a suggestion for your plan"),
    "plan.ask": _("asked for ideas for a goal"),
    "plan.encourage": _("sent you encouragement on a milestone"),
    "plan.journal.write": _("wrote in your journal"),
    "plan.journal.privacy": _("changed who can see a journal entry"),
    "notification.preferences": _("changed which notifications they get, and when"),
    "signal.dismiss": _("set aside something on their worklist about you, saying why"),
    "group.create": _("started a group"),
    "group.edit": _("changed a group's details"),
    "group.session.add": _("added a group session"),
    "group.session.edit": _("changed a group session"),
    "group.attendance.mark": _("noted whether you came to a group session"),
    "group.note.write": _("wrote what a group session was about"),
    "group.individual_note.write": _("wrote a note about you at a group session"),
    "read.group_roster": _("looked at who came to a group session"),
    "group.milestones.choose": _("chose whether the group sessions they go to count as milestones"),
    "worklist.settings.change": _("changed when the worklist says someone has not been seen"),
    "session_record.save": _("saved a draft record of a session with you"),
    "session_record.sign": _("signed the record of a session with you"),
    "session_record.amend": _("amended the signed record of a session with you, giving a reason"),
    "session_record.cosign": _("co-signed the record of a session with you, as supervisor"),
    "session_record.return": _("sent the record of a session with you back to be corrected, as supervisor"),
    "session_record.client_sign": _("co-signed the record of a session"),
    "read.session_record": _("read the record of a session with you, to co-sign it as supervisor"),
    "billing.settings.change": _("changed the organisation's payer rules"),
    "billing.batch": _("put signed session records into a billing batch"),
    # Reflective supervision holds no client's record, so a client never sees these; the words are for
    # completeness (and any future list of a peer's own supervision).
    "supervision.pairing.start": _("started supervision between a supervisor and a peer supporter"),
    "supervision.pairing.end": _("ended supervision between a supervisor and a peer supporter"),
    "supervision.session.record": _("recorded a supervision session"),
    "supervision.item.add": _("added to the notes of a supervision session"),
    "supervision.goal.write": _("wrote a development goal"),
    "supervision.goal.suggest": _("suggested a development goal"),
    "supervision.goal.status": _("changed how far along a development goal is"),
    "supervision.indicators.share": _("shared their practice indicators with their supervisor"),
    "supervision.indicators.revoke": _("stopped sharing their practice indicators"),
    "supervision.indicators.read": _("looked at a peer supporter's shared practice indicators"),
}
UNKNOWN_WORDS = _("made a change to your record")  # an entry written by an older version, under a name since retired
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
    if len(words) < 2:
        return "".join(words)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _what(entry: AuditEntry, consents: dict[int, Consent]) -> str:
    action, detail = entry.action, entry.detail
    consent = consents.get(detail.get("consent", 0))
    if action == "consent.grant" and consent:
        shared = _listed([str(words) for area, words in AREA_WORDS.items() if area in consent.areas])
        return gettext("started sharing %(what)s with %(name)s") % {"what": shared, "name": consent.recipient_name}
    if action == "consent.revoke" and consent:
        return gettext("stopped sharing with %(name)s") % {"name": consent.recipient_name}
    if action == "break_glass.open" and "minutes" in detail:
        minutes = detail["minutes"]
        return ngettext(
            "opened your record in an emergency for %(minutes)s minute",
            "opened your record in an emergency for %(minutes)s minutes",
            minutes,
        ) % {"minutes": minutes}
    if action == "interop.fhir.export" and detail.get("purpose") == "transfer":
        if consent is None:
            return gettext("sent a copy of your whole record to another service")
        return gettext("sent a copy of your whole record to %(name)s, as you agreed, for this purpose: %(purpose)s") % {
            "name": consent.recipient_name,
            "purpose": consent.purpose,
        }
    return str(ACTION_WORDS.get(action, UNKNOWN_WORDS))


def describe(entries: Iterable[AuditEntry], client: Membership) -> list[Access]:
    entries = list(entries)
    consents = _consents(entries)
    return [
        Access(
            when=entry.created_at,
            who=gettext("You")
            if entry.actor_id == client.user_id
            else (entry.actor.display_name if entry.actor else "Alongside"),
            what=_what(entry, consents),
            why=entry.reason or str(BASIS_WORDS.get(entry.detail.get("basis", ""), "")),
            emergency=entry.action == "break_glass.open" or entry.detail.get("basis") == "break_glass",
        )
        for entry in entries
    ]
