"""Signing in, invitations, assignments, two-factor and sessions."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.middleware import ACTIVE_MEMBERSHIP_KEY, LAST_SEEN_KEY, SIGNED_IN_AT_KEY
from alongside.accounts.models import Assignment, Invitation, Membership, Role, User
from alongside.audit.models import AuditEntry

from .conftest import People, signed_in
from .factories import PASSWORD, staff_member

pytestmark = pytest.mark.django_db


def sign_in(browser: Client, email: str, password: str = PASSWORD):
    return browser.post("/account/login/", {"username": email, "password": password})


@pytest.mark.parametrize(
    ("role", "home"),
    [("client", "/me/"), ("supporter", "/people/"), ("supervisor", "/team/"), ("admin", "/organisation/")],
)
def test_each_role_lands_on_its_home(people: People, role: str, home: str) -> None:
    browser = Client()
    member = people.by_role()[role]
    assert sign_in(browser, member.user.email).status_code == 302
    response = browser.get("/", follow=True)
    assert response.redirect_chain[-1][0] == home
    assert response.status_code == 200


def test_unknown_user_and_wrong_password_look_the_same(people: People) -> None:
    wrong_password = sign_in(Client(), people.client.user.email, "not the password").content.decode()
    unknown_user = sign_in(Client(), "nobody@example.org", "not the password").content.decode()
    message = "That email address and password do not match"
    assert message in wrong_password and message in unknown_user


def test_repeated_failures_lock_by_username_and_address(people: People, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    browser = Client()
    for _ in range(3):
        sign_in(browser, people.client.user.email, "wrong")
    locked = sign_in(browser, people.client.user.email)
    assert locked.status_code == 429
    assert "Please wait before trying again" in locked.content.decode()
    assert sign_in(Client(), people.supporter.user.email).status_code == 302  # others are not locked out


def test_passwords_are_stored_with_argon2(db: None, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = User.objects.create_user("hash@example.org", "correct horse battery staple", display_name="H")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_password_rules(people: People) -> None:
    browser = signed_in(people.client)
    for new, problem in [("short", "too short"), ("password123", "too common"), ("x" * 129, "at most 128")]:
        response = browser.post(
            "/account/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        )
        assert problem in response.content.decode()
    long_passphrase = "a sixty-four character passphrase is perfectly fine to use here!"
    wrong_old = browser.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": long_passphrase, "new_password2": long_passphrase},
    )
    assert "old password was entered incorrectly" in wrong_old.content.decode()
    ok = browser.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": long_passphrase, "new_password2": long_passphrase},
    )
    assert ok.status_code == 302


def test_password_reset_does_not_reveal_accounts(people: People) -> None:
    known = Client().post("/account/password/reset/", {"email": people.client.user.email})
    unknown = Client().post("/account/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [people.client.user.email]


def invitation_link() -> str:
    match = re.search(r"http://testserver(/invite/\S+/)", str(mail.outbox[-1].body))
    assert match
    return match[1]


def invite(browser: Client, on_commit, **data: str):
    """Post the invitation form; its email leaves once the invitation is committed."""
    with on_commit(execute=True):
        return browser.post("/invite-someone/", data)


def test_admin_invites_a_supporter_who_accepts_once(people: People, django_capture_on_commit_callbacks) -> None:
    admin = signed_in(people.admin)
    response = invite(
        admin, django_capture_on_commit_callbacks, display_name="New Person", email="New@Example.org", role="supporter"
    )
    assert response.status_code == 302
    link = invitation_link()
    page = Client().get(link)
    assert "Welcome, New Person" in page.content.decode()
    newcomer = Client()
    accepted = newcomer.post(link, {"password1": "a fine passphrase", "password2": "a fine passphrase"})
    assert accepted.status_code == 302
    member = Membership.objects.get(user__email="new@example.org")
    assert (member.role, member.organisation) == (Role.SUPPORTER, people.organisation)
    reused = Client().post(link, {"password1": "another passphrase", "password2": "another passphrase"})
    assert reused.status_code == 410
    assert "already been used" in reused.content.decode()
    assert AuditEntry.objects.filter(action="invitation.send").count() == 1


def test_supporter_invites_a_client_who_is_matched_with_them(
    people: People, django_capture_on_commit_callbacks
) -> None:
    supporter = signed_in(people.supporter)
    refused = supporter.post(
        "/invite-someone/", {"display_name": "Riley", "email": "riley@example.org", "role": "supervisor"}
    )
    assert "Select a valid choice" in refused.content.decode()  # a supporter can only invite clients
    assert not Invitation.objects.exists()
    invite(
        supporter, django_capture_on_commit_callbacks, display_name="Riley", email="riley@example.org", role="client"
    )
    Client().post(invitation_link(), {"password1": "a fine passphrase", "password2": "a fine passphrase"})
    riley = Membership.objects.get(user__email="riley@example.org")
    assert Assignment.objects.filter(client=riley, supporter=people.supporter, ended_at__isnull=True).exists()


def test_expired_and_unknown_invitations_explain_themselves(people: People, django_capture_on_commit_callbacks) -> None:
    invite(
        signed_in(people.admin),
        django_capture_on_commit_callbacks,
        display_name="Late",
        email="late@example.org",
        role="client",
    )
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = Client().post(invitation_link(), {"password1": "a fine passphrase", "password2": "a fine passphrase"})
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    assert not User.objects.filter(email="late@example.org").exists()
    unknown = Client().get("/invite/not-a-real-token/")
    assert unknown.status_code == 410 and "not valid" in unknown.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"display_name": "", "email": "a@example.org", "role": "client"}, "This field is required"),
        ({"display_name": "   ", "email": "a@example.org", "role": "client"}, "This field is required"),
        ({"display_name": "A" * 121, "email": "a@example.org", "role": "client"}, "at most 120 characters"),
        ({"display_name": "A", "email": "not-an-email", "role": "client"}, "Enter a valid email address"),
        ({"display_name": "A", "email": "a@example.org", "role": "emperor"}, "Select a valid choice"),
    ],
)
def test_invitation_form_rejects_bad_input(people: People, data: dict[str, str], message: str) -> None:
    response = signed_in(people.admin).post("/invite-someone/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_inviting_an_existing_member_is_refused(people: People) -> None:
    response = signed_in(people.admin).post(
        "/invite-someone/", {"display_name": "Again", "email": people.client.user.email, "role": "client"}
    )
    assert "already belongs" in response.content.decode()
    assert not Invitation.objects.exists()


def test_acceptance_form_rejects_bad_passwords(people: People, django_capture_on_commit_callbacks) -> None:
    invite(
        signed_in(people.admin),
        django_capture_on_commit_callbacks,
        display_name="P",
        email="p@example.org",
        role="client",
    )
    link = invitation_link()
    mismatch = Client().post(link, {"password1": "a fine passphrase", "password2": "another one"})
    assert "not the same" in mismatch.content.decode()
    short = Client().post(link, {"password1": "short", "password2": "short"})
    assert "too short" in short.content.decode()
    assert not User.objects.filter(email="p@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_admin_assigns_and_ends_with_history(people: People) -> None:
    admin = signed_in(people.admin)
    url = f"/organisation/people/{people.client.pk}/"
    response = admin.post(url, {"supporter": people.unassigned_supporter.pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get(client=people.client, supporter=people.unassigned_supporter)
    duplicate = admin.post(url, {"supporter": people.unassigned_supporter.pk})
    assert "already walks alongside" in duplicate.content.decode()
    admin.post(f"{url}assignments/{assignment.pk}/end/")
    assignment.refresh_from_db()
    assert assignment.ended_at is not None and assignment.ended_by == people.admin.user
    page = admin.get(url).content.decode()
    assert people.unassigned_supporter.user.display_name in page  # the ended assignment stays visible
    assert list(AuditEntry.objects.filter(client=people.client).values_list("action", flat=True)) == [
        "assignment.start",
        "assignment.end",
    ]


def test_assignment_form_rejects_other_organisations_supporters(people: People) -> None:
    response = signed_in(people.admin).post(
        f"/organisation/people/{people.client.pk}/", {"supporter": people.outsider_supporter.pk}
    )
    assert "Select a valid choice" in response.content.decode()


def test_organisation_pages_are_admin_only(people: People) -> None:
    for member in (people.client, people.supporter, people.supervisor, people.outsider_supporter):
        assert signed_in(member).get("/organisation/").status_code == 404
        assert signed_in(member).get(f"/organisation/people/{people.client.pk}/").status_code == 404
    outsider_admin_view = signed_in(people.admin).get(f"/organisation/people/{people.outsider_client.pk}/")
    assert outsider_admin_view.status_code == 404


def test_staff_must_pass_two_factor_and_codes_work_once(people: People, settings) -> None:
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    browser = Client()
    sign_in(browser, people.supporter.user.email)
    assert browser.get("/people/")["Location"].startswith("/account/two-factor/")
    setup = browser.get("/account/two-factor/")
    assert "Scan this code" in setup.content.decode()
    device = TOTPDevice.objects.get(user=people.supporter.user)
    assert "did not work" in browser.post("/account/two-factor/", {"token": "000000"}).content.decode()
    throttled = browser.post("/account/two-factor/", {"token": f"{totp(device.bin_key):06d}"})
    assert "wait a minute" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    code = f"{totp(device.bin_key):06d}"
    assert browser.post("/account/two-factor/", {"token": code})["Location"] == "/account/two-factor/?next=%2F"
    assert browser.get("/people/").status_code == 200
    again = Client()
    sign_in(again, people.supporter.user.email)
    reused = again.post("/account/two-factor/", {"token": code})
    assert "did not work" in reused.content.decode()


def test_clients_do_not_need_two_factor(people: People, settings) -> None:
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    browser = Client()
    sign_in(browser, people.client.user.email)
    assert browser.get("/me/").status_code == 200


def test_idle_sessions_end(people: People) -> None:
    browser = Client()
    sign_in(browser, people.client.user.email)
    assert browser.get("/me/").status_code == 200
    session = browser.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = browser.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert browser.get("/me/").status_code == 302


def test_sessions_end_some_hours_after_sign_in_even_when_active(people: People) -> None:
    browser = Client()
    sign_in(browser, people.client.user.email)
    assert browser.get("/me/").status_code == 200
    session = browser.session
    session[SIGNED_IN_AT_KEY] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = browser.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_session_key_changes_at_login_and_logout_ends_it(people: People) -> None:
    browser = Client()
    browser.get("/account/login/")
    before = browser.cookies.get("sessionid")
    sign_in(browser, people.client.user.email)
    assert browser.cookies["sessionid"].value != (before.value if before else None)
    old_cookie = browser.cookies["sessionid"].value
    browser.post("/account/logout/")
    stale = Client()
    stale.cookies["sessionid"] = old_cookie
    assert stale.get("/me/").status_code == 302


def test_deactivated_user_is_signed_out(people: People) -> None:
    browser = signed_in(people.client)
    User.objects.filter(pk=people.client.user.pk).update(is_active=False)
    assert browser.get("/me/").status_code == 302


def test_ended_membership_signs_out_on_the_next_request(people: People) -> None:
    browser = signed_in(people.client)
    assert browser.get("/me/").status_code == 200
    Membership.objects.filter(pk=people.client.pk).update(is_active=False)
    response = browser.get("/me/")
    assert response.status_code == 302 and response["Location"] == "/account/login/"
    assert "access to Alongside has ended" in browser.get("/account/login/").content.decode()


def test_ending_the_acting_membership_does_not_fall_back_to_another(people: People) -> None:
    staff_member(Role.SUPPORTER, people.outsider_supporter.organisation, user=people.client.user)
    browser = Client()
    sign_in(browser, people.client.user.email)  # acts through the older membership, the client's
    assert "Casey Client · Client at Riverside" in browser.get("/me/").content.decode()
    Membership.objects.filter(pk=people.client.pk).update(is_active=False)
    assert browser.get("/people/").status_code == 302


def test_a_session_acts_through_the_membership_noted_for_it(people: People) -> None:
    second = staff_member(Role.SUPPORTER, people.outsider_supporter.organisation, user=people.client.user)
    browser = signed_in(people.client)
    session = browser.session
    session[ACTIVE_MEMBERSHIP_KEY] = second.pk
    session.save()
    assert "Casey Client · Peer supporter at Elsewhere" in browser.get("/people/").content.decode()


def test_changing_the_password_signs_out_other_sessions_on_their_next_request(people: People) -> None:
    browser = signed_in(people.client)
    assert browser.get("/me/").status_code == 200
    user = User.objects.get(pk=people.client.user.pk)
    user.set_password("a different passphrase 7")
    user.save()
    response = browser.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_a_signed_in_page_reads_the_person_with_their_memberships(people: People) -> None:
    """One query for both (``MembershipBackend``), not one for the person and another for the membership."""
    browser = signed_in(people.client)
    with CaptureQueriesContext(connection) as captured:
        browser.get("/me/")
    reading_people = [query["sql"] for query in captured if 'FROM "accounts_user"' in query["sql"]]
    assert reading_people == []
    assert 'JOIN "accounts_user"' in captured[1]["sql"]  # right after the session


def test_keepalive_requires_post(people: People) -> None:
    browser = signed_in(people.client)
    assert browser.get("/account/keepalive/").status_code == 405
    assert browser.post("/account/keepalive/").status_code == 204


def test_health_check_needs_no_sign_in(db: None) -> None:
    response = Client().get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_setting_up_two_factor_needs_a_recent_password(people: People) -> None:
    browser = Client()
    browser.force_login(people.client.user)
    session = browser.session
    session.pop("alongside_password_confirmed_at", None)
    session.save()
    response = browser.get("/account/two-factor/")
    assert response.status_code == 302 and response["Location"].startswith("/account/confirm-password/")
    assert not TOTPDevice.objects.filter(user=people.client.user).exists()
    fresh = Client()
    sign_in(fresh, people.client.user.email)
    assert "Scan this code" in fresh.get("/account/two-factor/").content.decode()


def session_writes(browser: Client, method: str, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        getattr(browser, method)(url)
    return sum(query["sql"].startswith("UPDATE") and "django_session" in query["sql"] for query in captured)


def test_pages_write_the_session_at_most_once_a_minute(people: People) -> None:
    with time_machine.travel(time.time(), tick=False) as clock:
        browser = signed_in(people.client)
        assert session_writes(browser, "get", "/me/") == 0
        clock.shift(59)
        assert session_writes(browser, "get", "/me/") == 0
        clock.shift(2)
        assert session_writes(browser, "get", "/me/") == 1
        assert session_writes(browser, "post", "/account/keepalive/") == 1  # "stay signed in" always counts
