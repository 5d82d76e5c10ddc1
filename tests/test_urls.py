"""Walk every URL pattern: anonymous requests never see data; the outsider never sees the client."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from alongside.accounts.models import Invitation
from alongside.billing.models import Payer
from alongside.conversations.actions import send

from .billing.factories import rules_for, signed_record
from .conftest import People, main_content, signed_in
from .consent.factories import open_in_emergency

pytestmark = pytest.mark.django_db

PUBLIC = {
    "login",
    "language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "manifest",
    "service_worker",
    "offline",
    "accept_invitation",
    "openapi-json",
    "openapi-view",
}


def all_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((entry.name, prefix + str(entry.pattern)))
    return found


def concrete(route: str, client_id: int) -> str:
    """Fill every path parameter, using the client's id so a leak would show their data."""
    return "/" + re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: "sometoken" if m[1] in ("token", "uidb64") else str(client_id), route
    )


def test_anonymous_requests_never_see_data(people: People) -> None:
    anonymous = Client()
    routes = all_patterns()
    assert len(routes) > 10
    for name, route in routes:
        url = concrete(route, people.client.pk)
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            body = response.content.decode()
            assert people.client.user.display_name not in body, (name, method)
            assert people.client.user.email not in body, (name, method)
            if name not in PUBLIC:
                refusals = (401, 404, 405) if route.startswith("api/") else (302, 404, 405)
                assert response.status_code in refusals, (name, method, response.status_code)
                if response.status_code == 302:
                    assert response["Location"].startswith("/account/login/"), name


def test_outsiders_get_404_on_every_client_url(people: People) -> None:
    client_routes = [(name, route) for name, route in all_patterns() if "client_id" in route]
    assert client_routes
    for outsider in (people.unassigned_supporter, people.outsider_supporter, people.other_client, people.supervisor):
        browser = signed_in(outsider)
        for name, route in client_routes:
            response = browser.get(concrete(route, people.client.pk))
            assert response.status_code == 404, (outsider, name)
            assert people.client.user.display_name not in response.content.decode()


