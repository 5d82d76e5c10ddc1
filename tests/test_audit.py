"""The hash chain notices any edited, deleted, inserted or reordered entry."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alongside.audit.log import record
from alongside.audit.models import AuditEntry
from alongside.audit.verify import verify_all, verify_organisation

from .conftest import People

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(people: People) -> list[AuditEntry]:
    return [
        record(
            organisation=people.organisation, actor=people.supporter.user, action=f"read.plan.{n}", client=people.client
        )
        for n in range(5)
    ]


def test_intact_chain_verifies(chain: list[AuditEntry], capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_all() == []
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_each_organisation_has_its_own_chain(people: People, chain: list[AuditEntry]) -> None:
    other = record(organisation=people.outsider_client.organisation, actor=None, action="x")
    assert (other.seq, other.prev_hash) == (1, "0" * 64)
    assert [entry.seq for entry in chain] == [1, 2, 3, 4, 5]


def test_modified_entry_is_found(people: People, chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(pk=chain[2].pk).update(action="something.else")
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == 3 and "changed" in problem.problem
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_deleted_entry_is_found(people: People, chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(pk=chain[1].pk).delete()
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == 2 and "missing" in problem.problem


def test_deleted_last_entry_is_found(people: People, chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(pk=chain[-1].pk).delete()
    problem = verify_organisation(people.organisation.pk)
    assert problem and "removed" in problem.problem


def test_reordered_entries_are_found(people: People, chain: list[AuditEntry]) -> None:
    AuditEntry.objects.filter(pk=chain[1].pk).update(seq=1000)
    AuditEntry.objects.filter(pk=chain[2].pk).update(seq=2)
    AuditEntry.objects.filter(pk=chain[1].pk).update(seq=3)
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == 2


def test_entries_hold_no_free_text(people: People, chain: list[AuditEntry]) -> None:
    entry = chain[0]
    assert set(entry.canonical()) == {
        "organisation",
        "seq",
        "created_at",
        "actor",
        "action",
        "client",
        "target",
        "ip_address",
        "reason",
        "detail",
    }
