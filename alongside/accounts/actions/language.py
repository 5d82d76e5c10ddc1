"""The language a person reads Alongside in: their own choice, kept with their account so every device and every
message (mail from the worker too) follows it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext

from alongside import policy
from alongside.accounts.models import Membership, User
from alongside.audit.actions import AuditAction
from alongside.audit.log import record


def is_offered(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


@transaction.atomic
def choose_language(user: User, code: str, *, request: HttpRequest) -> None:
    """Keep ``code`` as the person's language; audited in each organisation they belong to, like any change to
    their account."""
    policy.require(
        policy.may_choose_language(user, user.pk), gettext("Only you can choose the language of your pages.")
    )
    if not is_offered(code):
        raise ValidationError(gettext("Alongside is not available in “%(code)s”.") % {"code": code})
    if user.language == code:
        return
    user.language = code
    user.save(update_fields=["language"])
    for member in Membership.objects.filter(user=user, is_active=True).select_related("organisation"):
        record(
            organisation=member.organisation,
            actor=user,
            action=AuditAction.LANGUAGE_CHOOSE,
            target=f"user:{user.pk}",
            detail={"language": code},
            request=request,
        )
