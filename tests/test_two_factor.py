"""Two-step sign-in for everyone who turns it on, and recovery codes for a lost phone."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.audit.models import AuditEntry

from .conftest import People, signed_in
from .factories import PASSWORD

pytestmark = pytest.mark.django_db
CODE = re.compile(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>")


def sign_in(member_email: str) -> Client:
    browser = Client()
    browser.post("/account/login/", {"username": member_email, "password": PASSWORD})
    return browser


def authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def now_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def test_a_client_who_turned_it_on_is_asked_for_the_code(people: People) -> None:
    device = authenticator(people.client.user)
    browser = sign_in(people.client.user.email)
    response = browser.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
    assert browser.get("/me/plan/").status_code == 302
    assert "6-digit code" in browser.get("/account/two-factor/").content.decode()
    assert browser.post("/account/two-factor/?next=/me/", {"token": now_code(device)})["Location"] == "/me/"
    assert browser.get("/me/").status_code == 200


def test_a_client_without_an_authenticator_is_not_asked(people: People) -> None:
    assert sign_in(people.client.user.email).get("/me/").status_code == 200


def test_a_client_turns_it_on_and_it_is_audited(people: People) -> None:
    browser = sign_in(people.client.user.email)
    assert "Scan this code" in browser.get("/account/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=people.client.user)
    response = browser.post("/account/two-factor/", {"token": now_code(device)})
    assert response["Location"].startswith("/account/two-factor/")
    assert "make recovery codes" in browser.get(response["Location"]).content.decode().lower()
    assert AuditEntry.objects.filter(action="two_factor.enable", actor=people.client.user).exists()
    assert sign_in(people.client.user.email).get("/me/").status_code == 302  # the next sign-in asks


def recovery_codes(browser: Client) -> list[str]:
    page = browser.post("/account/two-factor/recovery-codes/").content.decode()
    return CODE.findall(page)


def verified(member) -> tuple[Client, TOTPDevice]:
    device = authenticator(member.user)
    browser = sign_in(member.user.email)
    browser.post("/account/two-factor/", {"token": now_code(device)})
    return browser, device


def test_recovery_codes_are_shown_once_and_each_works_once(people: People) -> None:
    browser, _ = verified(people.client)
    codes = recovery_codes(browser)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=people.client.user).count() == 10
    status = browser.get("/account/two-factor/").content.decode()
    assert "10</strong> recovery codes left" in status and codes[0] not in status
    lost_phone = sign_in(people.client.user.email)
    wrong = lost_phone.post("/account/two-factor/?with=recovery-code", {"token": "abcd-efgh-jkmn"})
    assert "did not work" in wrong.content.decode()
    StaticDevice.objects.get(user=people.client.user).throttle_reset()  # a wrong code makes the next one wait
    typed = codes[0].upper().replace("-", " ")
    passed = lost_phone.post("/account/two-factor/?with=recovery-code&next=/me/", {"token": typed})
    assert passed.status_code == 302, re.findall(r"errorlist.*", passed.content.decode())
    assert passed["Location"] == "/me/"
    assert lost_phone.get("/me/").status_code == 200
    used = AuditEntry.objects.get(action="two_factor.recovery_code_used")
    assert used.detail == {"left": 9}
    StaticDevice.objects.get(user=people.client.user).throttle_reset()
    again = sign_in(people.client.user.email).post("/account/two-factor/?with=recovery-code", {"token": codes[0]})
    assert "did not work" in again.content.decode()


def test_new_recovery_codes_replace_the_old_and_need_a_fresh_password(people: People) -> None:
    browser, _ = verified(people.client)
    first = recovery_codes(browser)
    session = browser.session
    session.pop("alongside_password_confirmed_at")
    session.save()
    asked = browser.get("/account/two-factor/recovery-codes/")
    assert asked["Location"].startswith("/account/confirm-password/")
    assert browser.post("/account/two-factor/recovery-codes/")["Location"].startswith("/account/confirm-password/")
    browser.post("/account/confirm-password/", {"password": PASSWORD, "next": "/"})
    second = recovery_codes(browser)
    assert not set(first) & set(second)
    refused = sign_in(people.client.user.email).post("/account/two-factor/?with=recovery-code", {"token": first[1]})
    assert "did not work" in refused.content.decode()
    assert AuditEntry.objects.filter(action="two_factor.recovery_codes").count() == 2


def test_recovery_codes_need_the_second_step_first(people: People) -> None:
    authenticator(people.client.user)
    browser = sign_in(people.client.user.email)
    response = browser.post("/account/two-factor/recovery-codes/")
    assert response["Location"].startswith("/account/two-factor/")
    assert not StaticToken.objects.exists()
    without_device = signed_in(people.other_client)
    assert without_device.get("/account/two-factor/recovery-codes/")["Location"] == "/account/two-factor/"


def test_a_recovery_code_is_not_taken_for_an_app_code(people: People) -> None:
    browser, _ = verified(people.client)
    codes = recovery_codes(browser)
    other = sign_in(people.client.user.email)
    response = other.post("/account/two-factor/", {"token": codes[0]})
    assert "The code is 6 digits" in response.content.decode()
