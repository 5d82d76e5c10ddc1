"""A crisis plan written through the real action, so it is versioned and audited like the app's."""

from __future__ import annotations

from typing import Any

from alongside.accounts.models import Membership
from alongside.crisis import actions
from alongside.crisis.models import CrisisPlan

WORDS = {
    "when_well": "I walk the dog every morning and laugh a lot.",
    "getting_hard": "I stop answering messages and sleep in the day.",
    "what_helps": "A walk by the river; my sister on the phone.",
    "who_to_contact": "My sister June, 555-0101, any time.",
    "others_do": "Sit with me; keep it quiet.",
    "others_not_do": "Please do not raise your voice.",
    "where_supported": "At home, or at June's.",
    "medicines": "Allergic to penicillin.",
    "after_crisis": "A quiet day, then a call with Sam.",
}


def write_plan(client: Membership, **changes: Any) -> CrisisPlan:
    plan = CrisisPlan.objects.filter(client=client).first()
    wording = WORDS | {"include_medicines": True} | changes
    saved = actions.save_plan(client, wording, expected_version=plan.version if plan else None, by=client)
    assert saved is not None
    return saved
