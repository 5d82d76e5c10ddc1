"""What Alongside tells people about, in plain words, and which of it each person may choose.

The labels are what a person ticks on their Notifications page; the digest words are how a daily summary
counts them. Neither says anything about anyone's health, nor names anybody.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.accounts.models import Membership


class Kind(models.TextChoices):
    # For a client, about their own record
    SUGGESTION = "suggestion", _("Something new in my plan (a suggestion)")
    SHARED_NOTE = "shared_note", _("A meeting note shared with me")
    REPLY = "reply", _("A reply to my feedback or to a correction I asked for")
    CHECKIN = "checkin", _("A check-in to answer")
    MESSAGE = "message", _("A new message from someone who supports me")
    # For a peer supporter, about the people they walk alongside
    CORRECTION_REQUEST = "correction_request", _("Someone I support asks for a note to be corrected")
    IDEAS_REQUEST = "ideas_request", _("Someone I support asks for ideas on a goal")
    CHECKIN_PROMPT = "checkin_prompt", _("A check-in that asks for a conversation (such as a low session rating)")
    CLIENT_MESSAGE = "client_message", _("A new message from someone I support")
    RECORD_RETURNED = "record_returned", _("A supervisor returned a session record to me")
    # For a supervisor, about the records of their organisation
    COSIGN_WAITING = "cosign_waiting", _("A session record waits for a supervisor's co-signature")
    # One day's summary: not chosen on its own, it follows from choosing "once a day"
    DIGEST = "digest", _("Daily summary")


CLIENT_KINDS = (Kind.SUGGESTION, Kind.SHARED_NOTE, Kind.REPLY, Kind.CHECKIN, Kind.MESSAGE)
SUPPORTER_KINDS = (
    Kind.CORRECTION_REQUEST,
    Kind.IDEAS_REQUEST,
    Kind.CHECKIN_PROMPT,
    Kind.CLIENT_MESSAGE,
    Kind.RECORD_RETURNED,
)
# A supervisor's own records may need a co-signature too, and be returned (billing co-signature settings).
SUPERVISOR_KINDS = (Kind.COSIGN_WAITING, Kind.RECORD_RETURNED)

DIGEST_WORDS = {
    Kind.SUGGESTION: _("Suggestions for your plan"),
    Kind.SHARED_NOTE: _("Meeting notes shared with you"),
    Kind.REPLY: _("Replies to something you said"),
    Kind.CHECKIN: _("Check-ins to answer"),
    Kind.MESSAGE: _("New messages"),
    Kind.CLIENT_MESSAGE: _("New messages from people you support"),
    Kind.CORRECTION_REQUEST: _("Requests to correct a note"),
    Kind.IDEAS_REQUEST: _("Requests for ideas"),
    Kind.CHECKIN_PROMPT: _("Check-ins that ask for a conversation"),
    Kind.RECORD_RETURNED: _("Session records returned to you"),
    Kind.COSIGN_WAITING: _("Session records waiting for a co-signature"),
}


def kinds_for(member: Membership | None) -> tuple[Kind, ...]:
    """The kinds ``member`` can be told about: a client's about their record, a supporter's about their people, a
    supervisor's about the records waiting for them.

    Admins get none yet; anyone who has left gets none.
    """
    if policy.has_own_record(member):
        return CLIENT_KINDS
    if policy.can_support_people(member):
        return SUPPORTER_KINDS
    if policy.can_cosign_sessions(member):
        return SUPERVISOR_KINDS
    return ()
