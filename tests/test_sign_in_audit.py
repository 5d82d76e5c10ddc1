"""Turning on two-step sign-in changes how an account signs in: it is an action, audited in each organisation."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.actions import two_factor
from alongside.audit.models import AuditEntry

from .conftest import People
from .test_accounts import sign_in

pytestmark = pytest.mark.django_db


def test_confirming_an_authenticator_is_audited(people: People) -> None:
    browser = Client()
    sign_in(browser, people.client.user.email)
    assert "Scan this code" in browser.get("/account/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=people.client.user, confirmed=False)
    browser.post("/account/two-factor/", {"token": f"{totp(device.bin_key):06d}"})
    device.refresh_from_db()
    assert device.confirmed
    entry = AuditEntry.objects.get(action="two_factor.enable")
    assert (entry.actor, entry.organisation, entry.target) == (
        people.client.user,
        people.organisation,
        f"user:{people.client.user_id}",
    )


def test_setting_up_without_a_recent_password_is_refused_by_the_action(people: People) -> None:
    request = RequestFactory().get("/account/two-factor/")
    request.session = {}  # type: ignore[assignment]
    with pytest.raises(PermissionDenied):
        two_factor.start_two_factor(people.client.user, request=request)
    assert not TOTPDevice.objects.filter(user=people.client.user).exists()
