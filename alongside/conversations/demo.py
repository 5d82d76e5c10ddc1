"""Demo messages: the client people sign in as and their supporter wrote to each other; one message was edited,
and the client's latest waits for a reply (so the supporter's worklist shows it)."""

from __future__ import annotations

from alongside import policy
from alongside.core.demo import DemoContext

from .actions import edit, send

AFTER: tuple[str, ...] = ("alongside.accounts", "alongside.notifications")  # choices first: sending notifies


def populate(ctx: DemoContext) -> str:
    client = ctx.clients[0]
    supporter = policy.supporters_to_tell(client).first()
    if supporter is None:
        return "no messages (the client has no supporter)"
    send(client, "Hi, the walk on Saturday was good. My knee held up.", by=client)
    reply = send(client, "That is great to hear. Shall we plan the next one on Tuesday?", by=supporter)
    edit(reply, "That is great to hear. Shall we plan the next one on Wednesday?", expected_version=1, by=supporter)
    send(client, "Wednesday works. Could we meet at the café instead of the office?", by=client)
    return "messages (3, one edited)"
