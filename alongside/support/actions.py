"""Every change to how a client wants to be supported: check the policy, write, and audit, in one transaction.

Audit entries hold the version and which parts have words, never the words themselves.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.policy import Area, Verb
from alongside.versioned import save_version

from .models import SupportPreferences
from .parts import AVOID_MAX, AVOID_WORD_MAX, FIELDS, PARTS, TEXT_MAX, Part, avoided, codes


def _clean_part(part: Part, value: Any) -> str:
    if part.is_choice:
        chosen = set(value if isinstance(value, list | tuple) else codes(str(value or "")))
        return ",".join(code for code, _ in part.choices if code in chosen)
    text = str(value or "").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError(
            _("“%(heading)s” can be up to %(limit)s characters; it is %(count)s. Please shorten it a little.")
            % {
                "heading": part.heading,
                "limit": number_format(TEXT_MAX, force_grouping=True),
                "count": number_format(len(text), force_grouping=True),
            }
        )
    if part.field == "avoid_words":
        words = avoided(text)
        if len(words) > AVOID_MAX or any(len(word) > AVOID_WORD_MAX for word in words):
            raise ValidationError(
                _(
                    "“%(heading)s” can hold up to %(most)s words or phrases, each up to %(length)s characters, "
                    "one on each line."
                )
                % {"heading": part.heading, "most": AVOID_MAX, "length": AVOID_WORD_MAX}
            )
        text = "\n".join(words)
    return text


def clean_wording(wording: dict[str, Any]) -> dict[str, str]:
    """Every part trimmed and within its limit; choices limited to the ones offered, in their order."""
    return {part.field: _clean_part(part, wording.get(part.field)) for part in PARTS}


@transaction.atomic
def save_preferences(
    client: Membership,
    wording: dict[str, Any],
    *,
    expected_version: int | None,
    by: Membership,
    request: HttpRequest | None = None,
) -> SupportPreferences | None:
    """Save as a new version. Only the client writes it: it is how *they* want to be supported.

    Saving the same words again (a form sent twice) changes nothing; saving over a newer version than the
    form showed raises ``versioned.StaleEdit``. A first save with every part empty stores nothing.
    """
    policy.require(
        policy.can(by, Verb.WRITE, Area.PROFILE, client), _("Only the client can change how they want to be supported.")
    )
    preferences, changed = save_version(
        SupportPreferences, client, clean_wording(wording), expected_version=expected_version, by=by
    )
    if preferences is None or not changed:
        return preferences
    record(
        organisation=by.organisation,
        actor=by.user,
        action=AuditAction.SUPPORT_PREFERENCES_SAVE,
        client=client,
        target=f"support_preferences:{preferences.pk}",
        detail={"version": preferences.version, "parts": [name for name in FIELDS if getattr(preferences, name)]},
        request=request,
    )
    return preferences
