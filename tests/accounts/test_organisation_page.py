"""The organisation page's list of people: what each row shows, the role filter, the pages and the counts."""

import re

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from alongside.accounts.models import Role

from ..conftest import People, main_content, signed_in
from ..factories import assign, client_member

pytestmark = pytest.mark.django_db


def rows(page: str) -> list[str]:
    """Each row of the people table (ordered by role, then name), its tags removed and its cells joined by " | "."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return [" | ".join(re.sub(r"<[^>]+>", "", cell).strip() for cell in row) for row in cells]


def test_each_row_links_to_the_person_and_says_role_supporters_and_status(people: People) -> None:
    assign(people.client, people.unassigned_supporter)
    people.other_client.is_active = False
    people.other_client.save(update_fields=["is_active"])
    people.client.supporter_assignments.filter(supporter=people.supporter).update(ended_at=timezone.now())
    page = main_content(signed_in(people.admin).get("/organisation/"))
    assert rows(page) == [
        "Ada Admin | Organisation admin | — | Active",
        "Casey Client | Client | 1 | Active",
        "Olive Otherclient | Client | 1 | Access ended",
        "Vera Supervisor | Supervisor | — | Active",
        "Sam Supporter | Peer supporter | — | Active",
        "Una Unassigned | Peer supporter | — | Active",
    ]
    assert f'<a href="/organisation/people/{people.client.pk}/">Casey Client</a>' in page
    assert "Otto Outsider" not in page and "Xena Elsewhere" not in page
    assert "<strong>1</strong> clients" in page  # the counts above count only people whose access goes on


def test_names_are_escaped(people: People) -> None:
    client_member(people.organisation, user__display_name="<b>Bold</b> & co")
    page = main_content(signed_in(people.admin).get("/organisation/"))
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co</a>" in page


def test_the_role_filter_and_the_pages_count_only_the_people_shown(
    people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(55):
        client_member(people.organisation, user__display_name=f"Client {number:02d}", is_active=number % 2 == 0)
    admin = signed_in(people.admin)
    everyone = main_content(admin.get("/organisation/"))
    assert "Page 1 of 2" in everyone and len(rows(everyone)) == 50
    assert "<strong>30</strong> clients" in everyone  # 28 of the 55, and Casey and Olive
    clients = main_content(admin.get("/organisation/?role=client&page=2"))
    assert "Page 2 of 2" in clients and '<a href="?role=client&amp;page=1">Previous</a>' in clients
    assert rows(clients) == [
        *(f"Client {n} | Client | 0 | {'Active' if n % 2 == 0 else 'Access ended'}" for n in range(49, 55)),
        "Olive Otherclient | Client | 1 | Active",
    ]
    assert '<option value="client" selected>' in clients
    supporters = main_content(admin.get("/organisation/?role=supporter"))
    assert "Pages of people" not in supporters
    assert [row.split(" | ")[0] for row in rows(supporters)] == ["Sam Supporter", "Una Unassigned"]
    ignored = main_content(admin.get("/organisation/?role=nobody&page=9"))
    assert "Page 2 of 2" in ignored and len(rows(ignored)) == 11
    # The session, the acting membership, the counts by role, the invitations waiting, what is shared with the
    # admin and the page's rows: the number of pages comes from the counts, not from a count of its own.
    with django_assert_num_queries(6):
        admin.get("/organisation/?role=client")


def test_roles_are_named_in_the_readers_language(people: People) -> None:
    people.admin.user.language = "es"
    people.admin.user.save(update_fields=["language"])
    page = main_content(signed_in(people.admin).get(f"/organisation/?role={Role.CLIENT}"))
    assert rows(page) == [
        "Casey Client | Persona acompañada | 1 | Activo",
        "Olive Otherclient | Persona acompañada | 1 | Activo",
    ]
