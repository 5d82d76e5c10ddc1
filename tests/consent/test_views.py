"""The client's pages (Sharing, Who has seen my record, My data), recipients' pages, and emergency access."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alongside.accounts.models import Assignment
from alongside.audit.models import AuditEntry
from alongside.consent.models import AccountClosure, BreakGlass, Consent, RecipientKind
from tests.conftest import People, confirmed, signed_in
from tests.factories import PASSWORD
from tests.plans.factories import make_goal

from .factories import open_in_emergency, share

pytestmark = pytest.mark.django_db
REASON = "Missed check-in and wrote that she is not safe tonight"


def audit_count() -> int:
    return AuditEntry.objects.count()


def grant_form(people: People, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "request_key": "6f1c1a52-8c55-4b8e-9d2a-0a4f5d0e7b11",
        "recipient_kind": "person",
        "recipient_member": str(people.supervisor.pk),
        "areas": ["plan", "meetings"],
        "purpose": "So my supervisor can help me plan my move.",
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "signature": "Casey Client",
    }
    return values | overrides


# --- Sharing ----------------------------------------------------------------------------------------


def test_client_grants_consent_and_double_submit_stores_it_once(people: People) -> None:
    browser = signed_in(people.client)
    before = audit_count()
    first = browser.post("/me/sharing/", grant_form(people))
    second = browser.post("/me/sharing/", grant_form(people))
    consent = Consent.objects.get()
    assert first["Location"] == second["Location"] == f"/me/sharing/{consent.pk}/"
    assert (consent.recipient_member, consent.areas) == (people.supervisor, ["meetings", "plan"])
    assert list(AuditEntry.objects.filter(pk__gt=0).values_list("action", flat=True)[before:]) == ["consent.grant"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"recipient_kind": "", "recipient_member": ""}, "Please choose who you want to share with."),
        ({"recipient_member": ""}, "Please choose the person you want to share with."),
        ({"recipient_kind": "outside", "recipient_name": " "}, "Please write the name of the person or organisation"),
        ({"expires_on": "2020-01-01"}, "That day has already passed."),
        ({"expires_on": ""}, "Please choose the last day this sharing should last."),
        ({"areas": []}, "Please choose what you want to share."),
        ({"purpose": ""}, "Please say what the sharing is for."),
        ({"purpose": "x" * 1001}, "Please keep this under 1000 characters"),
        ({"signature": ""}, "Please type your name to sign."),
    ],
)
def test_bad_consent_gets_a_clear_message_and_changes_nothing(people: People, overrides, message: str) -> None:
    browser = signed_in(people.client)
    before = audit_count()
    response = browser.post("/me/sharing/", grant_form(people, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.exists()
    assert audit_count() == before


def test_a_client_cannot_name_someone_of_another_organisation(people: People) -> None:
    response = signed_in(people.client).post(
        "/me/sharing/", grant_form(people, recipient_member=str(people.outsider_supporter.pk))
    )
    assert response.status_code == 200 and not Consent.objects.exists()


def test_the_consent_form_holds_every_element_42_cfr_2_31_asks_for(people: People) -> None:
    consent = share(people.client, people.supervisor, areas=["plan"])
    page = signed_in(people.client).get(f"/me/sharing/{consent.pk}/").content.decode()
    for element in (
        "Casey Client",  # patient's name and typed signature
        people.organisation.name,  # who may disclose
        "my recovery plan",  # description of the information
        "Vera Supervisor",  # recipient
        "help me plan my move",  # purpose
        consent.expires_on.strftime("%B %Y"),  # expiry
        "revoke",  # right to revoke and how
        "action already taken",  # the exception to revocation
        "Date signed",
        "42 CFR part 2 prohibits unauthorized use or disclosure",  # redisclosure statement
    ):
        assert element.lower() in page.lower(), element


def test_revoking_twice_is_explained_and_recorded_once(people: People) -> None:
    consent = share(people.client, people.supervisor)
    browser = signed_in(people.client)
    browser.post(f"/me/sharing/{consent.pk}/stop/")
    revoked_at = Consent.objects.get().revoked_at
    before = audit_count()
    browser.post(f"/me/sharing/{consent.pk}/stop/")
    assert Consent.objects.get().revoked_at == revoked_at
    assert audit_count() == before
    assert "You already stopped this sharing" in browser.get("/me/sharing/").content.decode()
    assert AuditEntry.objects.filter(action="consent.revoke").count() == 1


def test_clients_see_and_stop_only_their_own_consents(people: People) -> None:
    consent = share(people.client, people.supervisor)
    other = signed_in(people.other_client)
    assert other.get(f"/me/sharing/{consent.pk}/").status_code == 404
    assert other.post(f"/me/sharing/{consent.pk}/stop/").status_code == 404
    assert f"/me/sharing/{consent.pk}/" not in other.get("/me/sharing/").content.decode()
    for staff in (people.supporter, people.supervisor, people.admin):
        assert signed_in(staff).get("/me/sharing/").status_code == 404
    assert Consent.objects.get().revoked_at is None


# --- Recipients -------------------------------------------------------------------------------------


def test_recipient_reads_until_the_client_revokes(people: People) -> None:
    consent = share(people.client, people.supervisor, areas=["plan"])
    recipient = confirmed(signed_in(people.supervisor))
    page = recipient.get(f"/shared/{people.client.pk}/")
    assert page.status_code == 200 and f'href="/people/{people.client.pk}/plan/"' in page.content.decode()
    assert f'href="/people/{people.client.pk}/meetings/"' not in page.content.decode()  # not shared
    listed = recipient.get("/shared/").content.decode()
    assert "Casey Client" in listed and f'href="/people/{people.client.pk}/plan/"' in listed
    assert recipient.get(f"/people/{people.client.pk}/plan/").status_code == 200  # the linked page reads
    download = recipient.get(f"/shared/{people.client.pk}/download/")
    assert download.status_code == 200 and json.loads(download.content)["person"] == "Casey Client"
    signed_in(people.client).post(f"/me/sharing/{consent.pk}/stop/")
    for url in (f"/shared/{people.client.pk}/", f"/shared/{people.client.pk}/download/"):
        refused = recipient.get(url)
        assert refused.status_code == 404 and "Casey Client" not in refused.content.decode()
    assert "Casey Client" not in recipient.get("/shared/").content.decode()


def test_people_without_consent_are_refused_pages_and_downloads(people: People) -> None:
    share(people.client, people.supervisor)
    for outsider in (people.admin, people.unassigned_supporter, people.outsider_supporter, people.other_client):
        browser = confirmed(signed_in(outsider))
        for url in (
            f"/shared/{people.client.pk}/",
            f"/shared/{people.client.pk}/download/",
            f"/people/{people.client.pk}/",
        ):
            response = browser.get(url)
            assert response.status_code == 404, (outsider, url)
            assert "Casey Client" not in response.content.decode()


def test_a_recipients_download_holds_only_the_areas_shared(people: People, monkeypatch) -> None:
    from alongside.consent import mydata
    from alongside.policy import Area

    monkeypatch.setattr(mydata, "SECTIONS", dict(mydata.SECTIONS))
    mydata.register("plans", lambda client, private: {"goals": ["walk daily"]}, area=Area.PLAN)
    mydata.register("meetings", lambda client, private: {"notes": ["secret"]}, area=Area.MEETINGS)
    share(people.client, people.supervisor, areas=["plan"])
    data = json.loads(confirmed(signed_in(people.supervisor)).get(f"/shared/{people.client.pk}/download/").content)
    assert set(data["sections"]) == {"plans", "support_preferences"}  # the profile comes with any area
    assert "42 CFR part 2" in data["notice"]


def test_downloads_ask_for_the_password_again(people: People) -> None:
    share(people.client, people.supervisor)
    recipient = signed_in(people.supervisor)
    before = audit_count()
    response = recipient.get(f"/shared/{people.client.pk}/download/")
    assert response.status_code == 302 and response["Location"].startswith("/account/confirm-password/")
    assert audit_count() == before
    wrong = recipient.post("/account/confirm-password/", {"password": "not it", "next": "/"})
    assert "That password is not right" in wrong.content.decode()
    right = recipient.post("/account/confirm-password/", {"password": PASSWORD, "next": response["Location"]})
    assert right.status_code == 302
    assert recipient.get(f"/shared/{people.client.pk}/download/").status_code == 200


# --- Emergency access ---------------------------------------------------------------------------------


def test_break_glass_needs_a_reason_and_changes_nothing_without_one(people: People) -> None:
    browser = signed_in(people.supervisor)
    before = audit_count()
    response = browser.post("/team/emergency-access/", {"client": people.client.pk, "reason": "  "})
    assert "Please give the reason" in response.content.decode()
    assert not BreakGlass.objects.exists() and audit_count() == before
    assert browser.get(f"/shared/{people.client.pk}/").status_code == 404


def test_break_glass_is_logged_limited_and_told_to_the_client(
    people: People, django_capture_on_commit_callbacks
) -> None:
    browser = signed_in(people.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/team/emergency-access/", {"client": people.client.pk, "reason": REASON})
    assert response["Location"] == f"/shared/{people.client.pk}/"
    entry = AuditEntry.objects.get(action="break_glass.open")
    assert (entry.actor, entry.client, entry.reason) == (people.supervisor.user, people.client, REASON)
    assert mail.outbox[-1].to == [people.client.user.email]
    assert "Vera Supervisor" in mail.outbox[-1].body and "Missed check-in" not in mail.outbox[-1].body
    assert browser.get(f"/shared/{people.client.pk}/").status_code == 200
    seen = signed_in(people.client).get("/me/record-views/").content.decode()
    assert "opened your record in an emergency" in seen and "Missed check-in" in seen


def test_only_supervisors_may_break_glass(people: People) -> None:
    for member in (people.admin, people.supporter, people.client):
        assert signed_in(member).get("/team/emergency-access/").status_code == 404
    open_in_emergency(people.supervisor, people.client)
    again = signed_in(people.supervisor).post("/team/emergency-access/", {"client": people.client.pk, "reason": REASON})
    assert "You can already read this record until" in again.content.decode()
    assert BreakGlass.objects.count() == 1
    outsider = signed_in(people.supervisor).post(
        "/team/emergency-access/", {"client": people.outsider_client.pk, "reason": "x"}
    )
    assert outsider.status_code == 200 and BreakGlass.objects.count() == 1


# --- Who has seen my record ------------------------------------------------------------------------------


def test_who_has_seen_my_record_lists_others_in_plain_language(people: People) -> None:
    share(people.client, people.supervisor, areas=["plan"])
    signed_in(people.supervisor).get(f"/shared/{people.client.pk}/")
    signed_in(people.supporter).get(f"/people/{people.client.pk}/")
    page = signed_in(people.client).get("/me/record-views/").content.decode()
    assert "Vera Supervisor</strong> opened what you share with them" in page
    assert "because you shared it with them" in page
    assert "Sam Supporter</strong> looked at your name and basic details" in page
    assert "You</strong> started sharing your plan with Vera Supervisor" in page
    assert "Casey Client" not in signed_in(people.other_client).get("/me/record-views/").content.decode()


def test_the_clients_own_actions_are_hidden_until_asked_for(people: People) -> None:
    make_goal(people.client)
    share(people.client, people.supervisor, areas=["plan"])
    browser = signed_in(people.client)
    page = browser.get("/me/record-views/").content.decode()
    assert "added a goal" not in page and "Also show what you did yourself" in page
    assert "You</strong> started sharing your plan with Vera Supervisor" in page  # sharing always shows
    everything = browser.get("/me/record-views/?mine=shown").content.decode()
    assert "You</strong> added a goal to your plan" in everything and "Show only what others did" in everything
    assert "looked at this list" not in everything  # reading your own pages is never listed


def test_a_transfer_names_the_recipient_and_purpose(people: People) -> None:
    share(people.client, kind="outside", areas=["plan", "meetings", "checkins", "crisis", "messages"])
    confirmed(signed_in(people.admin)).post(f"/organisation/transfers/{people.client.pk}/fhir/")
    page = signed_in(people.client).get("/me/record-views/").content.decode()
    assert (
        "Ada Admin</strong> sent a copy of your whole record to Dr. Lee, Northside Clinic, as you agreed, "
        "for this purpose: So they can help me plan my move." in page
    )
    assert "interop." not in page and "did something" not in page


def test_the_list_downloads_as_csv_without_formulas(people: People) -> None:
    open_in_emergency(people.supervisor, people.client, reason="=HYPERLINK(evil) is what they typed as a reason")
    browser = signed_in(people.client)
    assert browser.get("/me/record-views/download/").status_code == 302
    response = confirmed(browser).get("/me/record-views/download/")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["When (UTC)", "Who", "What", "Why", "Emergency"]
    emergency = next(row for row in rows if row[4] == "yes")
    assert emergency[1] == "Vera Supervisor" and emergency[3] == "'=HYPERLINK(evil) is what they typed as a reason"


# --- My data and closing the account -------------------------------------------------------------------


def test_my_data_says_when_it_asks_for_the_password_and_does(people: People) -> None:
    browser = signed_in(people.client)
    page = browser.get("/me/data/").content.decode()
    assert "we ask for your password before either download, unless you gave it in the last 10 minutes" in page
    downloads = ("/me/data/download/", "/me/record/fhir/")
    for download in downloads:
        assert browser.get(download)["Location"].startswith("/account/confirm-password/"), download
    confirmed(browser)
    for download in downloads:
        assert browser.get(download).status_code == 200, download


def test_my_data_downloads_every_section(people: People) -> None:
    share(people.client, people.supervisor)
    browser = signed_in(people.client)
    assert browser.get("/me/data/download/").status_code == 302
    data = json.loads(confirmed(browser).get("/me/data/download/").content)
    assert {"account", "sharing", "access_log"} <= set(data["sections"])
    assert data["sections"]["account"]["peer_supporters"][0]["name"] == "Sam Supporter"
    assert data["sections"]["sharing"]["consents"][0]["purpose"] == "So they can help me plan my move."
    assert any(entry["action"] == "consent.grant" for entry in data["sections"]["access_log"]["entries"])
    for staff in (people.supporter, people.supervisor):
        assert confirmed(signed_in(staff)).get("/me/data/download/").status_code == 404


def test_closing_an_account_stops_access_keeps_records_and_tells_why(
    people: People, django_capture_on_commit_callbacks
) -> None:
    share(people.client, people.supervisor)
    browser = confirmed(signed_in(people.client))
    page = browser.get("/me/close/").content.decode()
    assert "6 years" in page and "HIPAA" in page
    unticked = browser.post("/me/close/", {})
    assert "Please tick the box" in unticked.content.decode() and not AccountClosure.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        closed = browser.post("/me/close/", {"understood": "on"})
    assert "Your account is closed" in closed.content.decode()
    people.client.refresh_from_db()
    assert not people.client.is_active
    assert not Consent.objects.active().exists()
    assert not Assignment.objects.filter(client=people.client, ended_at__isnull=True).exists()
    assert signed_in(people.supervisor).get(f"/shared/{people.client.pk}/").status_code == 404
    closure = AccountClosure.objects.get()
    assert closure.purge_after.year == timezone.now().year + 6
    assert "HIPAA" in mail.outbox[-1].body
    assert browser.get("/me/data/").status_code in (302, 404)


def test_recipients_homes_link_each_shared_area(people: People) -> None:
    share(people.client, people.unassigned_supporter, areas=["plan", "checkins"])
    share(people.client, people.admin, areas=["meetings"])
    share(people.client, kind=RecipientKind.SUPERVISORS, areas=["checkins"])
    base = f"/people/{people.client.pk}"
    expected = {
        (people.unassigned_supporter, "/people/"): {"plan", "check-ins"},
        (people.admin, "/organisation/"): {"meetings"},
        (people.supervisor, "/team/"): {"check-ins"},
    }
    for (member, home), shared in expected.items():
        browser = signed_in(member)
        page = browser.get(home).content.decode()
        assert "Shared with you" in page and f'href="/shared/{people.client.pk}/"' in page
        for area in ("plan", "meetings", "check-ins"):
            assert (f'href="{base}/{area}/"' in page) == (area in shared), (member, area)
        for area in shared:
            assert browser.get(f"{base}/{area}/").status_code == 200, (member, area)
    assert "Shared with you" not in signed_in(people.supporter).get("/people/").content.decode()
