"""The usual US peer-support set an organisation starts from; every part of it can be changed on the settings page.

HCPCS H0038 is "self-help/peer services, per 15 minutes"; HQ marks a group, HF a substance-use programme. The
places of service are the CMS codes a peer-support organisation uses most. The daily limit of 16 units is one
state's rule, shown as an example to check against your own state's.

The set is plain data, written by ``add_to`` through a model registry: the running app's for
``actions.seed_defaults``, a migration's historical one for organisations created before billing existed
(migration 0004). So ``add_to`` may write only fields that exist at that migration's state: a set needing
other fields needs a migration of its own.
"""

from __future__ import annotations

from django.apps import apps as running_apps
from django.apps.registry import Apps

NAME = "us-peer-support-2026"
PAYER = {"name": "Medicaid", "unit_minutes": 15, "rounding": "cms_8_minute", "daily_unit_limit": 16}
CODES = (
    ("H0038", "", "Peer support, individual", False),
    ("H0038", "HF", "Peer support, individual, substance-use programme", False),
    ("H0038", "HQ", "Peer support, group", True),
    ("H0038", "HF HQ", "Peer support, group, substance-use programme", True),
)
PLACES = (
    ("02", "Telehealth, not in the person's home"),
    ("10", "Telehealth in the person's home"),
    ("11", "Office"),
    ("12", "The person's home"),
    ("99", "Other place (for example in the community)"),
)


def add_to(organisation_id: int, registry: Apps = running_apps) -> None:
    """Write the set for the organisation; the caller checks it has no payer yet (and audits, when it can)."""
    payer_model, code_model, place_model = (
        registry.get_model("billing", name) for name in ("Payer", "ServiceCode", "PlaceOfService")
    )
    payer = payer_model.objects.create(organisation_id=organisation_id, **PAYER)
    code_model.objects.bulk_create(
        code_model(
            organisation_id=organisation_id, payer=payer, code=code, modifiers=mods, description=text, for_groups=group
        )
        for code, mods, text, group in CODES
    )
    have = set(place_model.objects.filter(organisation_id=organisation_id).values_list("code", flat=True))
    place_model.objects.bulk_create(
        place_model(organisation_id=organisation_id, code=code, label=label)
        for code, label in PLACES
        if code not in have
    )
