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
    chosen = dict(HistoryShare.objects.filter(client=client).values_list("member_id", "allowed"))
    return [HistoryChoice(member, chosen.get(member.pk)) for member in policy.supporters_to_tell(client)]
