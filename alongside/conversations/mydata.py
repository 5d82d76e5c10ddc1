"""Messages in "My data": the whole conversation, every earlier wording and who saw each message.

Only in the client's own download (no consent area): someone the client shares messages with reads them on
the page, from when they joined, so a download could show them more than the page does. A message someone
else withdrew appears as withdrawn, without its words, as on the page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section

from .models import Conversation, Message


def _message(message: Message) -> dict[str, Any]:
    shown = message.withdrawn_at is None or message.from_client
    return {
        "from": message.author.user.display_name,
        "sent_at": message.sent_at.isoformat(),
        "text": message.body if shown else None,
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "withdrawn_at": message.withdrawn_at.isoformat() if message.withdrawn_at else None,
        "earlier_wordings": [
            {"text": revision.body, "written_at": revision.written_at.isoformat()}
            for revision in message.revisions.all()
        ]
        if shown
        else [],
        "seen": [
            {"by": receipt.reader.user.display_name, "at": receipt.seen_at.isoformat()}
            for receipt in message.receipts.all()
            if receipt.reader_id != message.author_id
        ],
    }


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    messages = (
        Message.objects.filter(client=client)
        .select_related("author__user")
        .prefetch_related("revisions", "receipts__reader__user")
    )
    return {"messages": [_message(message) for message in messages]}


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    """At the end of the retention period the conversation goes, with every message, wording and receipt."""
    Conversation.objects.filter(client=client).delete()


# The printable record has every message, oldest first, as the conversation reads now: it is the client's
# own copy, and a part of the conversation would leave out what a reader needs to follow it.
MY_DATA = [
    Section(
        "messages",
        export_for_client,
        None,
        purge_for_client,
        Readable(gettext_lazy("Your messages"), "conversations/readable.html", order=70),
    )
]
