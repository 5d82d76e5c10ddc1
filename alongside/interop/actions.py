"""Exports and imports of a client's record, each written to the audit log in the same transaction."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.consent.models import Consent, RecipientKind

from .export import export_bundle
from .validation import validate_bundle

security_log = logging.getLogger("alongside.security")


class ExportRefused(Exception):
    """The export did not pass our own validation; nothing is handed out."""


def transfer_consent(client: Membership) -> Consent | None:
    """The consent a transfer relies on: the newest in force to someone outside that covers the whole record.

    Its recipient and purpose go on the audit entry, so the client reads where their record went, and why.
    """
    outside = Consent.objects.active().filter(client=client, recipient_kind=RecipientKind.OUTSIDE)
    whole = [
        consent for consent in outside.order_by("-signed_at") if set(policy.CONSENTABLE_AREAS) <= set(consent.areas)
    ]
    return whole[0] if whole else None


@transaction.atomic
def export_record(
    client: Membership, *, by: Membership | None, purpose: str, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The client's record as a FHIR Bundle. Private items only when the reader is the client (policy decides).

    ``purpose`` is "own-copy" (the client's download) or "transfer" (to another service, with the client's
    consent, or from the command line).
    """
    policy.require(policy.may_export_record(by, client, purpose), gettext("You cannot export this record."))
    include_private = policy.can_see_private(by, client)
    bundle = export_bundle(client, include_private=include_private)
    problems = validate_bundle(bundle)
    if problems:
        security_log.error("FHIR export of client %s failed validation: %s", client.pk, problems[:5])
        raise ExportRefused("The record could not be exported in a valid form.")
    detail = {"purpose": purpose, "private_included": include_private, "resources": len(bundle["entry"])}
    if purpose == "transfer" and (consent := transfer_consent(client)):
        detail["consent"] = consent.pk
    record(
        organisation=client.organisation,
        actor=by.user if by else None,
        action=AuditAction.FHIR_EXPORT,
        client=client,
        detail=detail,
        request=request,
    )
    return bundle
