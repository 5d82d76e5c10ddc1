"""How a client wants to be supported, written through the real action, so it is versioned and audited."""

from __future__ import annotations

from typing import Any

from alongside.accounts.models import Membership
from alongside.support import actions
from alongside.support.models import SupportPreferences

WORDS: dict[str, Any] = {
    "what_helps": "Walking while we talk; being asked first.",
    "what_does_not_help": "Being rushed.",
    "contact_ways": ["text", "in_person"],
    "contact_times": "Weekday afternoons.",
    "contact_language": "Spanish, please.",
    "contact_notes": "Text me, not calls.",
    "pathways": ["medication", "harm_reduction"],
    "pathway_words": "Buprenorphine and my Thursday group.",
    "avoid_words": "addict\nclean time",
    "people": "My daughter Ana.",
}


def write_preferences(client: Membership, **changes: Any) -> SupportPreferences:
    current = SupportPreferences.objects.filter(client=client).first()
    saved = actions.save_preferences(
        client, WORDS | changes, expected_version=current.version if current else None, by=client
    )
    assert saved is not None
    return saved
