"""A client's conversation with the people who support them (docs/messages.md).

One ``Conversation`` per client: its history stays with the client whoever supports them. A ``Message`` is
never deleted: an edit keeps the earlier wording as a ``MessageRevision``, and a withdrawal hides the words
from everyone (they stay, encrypted, for the record). ``Receipt`` says who saw a message and when.
``HistoryShare`` is the client's answer, per person, to "may they read our earlier messages?". Every word is
encrypted at rest; every table carries the client's organisation (``ClientRecord``, checked by triggers).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from alongside.accounts.models import ClientRecord, Membership
from alongside.core.crypto import EncryptedTextField
from alongside.once import key_constraint

MESSAGE_MAX_CHARS = 4000


class Conversation(ClientRecord):
    client = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="conversation")
    # The client's default for people who start supporting them later: may they read what came before?
    new_supporters_read_history = models.BooleanField(default=False)
    # Set while the client asked not to be told of new messages (the immediate "stop"); None otherwise.
    stopped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Conversation of member {self.client_id}"


class Message(ClientRecord):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField()
    sent_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [key_constraint("author", "submission_key", "message_sent_once")]
        indexes = [models.Index(fields=["organisation", "sent_at"]), models.Index(fields=["client", "sent_at"])]

    def __str__(self) -> str:
        return f"Message {self.pk} in conversation {self.conversation_id}"

    @property
    def from_client(self) -> bool:
        return self.author_id == self.client_id


class MessageRevision(ClientRecord):
    """The wording a message had before an edit."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    body = EncryptedTextField()
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["version"]
        constraints = [models.UniqueConstraint(fields=["message", "version"], name="message_revision_once")]

    def __str__(self) -> str:
        return f"Version {self.version} of message {self.message_id}"


class Receipt(ClientRecord):
    """``reader`` first saw ``message`` at ``seen_at`` (shown as "Seen")."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="receipts")
    reader = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "reader"], name="receipt_once")]

    def __str__(self) -> str:
        return f"Message {self.message_id} seen by member {self.reader_id}"


class HistoryShare(ClientRecord):
    """The client's choice for one person: may they read the messages from before they joined?"""

    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    allowed = models.BooleanField()
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "member"], name="history_share_once")]

    def __str__(self) -> str:
        return f"History of member {self.client_id} for member {self.member_id}: {self.allowed}"
