"""Ending someone's access (offboarding) and giving it back; pending invitations."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from alongside.accounts.models import Assignment, Invitation, Membership, Role
from alongside.api.models import ApiToken
from alongside.audit.models import AuditEntry
from alongside.consent.actions import close_account
from alongside.consent.models import BreakGlass
from alongside.supervision.actions import share_indicators, start_pairing

from .api.factories import make_token
from .conftest import People, signed_in
from .consent.factories import open_in_emergency
from .factories import PASSWORD, assign, client_member, staff_member

pytestmark = pytest.mark.django_db


def end_access(people: People, member: Membership, on_commit, **choices: str):
    with on_commit(execute=True):
        return signed_in(people.admin).post(f"/organisation/people/{member.pk}/deactivate/", choices)


def test_a_leaving_supporter_hands_each_client_over_and_the_clients_are_told(
    people: People, django_capture_on_commit_callbacks
) -> None:
    second = client_member(people.organisation, user__display_name="Sol Second")
    assign(second, people.supporter)
    token, _ = make_token(people.supporter)
    session = signed_in(people.supporter)
    page = signed_in(people.admin).get(f"/organisation/people/{people.supporter.pk}/deactivate/").content.decode()
    assert "Who walks alongside Casey Client now?" in page and "Una Unassigned" in page
    assert "Sam Supporter" not in page.split("Who takes on each person?")[1]  # not offered to take on their own clients
    missing = end_access(people, people.supporter, django_capture_on_commit_callbacks)
    assert "Please choose who takes on Casey Client." in missing.content.decode()
    assert Membership.objects.get(pk=people.supporter.pk).is_active

    response = end_access(
        people,
        people.supporter,
        django_capture_on_commit_callbacks,
        **{f"client_{people.client.pk}": str(people.unassigned_supporter.pk), f"client_{second.pk}": "nobody"},
    )
    assert response.status_code == 302
    assert not Membership.objects.get(pk=people.supporter.pk).is_active
    taken = Assignment.objects.get(client=people.client, ended_at__isnull=True)
    assert (taken.supporter, taken.handed_over_from) == (people.unassigned_supporter, people.supporter)
    assert not Assignment.objects.filter(client=second, ended_at__isnull=True).exists()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    told = {message.to[0]: message.body for message in mail.outbox}
    assert "Una Unassigned now walks alongside you" in told[people.client.user.email]
    assert "reads only the messages from now on, unless you agree" in told[people.client.user.email]
    assert "will let you know who walks alongside you next" in told[second.user.email]
    assert "&#x27;" not in told[people.client.user.email] and "&amp;" not in told[people.client.user.email]
    home = signed_in(people.client).get("/me/").content.decode()
    assert "Una Unassigned" in home and "taking over from Sam Supporter" in home
    assert "May they read your earlier messages?" in home
    entry = AuditEntry.objects.get(action="member.deactivate")
    assert entry.detail["handed_over"] == {str(people.client.pk): people.unassigned_supporter.pk}
    assert entry.detail["tokens_revoked"] == [token.pk] and entry.actor == people.admin.user
    ended = session.get("/people/")
    assert ended.status_code == 302 and ended["Location"] == "/account/login/"
    assert "access to Alongside has ended" in session.get("/account/login/").content.decode()
    matching = signed_in(people.admin).get(f"/organisation/people/{second.pk}/").content.decode()
    assert "Sam Supporter" not in matching.split("Match with a peer supporter")[1].split("</section>")[0]


def test_someone_whose_access_ended_cannot_sign_in_and_is_told_why(
    people: People, django_capture_on_commit_callbacks
) -> None:
    end_access(people, people.supervisor, django_capture_on_commit_callbacks)
    refused = Client().post("/account/login/", {"username": people.supervisor.user.email, "password": PASSWORD})
    assert refused.status_code == 200 and "access to Alongside has ended" in refused.content.decode()
    wrong = Client().post("/account/login/", {"username": people.supervisor.user.email, "password": "wrong"})
    assert "do not match" in wrong.content.decode()  # the reason only after the right password


def test_a_supervisors_emergency_access_and_dashboards_end(people: People, django_capture_on_commit_callbacks) -> None:
    opening = open_in_emergency(people.supervisor, people.client)
    session = signed_in(people.supervisor)
    assert session.get(f"/people/{people.client.pk}/plan/").status_code == 200
    end_access(people, people.supervisor, django_capture_on_commit_callbacks)
    assert BreakGlass.objects.get(pk=opening.pk).ended_at is not None
    assert not BreakGlass.objects.open().exists()
    assert session.get("/organisation/dashboard/").status_code == 302
    assert session.get(f"/people/{people.client.pk}/plan/").status_code == 302


@pytest.mark.parametrize("leaving", ["supervisor", "peer"])
def test_supervision_pairings_and_their_indicator_shares_end_with_either_person(
    people: People, leaving: str, django_capture_on_commit_callbacks
) -> None:
    peer = staff_member(Role.SUPPORTER, people.organisation)  # walks alongside nobody: no handover to choose
    pairing = start_pairing(people.supervisor, peer, by=people.admin)
    share = share_indicators(pairing, by=peer)
    end_access(people, peer if leaving == "peer" else people.supervisor, django_capture_on_commit_callbacks)
    pairing.refresh_from_db()
    share.refresh_from_db()
    assert pairing.ended_at is not None and pairing.ended_by == people.admin.user
    assert share.revoked_at is not None
    entry = AuditEntry.objects.filter(action="member.deactivate").latest("seq")
    assert entry.detail["supervision_ended"] == [pairing.pk]


def test_a_client_leaves_pickers_and_their_matches_end(people: People, django_capture_on_commit_callbacks) -> None:
    end_access(people, people.client, django_capture_on_commit_callbacks)
    assert not Assignment.objects.filter(client=people.client, ended_at__isnull=True).exists()
    for url in ("/team/emergency-access/",):
        assert "Casey Client" not in signed_in(people.supervisor).get(url).content.decode()
    assert "Casey Client" not in signed_in(people.supporter).get("/people/").content.decode()


def test_an_invitation_to_be_matched_with_a_leaver_is_cancelled(
    people: People, django_capture_on_commit_callbacks
) -> None:
    invitation = Invitation.objects.create(
        organisation=people.organisation,
        email="new@example.org",
        display_name="New",
        role="client",
        token_hash="x" * 64,
        invited_by=people.supporter.user,
        assign_to=people.supporter,
        expires_at=timezone.now() + timedelta(days=1),
    )
    end_access(people, people.supporter, django_capture_on_commit_callbacks, **{f"client_{people.client.pk}": "nobody"})
    assert Invitation.objects.get(pk=invitation.pk).cancelled_at is not None


def test_admins_cannot_end_their_own_access_and_others_cannot_end_anyones(people: People) -> None:
    assert signed_in(people.admin).get(f"/organisation/people/{people.admin.pk}/deactivate/").status_code == 404
    for member in (people.client, people.supporter, people.supervisor, people.outsider_supporter):
        assert signed_in(member).post(f"/organisation/people/{people.other_client.pk}/deactivate/").status_code == 404
    outsider = signed_in(people.admin).post(f"/organisation/people/{people.outsider_client.pk}/deactivate/")
    assert outsider.status_code == 404
    assert Membership.objects.filter(is_active=False).count() == 0


def test_only_another_active_supporter_can_take_someone_on(people: People, django_capture_on_commit_callbacks) -> None:
    for taker in (people.supervisor, people.outsider_supporter):
        response = end_access(
            people,
            people.supporter,
            django_capture_on_commit_callbacks,
            **{f"client_{people.client.pk}": str(taker.pk)},
        )
        assert "Select a valid choice" in response.content.decode()
    assert Membership.objects.get(pk=people.supporter.pk).is_active


def test_access_can_be_given_back_but_not_to_a_client_who_closed_their_account(
    people: People, django_capture_on_commit_callbacks
) -> None:
    end_access(people, people.supervisor, django_capture_on_commit_callbacks)
    admin = signed_in(people.admin)
    assert "Give access back" in admin.get(f"/organisation/people/{people.supervisor.pk}/").content.decode()
    admin.post(f"/organisation/people/{people.supervisor.pk}/reactivate/")
    assert Membership.objects.get(pk=people.supervisor.pk).is_active
    assert AuditEntry.objects.filter(action="member.reactivate", target=f"member:{people.supervisor.pk}").exists()
    signed_in_again = Client().post("/account/login/", {"username": people.supervisor.user.email, "password": PASSWORD})
    assert signed_in_again.status_code == 302
    close_account(people.client)
    page = admin.get(f"/organisation/people/{people.client.pk}/").content.decode()
    assert "closed their own account" in page and "Give access back" not in page
    admin.post(f"/organisation/people/{people.client.pk}/reactivate/")
    assert not Membership.objects.get(pk=people.client.pk).is_active


def test_a_clients_own_closure_ends_access_the_same_way(people: People) -> None:
    opening = open_in_emergency(people.supervisor, people.client)
    session = signed_in(people.client)
    close_account(people.client)
    assert BreakGlass.objects.get(pk=opening.pk).ended_at is not None
    assert not Assignment.objects.filter(client=people.client, ended_at__isnull=True).exists()
    assert session.get("/me/").status_code == 302
    assert "ended" in session.get("/account/login/").content.decode()


# --- Pending invitations --------------------------------------------------------------------------------


def pending_invitation(people: People, expires_in: timedelta = timedelta(days=3)) -> Invitation:
    return Invitation.objects.create(
        organisation=people.organisation,
        email="wren@example.org",
        display_name="Wren",
        role="supporter",
        token_hash="a" * 64,
        invited_by=people.admin.user,
        expires_at=timezone.now() + expires_in,
    )


def test_admin_resends_an_expired_invitation_with_a_new_link(
    people: People, django_capture_on_commit_callbacks
) -> None:
    invitation = pending_invitation(people, expires_in=timedelta(days=-1))
    admin = signed_in(people.admin)
    listed = admin.get("/organisation/invitations/").content.decode()
    assert "wren@example.org" in listed and "expired" in listed
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/organisation/invitations/{invitation.pk}/resend/")
    invitation.refresh_from_db()
    assert invitation.token_hash != "a" * 64 and invitation.expires_at > timezone.now()
    assert mail.outbox[-1].to == ["wren@example.org"]
    link = mail.outbox[-1].body.split("http://testserver")[1].split()[0]
    assert Client().get(link).status_code == 200
    assert AuditEntry.objects.filter(action="invitation.resend", target=f"invitation:{invitation.pk}").exists()


def test_admin_cancels_an_invitation_and_its_link_stops_working(
    people: People, django_capture_on_commit_callbacks
) -> None:
    invitation = pending_invitation(people)
    admin = signed_in(people.admin)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/organisation/invitations/{invitation.pk}/resend/")
    link = mail.outbox[-1].body.split("http://testserver")[1].split()[0]
    admin.post(f"/organisation/invitations/{invitation.pk}/cancel/")
    refused = Client().get(link)
    assert refused.status_code == 410 and "cancelled" in refused.content.decode()
    admin.get("/organisation/invitations/")  # shows the messages
    assert "No invitations are waiting" in admin.get("/organisation/invitations/").content.decode()
    again = admin.post(f"/organisation/invitations/{invitation.pk}/cancel/", follow=True)
    assert "already cancelled" in again.content.decode()
    assert AuditEntry.objects.filter(action="invitation.cancel").count() == 1


def test_invitations_are_the_admins_of_their_own_organisation(people: People) -> None:
    invitation = pending_invitation(people)
    for member in (people.client, people.supporter, people.supervisor, people.outsider_supporter):
        browser = signed_in(member)
        assert browser.get("/organisation/invitations/").status_code == 404
        assert browser.post(f"/organisation/invitations/{invitation.pk}/cancel/").status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).cancelled_at is None


def test_inviting_someone_whose_access_ended_points_to_giving_it_back(
    people: People, django_capture_on_commit_callbacks
) -> None:
    end_access(people, people.supervisor, django_capture_on_commit_callbacks)
    data = {"display_name": "Vera", "email": people.supervisor.user.email, "role": "supervisor"}
    response = signed_in(people.admin).post("/invite-someone/", data)
    assert "can give their access back on their page" in response.content.decode()
    assert not Invitation.objects.exists()
