"""Every way of reading a client's data leaves exactly one audit entry, at the cost of two statements."""

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
def test_auditing_a_read_costs_two_statements(
    people: People, monkeypatch: pytest.MonkeyPatch, who: str, url: str
) -> None:
    """Lock the organisation's chain head and insert the entry, in a short transaction of their own."""
    share(people.client, kind="supervisors")
    browser = signed_in(getattr(people, who))
    path = url.format(id=people.client.pk)
    browser.get(path)  # the first page of a visit notes the activity on the session

    def statements() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(path).status_code == 200
        return [query["sql"] for query in captured]

    audited = statements()
    monkeypatch.setattr(policy, "record", lambda **kwargs: None)
    unaudited = statements()
    assert len(audited) - len(unaudited) == 4  # with the savepoint the test's transaction turns BEGIN into
    at = next(n for n, sql in enumerate(audited) if "audit_" in sql) - 1
    assert [sql.split()[0] for sql in audited[at : at + 4]] == ["SAVEPOINT", "SELECT", "INSERT", "RELEASE"]
    assert "audit_audithead" in audited[at + 1]
    if connection.vendor == "postgresql":  # SQLite's IMMEDIATE transaction holds the lock already
        assert "FOR UPDATE" in audited[at + 1]
    assert "audit_auditentry" in audited[at + 2]
