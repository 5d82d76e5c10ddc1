"""Every write to a conversation: check the policy, write, audit and notify, in one transaction.

Audit entries name the message, never its words. Notifications say only that something is new; the client's
"stop" silences the ones to the client, whoever sends (every staff path comes through ``send``).
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.notifications.kinds import Kind
from alongside.notifications.outbox import link_to, notify
from alongside.once import Sending
from alongside.reports import versions

from .models import MESSAGE_MAX_CHARS, Conversation, HistoryShare, Message, MessageRevision, Receipt

STALE_EDIT = gettext_lazy(
    "This message changed since you opened it. How it reads now is shown; your words are still below."
)


class StaleEdit(Exception):
    """The message was edited (or withdrawn) elsewhere since the form was opened."""


def _conversation_of(client: Membership) -> Conversation:
    """The client's one conversation, made when first needed; it stays with the client."""
    conversation, _ = Conversation.objects.get_or_create(
        client=client, defaults={"organisation_id": client.organisation_id}
    )
    return conversation


def _clean(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ValidationError(_("Please write a message."))
    if len(text) > MESSAGE_MAX_CHARS:
        raise ValidationError(
            _("A message can be up to %(limit)s characters; it is %(length)s.")
            % {
                "limit": number_format(MESSAGE_MAX_CHARS, force_grouping=True),
                "length": number_format(len(text), force_grouping=True),
            }
        )
    return text


def _audit(by: Membership, client: Membership, action: AuditAction, target: str, request: HttpRequest | None) -> None:
    record(
        organisation=client.organisation, actor=by.user, action=action, client=client, target=target, request=request
    )


def _tell(message: Message, conversation: Conversation, request: HttpRequest | None) -> None:
    """Tell the other side that something is new. The client hears of staff messages unless they said stop;
    the client's supporters hear of the client's messages."""
    client = message.client
    event = f"message:{message.pk}"
    if message.from_client:
        supporters = policy.supporters_to_tell(client)
        link = link_to(reverse("conversations:client", args=[client.pk]), request)
        notify(supporters, Kind.CLIENT_MESSAGE, link, event=event)
    elif conversation.stopped_at is None:
        notify([client], Kind.MESSAGE, link_to(reverse("conversations:mine"), request), event=event)


@transaction.atomic
def send(
    client: Membership,
    body: str,
    *,
    by: Membership,
    submission_key: UUID | str | None = None,
    request: HttpRequest | None = None,
) -> Message:
    """Send a message in the client's conversation; the same form sent twice stores one."""
    policy.require(policy.may_take_part_in_messages(by, client), _("You cannot write in this conversation."))
    sending = Sending(
        Message,
        submission_key,
        organisation_id=client.organisation_id,
        author={"author": by},
        key_field="submission_key",
    )
    if existing := sending.stored_before():
        return existing
    text = _clean(body)
    versions.changed(client.organisation_id)  # the dashboards count waits for a reply (bumped at commit)
    conversation = _conversation_of(client)
    message, stored = sending.store(client=client, conversation=conversation, body=text, sent_at=timezone.now())
    if not stored:
        return message
    Receipt.objects.create(organisation_id=client.organisation_id, client=client, message=message, reader=by)
    _audit(by, client, AuditAction.MESSAGE_SEND, f"message:{message.pk}", request)
    _tell(message, conversation, request)
    return message


def _locked(message: Message, by: Membership) -> Message:
    message = Message.objects.select_for_update().select_related("client__organisation").get(pk=message.pk)
    policy.require(policy.may_change_message(by, message), _("Only the sender can change a message."))
    return message


@transaction.atomic
def edit(
    message: Message, body: str, *, expected_version: int, by: Membership, request: HttpRequest | None = None
) -> Message:
    """Change a message's words; the earlier wording is kept and shown as a revision."""
    message = _locked(message, by)
    text = _clean(body)
    if message.withdrawn_at is not None or message.version != expected_version:
        raise StaleEdit(str(STALE_EDIT))
    if text == message.body:
        return message
    MessageRevision.objects.create(
        organisation_id=message.organisation_id,
        client_id=message.client_id,
        message=message,
        version=message.version,
        body=message.body,
        written_at=message.edited_at or message.sent_at,
    )
    message.body, message.version, message.edited_at = text, message.version + 1, timezone.now()
    message.save(update_fields=["body", "version", "edited_at"])
    _audit(by, message.client, AuditAction.MESSAGE_EDIT, f"message:{message.pk}", request)
    return message


@transaction.atomic
def withdraw(message: Message, *, by: Membership, request: HttpRequest | None = None) -> Message:
    """Withdraw a sent message: everyone sees "withdrawn"; its words stay in the record, shown to nobody."""
    versions.changed(message.organisation_id)  # a withdrawn message is no wait (bumped at commit)
    message = _locked(message, by)
    if message.withdrawn_at is None:
        message.withdrawn_at = timezone.now()
        message.save(update_fields=["withdrawn_at"])
        _audit(by, message.client, AuditAction.MESSAGE_WITHDRAW, f"message:{message.pk}", request)
    return message


def mark_seen(messages: list[Message], *, reader: Membership) -> None:
    """``reader`` has the messages in front of them: each one not seen before gets its "Seen" time (a
    withdrawn one shows no words, so nobody sees it).

    Opening the conversation is the audited read (``policy.client_for``); the receipts are what it showed.
    """
    unseen = [m for m in messages if m.author_id != reader.pk and m.withdrawn_at is None]
    if not unseen:
        return
    client = unseen[0].client
    policy.require(policy.can(reader, policy.Verb.READ, policy.Area.MESSAGES, client), _("You cannot read these."))
    now = timezone.now()
    Receipt.objects.bulk_create(
        [
            Receipt(organisation_id=m.organisation_id, client_id=m.client_id, message=m, reader=reader, seen_at=now)
            for m in unseen
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def set_stop(client: Membership, stopped: bool, *, by: Membership, request: HttpRequest | None = None) -> None:
    """The client's immediate "stop": no notification of new messages reaches them while it is on."""
    policy.require(policy.may_set_message_choices(by, client), _("Only the client chooses this."))
    conversation = _conversation_of(client)
    if (conversation.stopped_at is not None) != stopped:
        conversation.stopped_at = timezone.now() if stopped else None
        conversation.save(update_fields=["stopped_at"])
        _audit(by, client, AuditAction.MESSAGES_STOP, f"conversation:{conversation.pk}", request)


@transaction.atomic
def share_history(
    client: Membership,
    allowed: bool,
    *,
    by: Membership,
    member: Membership | None = None,
    request: HttpRequest | None = None,
) -> None:
    """May ``member`` read the messages from before they joined? Without ``member``: the client's default for
    people who start supporting them later (off unless the client turns it on)."""
    policy.require(policy.may_set_message_choices(by, client), _("Only the client chooses this."))
    conversation = _conversation_of(client)
    if member is None:
        conversation.new_supporters_read_history = allowed
        conversation.save(update_fields=["new_supporters_read_history"])
        target = f"conversation:{conversation.pk}"
    else:
        HistoryShare.objects.update_or_create(
            client=client,
            member=member,
            defaults={"organisation_id": client.organisation_id, "allowed": allowed, "decided_at": timezone.now()},
        )
        target = f"member:{member.pk}"
    _audit(by, client, AuditAction.MESSAGES_HISTORY, target, request)
