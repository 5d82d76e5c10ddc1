"""Demo: the client people sign in as has written how they want to be supported, and changed it once."""

from __future__ import annotations

from alongside.core.demo import DemoContext

from .actions import save_preferences

AFTER: tuple[str, ...] = ("alongside.accounts",)

FIRST: dict[str, str | list[str]] = {
    "what_helps": "Walking while we talk. Being asked what I think before being told anything.",
    "what_does_not_help": "Being rushed, or talked about as a problem to fix.",
    "contact_ways": ["text", "in_person"],
    "contact_times": "Weekday afternoons. Not before 10 in the morning.",
    "contact_language": "English is fine; plain words please.",
    "contact_notes": "Text me first, not calls.",
    "pathways": ["medication", "twelve_step"],
    "pathway_words": "Methadone keeps me steady, and the Tuesday meeting keeps me honest.",
    "avoid_words": "addict\nclean\nrelapse",
    "people": "My sister Rosa. My son Leo; please ask before you mention him.",
}


def populate(ctx: DemoContext) -> str:
    client = ctx.clients[0]
    saved = save_preferences(client, FIRST, expected_version=None, by=client)
    changed = FIRST | {"avoid_words": f"{FIRST['avoid_words']}\njunkie"}
    save_preferences(client, changed, expected_version=saved.version if saved else None, by=client)
    return "how someone wants support (2 versions)"
