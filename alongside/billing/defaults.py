"""The usual US peer-support set an organisation starts from; every part of it can be changed on the settings page.

HCPCS H0038 is "self-help/peer services, per 15 minutes"; HQ marks a group, HF a substance-use programme. The
places of service are the CMS codes a peer-support organisation uses most. The daily limit of 16 units is one
state's rule, shown as an example to check against your own state's.
"""

from __future__ import annotations

from alongside.accounts.models import Organisation

from .models import Payer, PlaceOfService, Rounding, ServiceCode

NAME = "us-peer-support-2026"
PAYER = {"name": "Medicaid", "unit_minutes": 15, "rounding": Rounding.EIGHT_MINUTE, "daily_unit_limit": 16}
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


def add_to(organisation: Organisation) -> None:
    """Write the set for ``organisation`` (called by ``actions.seed_defaults``, which checks and audits)."""
    payer = Payer.objects.create(organisation=organisation, **PAYER)
    ServiceCode.objects.bulk_create(
        ServiceCode(
            organisation=organisation, payer=payer, code=code, modifiers=mods, description=text, for_groups=group
        )
        for code, mods, text, group in CODES
    )
    PlaceOfService.objects.bulk_create(
        PlaceOfService(organisation=organisation, code=code, label=label)
        for code, label in PLACES
        if not PlaceOfService.objects.filter(organisation=organisation, code=code).exists()
    )
