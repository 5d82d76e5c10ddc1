"""What the conversation pages show: the messages someone may see, with their receipts and earlier wordings,
loaded in a fixed number of queries however long the conversation."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from alongside import policy
from alongside.accounts.models import Membership

from .models import Conversation, HistoryShare, Message, Receipt


def conversation(client: Membership) -> Conversation | None:
    return Conversation.objects.filter(client=client).first()


def thread(actor: Membership, client: Membership, found: Conversation | None) -> QuerySet[Message]:
    """The messages ``actor`` sees, oldest first, with who saw each (and when) and its earlier wordings."""
    by_default = found.new_supporters_read_history if found else False
    receipts = Receipt.objects.select_related("reader__user").order_by("seen_at")
    return (
        Message.objects.filter(client=client)
        .filter(policy.visible_messages(actor, client, by_default=by_default))
        .select_related("author__user", "client__organisation")
        .prefetch_related(Prefetch("receipts", queryset=receipts), "revisions")
    )


def earlier_hidden(actor: Membership, client: Membership, found: Conversation | None) -> bool:
    """Whether the conversation has messages from before ``actor`` joined that the client keeps from them."""
    if found is None:
        return False
    since = policy.message_history_from(actor, client, by_default=found.new_supporters_read_history)
    return since is not None and Message.objects.filter(client=client, sent_at__lt=since).exists()


@dataclass(frozen=True)
class HistoryChoice:
    """One of the client's supporters now, and whether they may read the messages from before they joined."""

    member: Membership
    allowed: bool | None  # None: the client has not said, so their default applies


def history_choices(client: Membership) -> list[HistoryChoice]:
    """The client's supporters who joined after the conversation began (or whom the client already answered
    for): only for them is there anything earlier to share."""
    chosen = dict(HistoryShare.objects.filter(client=client).values_list("member_id", "allowed"))
    first = Message.objects.filter(client=client).order_by("sent_at").values_list("sent_at", flat=True).first()
    return [
        HistoryChoice(member, chosen.get(member.pk))
        for member in policy.supporters_to_tell(client)
        if member.pk in chosen or (first is not None and (policy.joined_messages_at(member, client) or first) > first)
    ]
