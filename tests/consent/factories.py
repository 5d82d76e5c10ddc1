"""Consents and emergency openings made through the real actions, so they are audited like the app's."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.test import RequestFactory
from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.consent import actions
from alongside.consent.models import BreakGlass, Consent, RecipientKind


def consent_request(**overrides: object) -> actions.ConsentRequest:
    values: dict[str, object] = {
        "request_key": uuid.uuid4(),
        "recipient_kind": RecipientKind.PERSON,
        "recipient_member": None,
        "recipient_name": "",
        "areas": ["plan"],
        "purpose": "So they can help me plan my move.",
        "expires_on": timezone.localdate() + timedelta(days=30),
        "expiry_event": "",
        "signature": "Casey Client",
    }
    return actions.ConsentRequest(**(values | overrides))  # type: ignore[arg-type]


def share(
    client: Membership,
    recipient: Membership | None = None,
    *,
    areas: list[str] | None = None,
    kind: str = RecipientKind.PERSON,
    expires_on: date | None = None,
) -> Consent:
    overrides: dict[str, object] = {"recipient_kind": kind, "recipient_member": recipient, "areas": areas or ["plan"]}
    overrides["recipient_name"] = "Dr. Lee, Northside Clinic"  # used only for someone outside
    if expires_on is not None:
        overrides["expires_on"] = expires_on
    return actions.grant_consent(client, consent_request(**overrides))


def open_in_emergency(
    supervisor: Membership, client: Membership, reason: str = "Not answering after a worrying message; safety check"
) -> BreakGlass:
    request = RequestFactory().post("/")
    return actions.break_glass(supervisor, client, reason=reason, request=request)
