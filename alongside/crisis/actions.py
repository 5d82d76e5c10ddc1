"""Every change to a crisis plan or a crisis line: check the policy, write, and audit, in one transaction.

Audit entries hold the version and which sections have words, never the words themselves.
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

from .models import Contact, CrisisLine, CrisisPlan
from .sections import FIELDS, OPT_IN_FIELD, SECTIONS, TEXT_MAX

LINE_FIELDS = ("name", "number", "contact", "hours", "about")


def clean_wording(wording: dict[str, Any]) -> dict[str, Any]:
    """Every section trimmed and within its limit; medicines and allergies only when the client chose them."""
    cleaned: dict[str, Any] = {"include_medicines": bool(wording.get("include_medicines"))}
    for section in SECTIONS:
        text = str(wording.get(section.field) or "").strip()
        if len(text) > TEXT_MAX:
            raise ValidationError(
                _("“%(heading)s” can be up to %(limit)s characters; it is %(count)s. Please shorten it a little.")
                % {
                    "heading": section.heading,
                    "limit": number_format(TEXT_MAX, force_grouping=True),
                    "count": number_format(len(text), force_grouping=True),
                }
            )
        cleaned[section.field] = text
    if not cleaned["include_medicines"]:
        cleaned[OPT_IN_FIELD] = ""
    return cleaned


@transaction.atomic
def save_plan(
    client: Membership,
    wording: dict[str, Any],
    *,
    expected_version: int | None,
    by: Membership,
    request: HttpRequest | None = None,
) -> CrisisPlan | None:
    """Save the plan as a new version. Only the client writes it.

    Saving the same words again (a form sent twice) changes nothing; saving over a newer version than the
    form showed raises ``versioned.StaleEdit``. A first save with every section empty stores nothing.
    """
    policy.require(policy.can(by, Verb.WRITE, Area.CRISIS, client), _("Only the client can change their crisis plan."))
    plan, changed = save_version(CrisisPlan, client, clean_wording(wording), expected_version=expected_version, by=by)
    if plan is None or not changed:
        return plan
    filled = [name for name in FIELDS if getattr(plan, name)]
    _audit(
        by,
        AuditAction.CRISIS_PLAN_SAVE,
        f"crisis_plan:{plan.pk}",
        request,
        client=client,
        version=plan.version,
        sections=filled,
    )
    return plan


def _audit(
    by: Membership,
    action: AuditAction,
    target: str,
    request: HttpRequest | None,
    *,
    client: Membership | None = None,
    **detail: Any,
) -> None:
    record(
        organisation=by.organisation,
        actor=by.user,
        action=action,
        client=client,
        target=target,
        detail=detail,
        request=request,
    )


def clean_line(values: dict[str, Any]) -> dict[str, str]:
    cleaned = {name: str(values.get(name) or "").strip() for name in LINE_FIELDS}
    if not cleaned["name"] or not cleaned["number"]:
        raise ValidationError(_("A crisis line needs a name and a number."))
    if cleaned["contact"] not in Contact.values:
        raise ValidationError(_("Please choose how people reach the line."))
    return cleaned


@transaction.atomic
def add_line(values: dict[str, Any], *, by: Membership, request: HttpRequest | None = None) -> CrisisLine:
    """An organisation admin adds a crisis line; it goes after the others."""
    policy.require(policy.can_manage_organisation(by), _("Only the organisation's admins set up crisis lines."))
    cleaned = clean_line(values)
    position = policy.crisis_lines_to_manage(by).count() + 1
    line = CrisisLine.objects.create(organisation_id=by.organisation_id, position=position, **cleaned)
    _audit(by, AuditAction.CRISIS_LINE_ADD, f"crisis_line:{line.pk}", request)
    return line


@transaction.atomic
def edit_line(line: CrisisLine, values: dict[str, Any], *, by: Membership, request: HttpRequest | None = None) -> None:
    policy.require(policy.crisis_lines_to_manage(by).filter(pk=line.pk).exists(), _("You cannot change this line."))
    for name, value in clean_line(values).items():
        setattr(line, name, value)
    line.save()
    _audit(by, AuditAction.CRISIS_LINE_EDIT, f"crisis_line:{line.pk}", request)


@transaction.atomic
def remove_line(line: CrisisLine, *, by: Membership, request: HttpRequest | None = None) -> None:
    policy.require(policy.crisis_lines_to_manage(by).filter(pk=line.pk).exists(), _("You cannot remove this line."))
    target = f"crisis_line:{line.pk}"
    line.delete()
    _audit(by, AuditAction.CRISIS_LINE_REMOVE, target, request)
