"""The hash chain notices any edited, deleted, inserted or reordered entry, on SQLite and PostgreSQL."""

import itertools
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from alongside.audit import keys
from alongside.audit.actions import AuditAction
from alongside.audit.chain import GENESIS_HASH, link_hash
from alongside.audit.log import record
from alongside.audit.models import AppendOnlyError, AuditEntry, AuditHead
from alongside.audit.verify import verify_all, verify_organisation
from tests.conftest import People

from .tamper import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(people: People) -> list[AuditEntry]:
    return [
        record(
            organisation=people.organisation,
            actor=people.supporter.user,
            action=AuditAction.READ_PLAN,
            client=people.client,
        )
        for n in range(5)
    ]


def test_intact_chain_verifies(chain: list[AuditEntry], capsys: pytest.CaptureFixture[str]) -> None:
    assert verify_all() == []
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_entries_link_to_each_other_and_the_head_follows(people: People, chain: list[AuditEntry]) -> None:
    assert [entry.seq for entry in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(chain))
    stored = AuditEntry.objects.get(pk=chain[2].pk)
    key_id, key = keys.current()
    assert stored.key_id == key_id
    assert stored.hash == link_hash(key, stored.prev_hash, stored.seq, stored.content_digest()) == chain[2].hash
    head = AuditHead.objects.get(organisation=people.organisation)
    assert (head.seq, head.hash) == (5, chain[-1].hash)


def test_each_organisation_has_its_own_chain(people: People, chain: list[AuditEntry]) -> None:
    other = record(organisation=people.outsider_client.organisation, actor=None, action=AuditAction.READ_PROFILE)
    assert (other.seq, other.prev_hash) == (1, GENESIS_HASH)


def test_modified_entry_is_found(people: People, chain: list[AuditEntry]) -> None:
    tamper("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["something.else", chain[2].pk])
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == 3 and "changed" in problem.problem
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_deleted_entry_is_found(people: People, chain: list[AuditEntry]) -> None:
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [chain[1].pk])
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == 2 and "missing" in problem.problem


def test_deleted_last_entry_is_found(people: People, chain: list[AuditEntry]) -> None:
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [chain[-1].pk])
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == 5 and "removed" in problem.problem


def test_reordered_entries_are_found(people: People, chain: list[AuditEntry]) -> None:
    tamper("UPDATE audit_auditentry SET seq = 1000 WHERE id = %s", [chain[1].pk])
    tamper("UPDATE audit_auditentry SET seq = 2 WHERE id = %s", [chain[2].pk])
    tamper("UPDATE audit_auditentry SET seq = 3 WHERE id = %s", [chain[1].pk])
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == 2 and "point to the entry before" in problem.problem


def test_the_database_refuses_changes_to_entries(chain: list[AuditEntry]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [chain[0].pk])
    if connection.vendor == "postgresql":  # on SQLite the test machinery itself empties tables with DELETE
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [chain[0].pk])
    assert AuditEntry.objects.get(pk=chain[0].pk).action == AuditAction.READ_PLAN


def test_the_database_refuses_an_entry_that_does_not_extend_the_chain(people: People, chain: list[AuditEntry]) -> None:
    forged: list[Any] = [
        people.organisation.pk,
        3,
        "2026-01-01 00:00:00",
        "forged",
        "",
        "",
        "{}",
        GENESIS_HASH,
        "f" * 64,
    ]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry"
            " (organisation_id, seq, created_at, action, target, reason, detail, prev_hash, hash)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            forged,
        )


def test_the_app_cannot_change_entries(chain: list[AuditEntry]) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=chain[0].pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        chain[0].delete()
    with pytest.raises(AppendOnlyError):
        chain[0].save()


def test_entries_hold_no_free_text(chain: list[AuditEntry]) -> None:
    fields = {field.name for field in AuditEntry._meta.concrete_fields}
    assert fields == {
        "id",
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
        "prev_hash",
        "hash",
        "key_id",
    }


# --- The copy of the chain head kept outside the database -------------------------------------------------


@pytest.fixture
def head_file(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "heads.log"
    settings.AUDIT_HEAD_FILE = str(path)  # type: ignore[attr-defined]
    return path


def test_committed_heads_are_copied_outside_the_database(
    people: People, head_file: Path, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = record(organisation=people.organisation, actor=None, action=AuditAction.MEMBER_ADD)
        second = record(organisation=people.organisation, actor=None, action=AuditAction.MEMBER_DEACTIVATE)
    lines = head_file.read_text().splitlines()
    org = people.organisation.pk
    assert lines == [f"{org} {first.seq} {first.hash}", f"{org} {second.seq} {second.hash}"]
    assert verify_all() == []


def test_a_rewritten_chain_is_found_with_the_outside_copy(people: People, head_file: Path) -> None:
    """A database writer who recomputes every hash after an edit still cannot match the copy outside."""
    entry = record(organisation=people.organisation, actor=None, action=AuditAction.READ_PLAN)
    head_file.write_text(f"{people.organisation.pk} {entry.seq} {entry.hash}\n")
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    AuditHead.objects.filter(organisation=people.organisation).update(seq=0, hash=GENESIS_HASH)
    forged = record(organisation=people.organisation, actor=None, action=AuditAction.READ_MEETINGS)
    assert forged.seq == entry.seq and forged.hash != entry.hash
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == entry.seq and "outside the database" in problem.problem


def test_a_truncated_chain_is_found_with_the_outside_copy(people: People, head_file: Path) -> None:
    entries = [record(organisation=people.organisation, actor=None, action=AuditAction.READ_PLAN) for _ in range(3)]
    head_file.write_text(f"{people.organisation.pk} 3 {entries[-1].hash}\n")
    tamper("DELETE FROM audit_auditentry WHERE seq = 3 AND organisation_id = %s", [people.organisation.pk])
    AuditHead.objects.filter(organisation=people.organisation).update(seq=2, hash=entries[1].hash)
    problem = verify_organisation(people.organisation.pk)
    assert problem and problem.seq == 3 and "reached entry 3" in problem.problem
    tamper("DELETE FROM audit_auditentry WHERE organisation_id = %s", [people.organisation.pk])
    AuditHead.objects.filter(organisation=people.organisation).delete()
    assert [problem.organisation_id for problem in verify_all()] == [people.organisation.pk]