def test_security_headers_on_signed_in_pages(people: People) -> None:
    response = signed_in(people.client).get("/me/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_post_without_csrf_token_is_refused(people: People) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.admin.user)
    response = browser.post("/invite-someone/", {"display_name": "A", "email": "a@example.org", "role": "client"})
    assert response.status_code == 403


def test_admin_site_is_not_exposed(people: People) -> None:
    assert signed_in(people.admin).get("/admin/").status_code == 404


# --- Accounts and access (issue 14): each new URL by every role -------------------------------------------

ACTORS = ("owner", "supporter", "unassigned", "supervisor", "outsider", "admin")  # admin last: its posts change things
ROLE_TABLE = {
    # url name: (method, who may use it; everyone else gets 404)
    "deactivate_member": ("get", {"admin"}),
    "reactivate_member": ("post", {"admin"}),
    "invitations": ("get", {"admin"}),
    "resend_invitation": ("post", {"admin"}),
    "cancel_invitation": ("post", {"admin"}),
    "break_glass_review": ("get", {"admin"}),
    "break_glass_opening": ("get", {"admin"}),
    "end_break_glass": ("post", {"supervisor"}),  # only the supervisor who opened it
    "recovery_codes": ("get", set(ACTORS)),  # about one's own account: sends to the second step first
    "preferences": ("get", set(ACTORS)),  # one's own notifications (tests/notifications/test_preferences.py)
    # Messages (tests/conversations/test_access.py); the message is the assigned supporter's
    "mine": ("get", {"owner"}),
    "choices": ("post", {"owner"}),
    "edit_mine": ("get", set()),  # only one's own messages: the owner's are in tests/conversations
    "withdraw_mine": ("post", set()),
    "client": ("get", {"owner", "supporter"}),
    "edit_client": ("get", {"supporter"}),
    "withdraw_client": ("post", {"supporter"}),
    # How I want to be supported (tests/support/test_access.py)
    "my_support": ("get", {"owner"}),
    "edit_support": ("get", {"owner"}),
    "support_history": ("get", {"owner"}),
    "client_support": ("get", {"owner", "supporter"}),  # the supervisor ended their emergency opening above
    # A readable copy of my record (tests/consent/test_readable_record.py): 302 to confirm the password first
    "readable_record": ("get", {"owner"}),
    # Session records, co-signature and payer rules (tests/billing/test_access.py); the record awaits co-signature
    "document": ("get", {"owner", "supporter"}),
    "amend": ("get", {"supporter"}),
    "client_cosign": ("post", {"owner"}),
    "queue": ("get", {"supervisor"}),
    "review": ("get", {"supervisor"}),
    "payer_rules": ("get", {"admin"}),
    "batches": ("get", {"admin"}),
    "setting_new": ("get", {"admin"}),
    "setting_edit": ("get", {"admin"}),
}


def test_new_account_urls_by_every_role(people: People) -> None:
    opening = open_in_emergency(people.supervisor, people.client)
    invitation = Invitation.objects.create(
        organisation=people.organisation,
        email="wren@example.org",
        display_name="Wren",
        role="client",
        token_hash="a" * 64,
        invited_by=people.admin.user,
        expires_at=timezone.now() + timedelta(days=3),
    )
    message = send(people.client, "Hello", by=people.supporter)
    rules_for(people, cosign=True)
    session_record = signed_record(people)
    ids = {
        "member_id": people.supporter.pk,
        "opening_id": opening.pk,
        "invitation_id": invitation.pk,
        "client_id": people.client.pk,
        "message_id": message.pk,
        "meeting_id": session_record.meeting_id,
        "record_id": session_record.pk,
        "kind": "payer",
        "item_id": Payer.objects.get(organisation=people.organisation).pk,
    }
    routes = dict(all_patterns())
    assert set(ROLE_TABLE) <= set(routes), "a URL in the table was renamed or removed"
    for name in ACTORS:
        browser = signed_in(people.actor(name))
        for url_name, (method, allowed) in ROLE_TABLE.items():
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[str(m[1])]), routes[url_name])
            response = getattr(browser, method)(url)
            expected = (200, 302) if name in allowed else (404,)
            assert response.status_code in expected, (name, url_name, response.status_code)
            if name not in allowed:  # the client's own name is in the footer when they are the one refused
                assert people.client.user.display_name not in main_content(response)


# --- Reflective supervision (tests/supervision/test_access.py has the details) ------------------------------
# The owners are the two of a pairing: the peer (here the unassigned supporter) and the paired supervisor;
# "supporter" is another peer supporter, "unpaired" a second supervisor with no pairing. Nobody else reads or
# writes in the space.

SUPERVISION_ACTORS = ("peer", "supporter", "client", "supervisor", "unpaired", "outsider", "admin")
SUPERVISION_TABLE = {
    # url name: (method, who may use it; everyone else gets 404)
    "supervision:my_supervision": ("get", {"peer", "supporter", "outsider"}),  # every peer supporter has their own
    "supervision:supervising": ("get", {"supervisor", "unpaired"}),
    "supervision:arrange": ("get", {"admin"}),
    "supervision:space": ("get", {"peer", "supervisor"}),
    "supervision:new_session": ("get", {"peer", "supervisor"}),
    "supervision:session": ("get", {"peer", "supervisor"}),
    "supervision:new_goal": ("get", {"peer", "supervisor"}),  # the peer writes, the supervisor suggests
    "supervision:goal": ("get", {"peer", "supervisor"}),
    "supervision:indicators": ("get", {"peer"}),  # the supervisor only once the peer shares them
    "supervision:share": ("post", {"peer"}),
    "supervision:end_pairing": ("post", {"supervisor", "admin"}),
}


