"""Every way of reading a client's data leaves exactly one audit entry, at the cost of one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside import policy
from alongside.audit.models import AuditEntry
from tests.conftest import People, confirmed, signed_in

from .factories import open_in_emergency, share

pytestmark = pytest.mark.django_db


def access_paths(people: People) -> list[tuple[str, str, str]]:
    """(who, url, the audit action it must write)."""
    client_id = people.client.pk
    return [
        ("supporter", f"/people/{client_id}/", "read.profile"),
        ("supervisor", f"/shared/{client_id}/", "read.shared"),
        ("supervisor", f"/shared/{client_id}/download/", "download.shared"),
        ("client", "/me/sharing/", "read.consents"),
        ("client", f"/me/sharing/{people.client.consents_given.get().pk}/", "read.consent_form"),
        ("client", "/me/record-views/", "read.accesses"),
        ("client", "/me/record-views/download/", "download.accesses"),
        ("client", "/me/data/download/", "download.mydata"),
    ]


def test_every_access_path_writes_exactly_one_entry(people: People) -> None:
    share(people.client, kind="supervisors")
    for who, url, action in access_paths(people):
        browser = confirmed(signed_in(getattr(people, who)))
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert browser.get(url).status_code == 200, url
        written = list(AuditEntry.objects.filter(pk__gt=last).values_list("action", "actor", "client"))
        assert written == [(action, getattr(people, who).user.pk, people.client.pk)], url


def test_emergency_reads_are_recorded_as_such(people: People) -> None:
    opening = open_in_emergency(people.supervisor, people.client)
    signed_in(people.supervisor).get(f"/shared/{people.client.pk}/")
    entry = AuditEntry.objects.get(action="read.shared")
    assert entry.detail == {"basis": "break_glass", "break_glass": opening.pk}


@pytest.mark.parametrize(("who", "url"), [("supporter", "/people/{id}/"), ("supervisor", "/shared/{id}/")])
def test_auditing_a_read_costs_one_query(people: People, monkeypatch: pytest.MonkeyPatch, who: str, url: str) -> None:
    share(people.client, kind="supervisors")
    browser = signed_in(getattr(people, who))
    path = url.format(id=people.client.pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(path).status_code == 200
        return len(captured)

    audited = count()
    monkeypatch.setattr(policy, "record", lambda **kwargs: None)
    assert audited - count() == 1
