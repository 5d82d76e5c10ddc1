"""What others share with a staff member, for their home and their "Shared with me" page."""

from __future__ import annotations

from alongside import policy
from alongside.accounts.models import Membership


def shared_with(me: Membership | None) -> list[tuple[Membership, list[str]]]:
    """Each person sharing with ``me``, by name, and the areas they share (each gets its own link). Only what the
    pages show is read (the person's name, the areas): fewer columns to compile, no encrypted fields to decrypt."""
    areas: dict[int, set[str]] = {}
    clients: dict[int, Membership] = {}
    for consent in policy.consents_shown_to(me):
        clients[consent.client_id] = consent.client
        areas.setdefault(consent.client_id, set()).update(consent.areas)
    ordered = sorted(clients.values(), key=lambda client: client.user.display_name)
    return [(client, [area for area in policy.CONSENTABLE_AREAS if area in areas[client.pk]]) for client in ordered]