def test_supervision_urls_by_every_role(people: People) -> None:
    from alongside.accounts.models import Role
    from alongside.supervision import actions as supervision
    from alongside.supervision.models import Pairing

    from .factories import staff_member

    unpaired = staff_member(Role.SUPERVISOR, people.organisation, user__display_name="Uma Unpaired")
    pairing = supervision.start_pairing(people.supervisor, people.unassigned_supporter, by=people.admin)
    talked = "Sitting with anger without fixing it."
    session = supervision.record_session(
        pairing, held_on=timezone.localdate(), items={"talked_about": talked}, by=people.supervisor
    )
    goal = supervision.write_goal(pairing, "Reflect before asking.", by=people.unassigned_supporter)
    ids = {"pairing_id": pairing.pk, "session_id": session.pk, "goal_id": goal.pk}
    members = {
        "peer": people.unassigned_supporter,
        "supporter": people.supporter,
        "client": people.client,  # no supervision is a client's
        "supervisor": people.supervisor,
        "unpaired": unpaired,
        "outsider": people.outsider_supporter,
        "admin": people.admin,
    }
    prefixes = ("supervision/", "organisation/supervision/")
    routes = {f"supervision:{name}": route for name, route in all_patterns() if route.startswith(prefixes)}
    assert set(SUPERVISION_TABLE) == set(routes), "every supervision URL is in the table"
    for name in SUPERVISION_ACTORS:
        browser = signed_in(members[name])
        for url_name, (method, allowed) in SUPERVISION_TABLE.items():
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[str(m[1])]), routes[url_name])
            response = getattr(browser, method)(url)
            expected = (200, 302) if name in allowed else (404,)
            assert response.status_code in expected, (name, url_name, response.status_code)
            if name not in allowed:
                assert talked not in response.content.decode()
            elif url_name == "supervision:end_pairing":  # open it again for the next actor
                Pairing.objects.filter(pk=pairing.pk).update(ended_at=None, ended_by=None)


# --- Group sessions (tests/groups): the supporter facilitates; the client came ------------------------------------

GROUP_ROLE_TABLE = {
    # url name: (method, who may use it; everyone else gets 404). The outsider is staff elsewhere: their own
    # organisation's list of groups is theirs to see (empty here).
    "group_list": ("get", {"supporter", "unassigned", "supervisor", "admin", "outsider"}),
    "new_group": ("get", {"admin"}),
    "group": ("get", {"supporter", "unassigned", "supervisor", "admin"}),
    "edit_group": ("get", {"supporter", "admin"}),
    "new_session": ("get", {"supporter", "admin"}),
    "session": ("get", {"supporter", "supervisor", "admin"}),  # who came: facilitators and those who answer for it
    "edit_session": ("get", {"supporter", "admin"}),
    "group_note": ("get", {"supporter", "admin"}),
    "mark_attendance": ("post", {"supporter", "admin"}),
    "individual_note": ("get", {"supporter"}),  # about one person: the facilitator who met them
    "edit_individual_note": ("get", {"supporter"}),
    "share_individual_note": ("post", {"supporter"}),
    "my_groups": ("get", {"owner"}),
    "choose_milestones": ("post", {"owner"}),  # the client's own choice; nobody makes it for them
    # One attendee's session record (tests/billing/test_group_records.py), signed: its author, and the attendee
    "group_document": ("get", {"owner", "supporter"}),
    "group_amend": ("get", {"supporter"}),
}


def test_group_urls_by_every_role(people: People) -> None:
    from alongside.groups import actions as group_actions

    from .billing.factories import a_group_session, signed_group_record
    from .groups.factories import mark

    rules_for(people)
    session = a_group_session(people)
    group = session.group
    attendance = mark(people, session, people.client)
    note = group_actions.write_individual_note(attendance, "Stayed for tea.", by=people.supporter)
    signed_group_record(people, attendance)
    ids = {"group_id": group.pk, "session_id": session.pk, "attendance_id": attendance.pk, "note_id": note.pk}
    routes = {name: route for name, route in all_patterns() if route.startswith(("groups/", "me/groups/"))}
    assert set(routes) == set(GROUP_ROLE_TABLE), "every groups URL is in the table, and only those"
    for name in ACTORS:
        browser = signed_in(people.actor(name))
        for url_name, (method, allowed) in GROUP_ROLE_TABLE.items():
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids[str(m[1])]), routes[url_name])
            if method == "post":  # followed, so its "saved" message is shown on the page it leads to
                response = browser.post(url, {"client": people.client.pk, "status": "present"}, follow=True)
            else:
                response = browser.get(url)
            expected = (200, 302) if name in allowed else (404,)
            assert response.status_code in expected, (name, url_name, response.status_code)
            if name not in allowed or name == "outsider":
                assert people.client.user.display_name not in main_content(response)
                assert group.name not in main_content(response)
