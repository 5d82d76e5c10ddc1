"""How a message reaches a person. Email now; SMS later is one more class here and one more entry in BACKENDS.

A backend sends or raises: the delivery records the attempt and the worker tries again later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.core.mail import send_mail
from django.utils.translation import gettext_noop

from alongside.accounts.models import Membership


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


class Backend(Protocol):
    label: str  # marked with gettext_noop: translate it where it is shown

    def send(self, recipient: Membership, message: Message) -> None:
        """Deliver ``message`` or raise; never swallow a failure."""


class EmailBackend:
    """Django's mail, to the address the person signs in with (EMAIL_URL chooses the server)."""

    label = gettext_noop("Email")

    def send(self, recipient: Membership, message: Message) -> None:
        # Runs in the background worker, which only gets deliveries queued once their action committed
        # (outbox.notify), so this is mail after commit as tests/test_architecture_actions.py asks.
        send_mail(message.subject, message.body, None, [recipient.user.email], fail_silently=False)


BACKENDS: dict[str, Backend] = {"email": EmailBackend()}
DEFAULT_CHANNELS = ("email",)
