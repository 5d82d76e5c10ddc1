"""Two-step sign-in: an authenticator app and single-use recovery codes, each change audited."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside import policy
from alongside.accounts import reauth
from alongside.accounts.models import Membership, User
from alongside.audit.actions import AuditAction
from alongside.audit.log import record

RECOVERY_CODES = 10
RECOVERY_CODE_LENGTH = 12
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy from paper
RECOVERY_DEVICE_NAME = "Recovery codes"


def _record_two_factor(member: Membership, action: AuditAction, request: HttpRequest, **detail: object) -> None:
    record(
        organisation=member.organisation,
        actor=member.user,
        action=action,
        target=f"user:{member.user_id}",
        detail=detail,
        request=request,
    )


@transaction.atomic
def start_two_factor(user: User, *, request: HttpRequest) -> TOTPDevice:
    """The authenticator secret to show as a QR code: a new one, or the one an unfinished setup left."""
    allowed = policy.may_set_up_two_factor(user, user.pk, password_confirmed=reauth.recently_confirmed(request))
    policy.require(allowed, gettext("Please confirm your password before setting up two-step sign-in."))
    unconfirmed = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return unconfirmed or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def turn_on_two_factor(device: TOTPDevice, *, user: User, request: HttpRequest) -> None:
    """The first right code turns the authenticator on: from now on every sign-in to this account asks for a
    code (``RequireTwoFactorMiddleware``). Audited in every organisation the person belongs to; someone who
    belongs to none has no log to write to."""
    allowed = policy.may_set_up_two_factor(user, device.user_id, password_confirmed=reauth.recently_confirmed(request))
    policy.require(allowed, gettext("Please confirm your password before setting up two-step sign-in."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    for member in Membership.objects.filter(user=user, is_active=True).select_related("organisation", "user"):
        _record_two_factor(member, AuditAction.TWO_FACTOR_ENABLE, request)


@transaction.atomic
def make_recovery_codes(member: Membership, *, request: HttpRequest) -> list[str]:
    """New single-use codes for when the phone is lost; the previous ones stop working. Shown once:
    django-otp keeps them to compare, and they are never displayed again."""
    allowed = policy.may_set_up_two_factor(
        member.user, member.user_id, password_confirmed=reauth.recently_confirmed(request)
    )
    policy.require(allowed, gettext("Please confirm your password before making new recovery codes."))
    device, _ = StaticDevice.objects.get_or_create(user=member.user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH)) for _ in range(RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    _record_two_factor(member, AuditAction.TWO_FACTOR_RECOVERY_CODES, request, codes=len(codes))
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


@transaction.atomic
def use_recovery_code(member: Membership, code: str, *, request: HttpRequest) -> StaticDevice | None:
    """The device whose code matched (the code is used up), or None. Locked so a code works only once."""
    own = policy.is_own_account(request.user, member)  # type: ignore[arg-type]
    policy.require(own, gettext("Only the account's owner uses its recovery codes."))
    device = StaticDevice.objects.select_for_update().filter(user=member.user, name=RECOVERY_DEVICE_NAME).first()
    if device is None or not device.verify_token(code):
        return None
    _record_two_factor(member, AuditAction.TWO_FACTOR_RECOVERY_CODE_USED, request, left=device.token_set.count())
    return device
