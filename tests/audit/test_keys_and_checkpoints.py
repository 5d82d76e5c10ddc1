"""The chain is sealed with a key kept outside the database: forged entries fail, keys rotate, checks resume."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from alongside.audit import keys, verify
from alongside.audit.actions import AuditAction
from alongside.audit.chain import checkpoint_signature, legacy_link_hash, link_hash
from alongside.audit.log import record
from alongside.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from alongside.audit.verify import verify_all, verify_organisation
from tests.conftest import People
from tests.factories import OrganisationFactory

from .tamper import tamper

pytestmark = pytest.mark.django_db

OTHER_KEY = "another-audit-key-long-enough-to-be-accepted-0001"


def appended_behind_the_apps_back(organisation_id: int, action: str, *, key: bytes | None, key_id: str) -> AuditEntry:
    """What someone with write access to the database can do: link a new entry to the head themselves."""
    seq, prev_hash = AuditHead.objects.filter(organisation_id=organisation_id).values_list("seq", "hash").get()
    entry = AuditEntry(organisation_id=organisation_id, action=action, seq=seq + 1, prev_hash=prev_hash, key_id=key_id)
    digest = entry.content_digest()
    entry.hash = link_hash(key, prev_hash, entry.seq, digest) if key else legacy_link_hash(prev_hash, entry.seq, digest)
    AuditEntry.objects.bulk_create([entry])  # the database's triggers accept it: it extends the head
    return entry


@pytest.fixture
def chain(people: People) -> People:
    for _ in range(3):
        record(organisation=people.organisation, actor=None, action=AuditAction.READ_PLAN)
    return people


def test_an_entry_appended_with_a_recomputed_sha256_is_found(chain: People, tmp_path: Path, settings) -> None:
    """The attack the keyed chain closes: even with the head file, an unkeyed link used to verify."""
    head = AuditHead.objects.get(organisation=chain.organisation)
    settings.AUDIT_HEAD_FILE = str(tmp_path / "heads.log")
    Path(settings.AUDIT_HEAD_FILE).write_text(f"{head.organisation_id} {head.seq} {head.hash}\n")
    forged = appended_behind_the_apps_back(head.organisation_id, "forged", key=None, key_id="")
    problem = verify_organisation(chain.organisation.pk)
    assert problem and problem.seq == forged.seq and "not sealed with an audit key" in problem.problem


def test_an_entry_sealed_with_another_key_is_found(chain: People) -> None:
    key_id, _ = keys.current()
    forged = appended_behind_the_apps_back(chain.organisation.pk, "forged", key=OTHER_KEY.encode(), key_id=key_id)
    problem = verify_organisation(chain.organisation.pk)
    assert problem and problem.seq == forged.seq and "seal does not match" in problem.problem


def test_keys_rotate_and_old_entries_need_their_key(chain: People, settings) -> None:
    old_keys = list(settings.AUDIT_KEYS)
    settings.AUDIT_KEYS = [OTHER_KEY, *old_keys]
    newer = record(organisation=chain.organisation, actor=None, action=AuditAction.READ_PLAN)
    assert newer.key_id == keys.key_id(OTHER_KEY)
    assert verify_all() == []
    settings.AUDIT_KEYS = [OTHER_KEY]
    problem = verify_organisation(chain.organisation.pk)
    assert problem and problem.seq == 1 and "not configured" in problem.problem


def test_short_keys_are_refused(settings) -> None:
    settings.AUDIT_KEYS = ["too-short"]
    with pytest.raises(Exception, match="needs at least 32"):
        keys.current()


def test_entries_from_before_keying_verify_only_before_keyed_ones() -> None:
    organisation = OrganisationFactory.create()
    AuditHead.objects.create(organisation=organisation)
    appended_behind_the_apps_back(organisation.pk, "legacy.1", key=None, key_id="")
    appended_behind_the_apps_back(organisation.pk, "legacy.2", key=None, key_id="")
    record(organisation=organisation, actor=None, action=AuditAction.READ_PLAN)
    assert verify_organisation(organisation.pk) is None


def test_a_check_leaves_a_signed_checkpoint_and_the_next_starts_there(
    chain: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert verify_all() == []
    checkpoint = AuditCheckpoint.objects.get(organisation=chain.organisation)
    head = AuditHead.objects.get(organisation=chain.organisation)
    assert (checkpoint.seq, checkpoint.hash) == (head.seq, head.hash)
    record(organisation=chain.organisation, actor=None, action=AuditAction.READ_PLAN)
    walked_from: list[int] = []
    read_entries = verify._entries

    def entries_after(organisation_id: int, after_seq: int) -> Iterator[tuple[Any, ...]]:
        walked_from.append(after_seq)
        return read_entries(organisation_id, after_seq)

    monkeypatch.setattr(verify, "_entries", entries_after)
    assert verify_organisation(chain.organisation.pk, since_checkpoint=True) is None
    assert walked_from == [checkpoint.seq]
    newest = AuditCheckpoint.objects.filter(organisation=chain.organisation).latest("seq")
    assert newest.seq == checkpoint.seq + 1


def test_a_change_after_the_checkpoint_is_found_by_the_quick_check(chain: People) -> None:
    verify_all()
    later = record(organisation=chain.organisation, actor=None, action=AuditAction.READ_PLAN)
    tamper("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["rewritten", later.pk])
    problem = verify_organisation(chain.organisation.pk, since_checkpoint=True)
    assert problem and problem.seq == later.seq and "changed" in problem.problem


def test_a_change_before_the_checkpoint_is_found_by_the_full_check(chain: People) -> None:
    verify_all()
    first = AuditEntry.objects.get(organisation=chain.organisation, seq=1)
    tamper("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["rewritten", first.pk])
    problem = verify_organisation(chain.organisation.pk)
    assert problem and problem.seq == 1


def test_a_forged_checkpoint_is_refused(chain: People) -> None:
    head = AuditHead.objects.get(organisation=chain.organisation)
    key_id, _ = keys.current()
    signature = checkpoint_signature(OTHER_KEY.encode(), head.organisation_id, head.seq, head.hash)
    AuditCheckpoint.objects.create(
        organisation=chain.organisation, seq=head.seq, hash=head.hash, key_id=key_id, signature=signature
    )
    problem = verify_organisation(chain.organisation.pk, since_checkpoint=True)
    assert problem and "checkpoint that is not sealed" in problem.problem


def test_an_entry_rewritten_at_the_checkpoint_is_found(chain: People) -> None:
    verify_all()
    checkpoint = AuditCheckpoint.objects.get(organisation=chain.organisation)
    tamper(
        "UPDATE audit_auditentry SET hash = %s WHERE organisation_id = %s AND seq = %s",
        ["f" * 64, chain.organisation.pk, checkpoint.seq],
    )
    problem = verify_organisation(chain.organisation.pk, since_checkpoint=True)
    assert problem and problem.seq == checkpoint.seq and "differs from the checkpoint" in problem.problem


def test_the_command_checks_since_the_checkpoint_and_makes_keys(chain: People, capsys) -> None:
    call_command("audit", "verify")
    call_command("audit", "verify", "--since-checkpoint")
    assert capsys.readouterr().out.count("intact") == 2
    call_command("audit", "newkey")
    call_command("audit", "newkey")
    first, second = capsys.readouterr().out.split()
    assert len(first) >= keys.MINIMUM_KEY_LENGTH and first != second
