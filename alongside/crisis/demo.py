"""Demo crisis plan: the client people sign in as has written one, and changed it once (two versions).

The organisation sets up no crisis line of its own, so Help now shows the 988 Lifeline, the US default.
"""

from __future__ import annotations

from alongside.core.demo import DemoContext

from .actions import save_plan

AFTER: tuple[str, ...] = ("alongside.accounts",)

FIRST = {
    "when_well": "I get up early, walk to the market and cook for my neighbour on Fridays.",
    "getting_hard": "I stop opening the curtains, skip meals and stop answering my phone.",
    "what_helps": "A short walk, even round the block. Music from the 90s. A call with my sister.",
    "who_to_contact": "My sister Rosa, any time. My peer supporter on weekdays.",
    "others_do": "Check in with a text, not a knock. Sit with me; we do not have to talk.",
    "others_not_do": "Please do not tell me to cheer up, or call my old friends from before.",
    "where_supported": "At home, or at Rosa's flat.",
    "after_crisis": "A slow week back, then a meeting to talk about what helped.",
}


def populate(ctx: DemoContext) -> str:
    client = ctx.clients[0]
    plan = save_plan(client, FIRST, expected_version=None, by=client)
    changed = FIRST | {"what_helps": FIRST["what_helps"] + " Feeding the ducks at the river."}
    save_plan(client, changed, expected_version=plan.version if plan else None, by=client)
    return "a crisis plan (1, 2 versions)"
