"""Every crisis URL by every actor: the client owner, their assigned supporter, an unassigned supporter, a
supervisor, an admin and an outsider (another organisation). Others read the plan only as the policy says:
the assigned supporter by the assignment (as every area), anyone else of the organisation by the client's
consent to the ``crisis`` area. Refusals are 404, and every read leaves an audit entry with its basis."""

from __future__ import annotations

import pytest
from django.test import Client

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.consent.models import RecipientKind
from alongside.crisis import actions
from tests.conftest import ACTORS, People, confirmed, main_content, signed_in
from tests.consent.factories import share
from tests.factories import staff_member

from .factories import WORDS, write_plan

pytestmark = pytest.mark.django_db

OWN_PAGES = ("/me/help-now/", "/me/crisis-plan/", "/me/crisis-plan/history/")


@pytest.fixture
def line_id(people: People) -> int:
    write_plan(people.client)
    return actions.add_line({"name": "Warm line", "number": "555 0199", "contact": "call"}, by=people.admin).pk


@pytest.mark.parametrize("name", ACTORS)
def test_the_clients_own_pages_are_theirs_alone(people: People, line_id: int, name: str) -> None:
    browser = signed_in(people.actor(name))
    for url in OWN_PAGES:
        response = browser.get(url)
        if name == "owner":
            assert response.status_code == 200, url
            assert WORDS["what_helps"] in response.content.decode() or url == "/me/crisis-plan/history/"
        else:
            assert response.status_code == 404, (name, url)
            assert WORDS["what_helps"] not in response.content.decode()
    download = browser.get("/me/crisis-plan/download/")
    assert download.status_code == (302 if name == "owner" else 404)
    assert browser.post("/me/crisis-plan/", WORDS | {"when_well": "Taken over", "version": 1}).status_code in (
        (302,) if name == "owner" else (404,)
    )


# Without any consent: the client, and their assigned supporter (as for every area of the record).
READS_WITHOUT_CONSENT = {"owner", "supporter"}


@pytest.mark.parametrize("name", ACTORS)
def test_a_shared_plan_without_consent_opens_for_the_client_and_their_supporter_only(
    people: People, line_id: int, name: str
) -> None:
    response = signed_in(people.actor(name)).get(f"/people/{people.client.pk}/crisis-plan/")
    allowed = name in READS_WITHOUT_CONSENT
    assert response.status_code == (200 if allowed else 404)
    assert (WORDS["what_helps"] in main_content(response)) is allowed


@pytest.mark.parametrize("name", ["unassigned", "supervisor", "admin"])
def test_consent_to_the_crisis_area_opens_it_and_consent_to_another_area_does_not(
    people: People, line_id: int, name: str
) -> None:
    reader = people.actor(name)
    url = f"/people/{people.client.pk}/crisis-plan/"
    kind = RecipientKind.SUPERVISORS if name == "supervisor" else RecipientKind.PERSON
    recipient = None if name == "supervisor" else reader
    share(people.client, recipient, areas=["plan"], kind=kind)
    assert signed_in(reader).get(url).status_code == 404
    consent = share(people.client, recipient, areas=["crisis"], kind=kind)
    response = signed_in(reader).get(url)
    assert response.status_code == 200 and WORDS["what_helps"] in main_content(response)
    entry = AuditEntry.objects.filter(action="read.crisis").latest("seq")
    assert entry.actor_id == reader.user_id and entry.detail == {"basis": "consent", "consent": consent.pk}
    assert signed_in(people.outsider_supporter).get(url).status_code == 404


@pytest.mark.parametrize("name", ACTORS)
def test_crisis_lines_are_set_up_by_admins_only(people: People, line_id: int, name: str) -> None:
    browser = signed_in(people.actor(name))
    expected_get = 200 if name == "admin" else 404
    assert browser.get("/organisation/crisis-lines/").status_code == expected_get
    assert browser.get(f"/organisation/crisis-lines/{line_id}/").status_code == expected_get
    edit = {"name": "Warm line", "number": "555 0100", "contact": "call"}
    assert browser.post(f"/organisation/crisis-lines/{line_id}/", edit).status_code == (302 if name == "admin" else 404)
    removed = browser.post(f"/organisation/crisis-lines/{line_id}/remove/")
    assert removed.status_code == (302 if name == "admin" else 404)


def test_an_admin_of_another_organisation_gets_404_for_a_line(people: People, line_id: int) -> None:
    other = staff_member(Role.ADMIN, people.outsider_client.organisation)
    assert signed_in(other).get(f"/organisation/crisis-lines/{line_id}/").status_code == 404
    assert signed_in(other).post(f"/organisation/crisis-lines/{line_id}/remove/").status_code == 404


def test_reads_are_audited_with_their_basis(people: People, line_id: int) -> None:
    signed_in(people.client).get("/me/help-now/")
    signed_in(people.supporter).get(f"/people/{people.client.pk}/crisis-plan/")
    reads = AuditEntry.objects.filter(action="read.crisis", client=people.client).order_by("seq")
    assert [(e.actor_id, e.detail) for e in reads] == [
        (people.client.user_id, {"basis": "self"}),
        (people.supporter.user_id, {"basis": "assigned"}),
    ]


def test_the_download_asks_for_the_password_then_gives_a_text_file_and_is_audited(people: People, line_id: int) -> None:
    browser: Client = signed_in(people.client)
    assert browser.get("/me/crisis-plan/download/")["Location"].startswith("/account/confirm-password/")
    response = confirmed(browser).get("/me/crisis-plan/download/")
    assert response["Content-Type"].startswith("text/plain")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.index(WORDS["what_helps"]) < text.index("Warm line: call 555 0199")
    assert AuditEntry.objects.filter(action="download.crisis_plan", client=people.client).count() == 1


def test_help_now_shows_the_plan_first_then_the_lines(people: People, line_id: int) -> None:
    page = main_content(signed_in(people.client).get("/me/help-now/"))
    assert page.index(WORDS["getting_hard"]) < page.index("Warm line") < page.index("911")
    assert 'href="tel:5550199"' in page and "sms:" not in page


def test_help_now_is_on_every_client_page_and_replaces_the_footer_line(people: People) -> None:
    for url in ("/me/", "/me/plan/", "/me/sharing/"):
        page = signed_in(people.client).get(url).content.decode()
        assert 'class="help-now-button" href="/me/help-now/"' in page, url
        assert "call or text 988" not in page
    staff_page = signed_in(people.supporter).get("/", follow=True).content.decode()
    assert "help-now-button" not in staff_page and "call or text 988" in staff_page


def test_a_stale_save_keeps_the_words_and_shows_the_current_plan(people: People, line_id: int) -> None:
    write_plan(people.client, after_crisis="Rest.")
    response = signed_in(people.client).post("/me/crisis-plan/", WORDS | {"after_crisis": "Tea.", "version": 1})
    page = response.content.decode()
    assert response.status_code == 200 and "saved from another window" in page
    assert "Tea." in page and "Rest." in page
