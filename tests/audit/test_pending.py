"""Audit entries follow their transaction: appended just before it commits, dropped when it rolls back."""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from alongside.accounts.models import Organisation
from alongside.audit import keys
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.audit.models import AuditEntry, AuditHead
from alongside.audit.pending import AuditAppendError
from alongside.audit.verify import verify_all
from tests.conftest import People, signed_in
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def actions(organisation: Organisation) -> list[str]:
    return list(AuditEntry.objects.filter(organisation=organisation).order_by("seq").values_list("action", flat=True))


def test_an_entry_is_appended_when_its_transaction_commits(people: People) -> None:
    with transaction.atomic():
        entry = record(organisation=people.organisation, actor=None, action=AuditAction.MEMBER_ADD)
        assert entry.pk is None and AuditAction.MEMBER_ADD not in actions(people.organisation)
    assert entry.pk is not None and entry.seq == AuditHead.objects.get(organisation=people.organisation).seq
    assert actions(people.organisation)[-1] == AuditAction.MEMBER_ADD
    assert verify_all() == []


def test_outside_a_transaction_an_entry_is_appended_at_once(people: People) -> None:
    entry = record(organisation=people.organisation, actor=None, action=AuditAction.MEMBER_DEACTIVATE)
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditAction.MEMBER_DEACTIVATE


def test_entries_of_a_rolled_back_savepoint_are_dropped_with_it(people: People) -> None:
    before = actions(people.organisation)
    with transaction.atomic():
        record(organisation=people.organisation, actor=None, action=AuditAction.ASSIGNMENT_START)
        with pytest.raises(Boom), transaction.atomic():
            record(organisation=people.organisation, actor=None, action=AuditAction.ASSIGNMENT_END)
            raise Boom
        record(organisation=people.organisation, actor=None, action=AuditAction.INVITATION_SEND)
    assert actions(people.organisation) == [*before, AuditAction.ASSIGNMENT_START, AuditAction.INVITATION_SEND]
    assert verify_all() == []


def test_a_rolled_back_transaction_appends_nothing(people: People) -> None:
    before = actions(people.organisation)
    with pytest.raises(Boom), transaction.atomic():
        Organisation.objects.create(name="Never", slug="never")
        record(organisation=people.organisation, actor=None, action=AuditAction.CONSENT_GRANT)
        raise Boom
    assert actions(people.organisation) == before
    assert connection.audit_pending.append_all(connection) == []  # type: ignore[attr-defined]


def test_when_the_log_cannot_be_written_the_write_does_not_commit(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_key() -> tuple[str, bytes]:
        raise RuntimeError("the key store is unreachable")

    monkeypatch.setattr(keys, "current", no_key)
    with pytest.raises(AuditAppendError, match="nothing was saved"), transaction.atomic():
        Organisation.objects.create(name="Unaudited", slug="unaudited")
        record(organisation=people.organisation, actor=None, action=AuditAction.CONSENT_REVOKE)
    assert not Organisation.objects.filter(slug="unaudited").exists()


def test_one_transaction_may_extend_several_chains(people: People) -> None:
    other = people.outsider_client.organisation
    with transaction.atomic():
        record(organisation=other, actor=None, action=AuditAction.EXPORT_REQUEST)
        record(organisation=people.organisation, actor=None, action=AuditAction.EXPORT_DOWNLOAD)
        record(organisation=other, actor=None, action=AuditAction.API_TOKEN_CREATE)
    assert actions(other)[-2:] == [AuditAction.EXPORT_REQUEST, AuditAction.API_TOKEN_CREATE]
    assert actions(people.organisation)[-1] == AuditAction.EXPORT_DOWNLOAD
    assert verify_all() == []


def test_a_read_is_on_the_log_even_when_the_page_then_fails(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise Boom

    monkeypatch.setattr("alongside.home.views.render", broken)
    browser: Client = signed_in(people.supporter)
    browser.raise_request_exception = False
    assert browser.get(f"/people/{people.client.pk}/").status_code == 500
    entry = AuditEntry.objects.filter(client=people.client).latest("seq")
    assert (entry.action, entry.actor_id) == ("read.profile", people.supporter.user_id)


@pytest.mark.django_db(transaction=True)
def test_the_chain_head_is_not_locked_while_a_transaction_works() -> None:
    """Another writer of the same organisation proceeds while a transaction that recorded an entry is open."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time by design; its IMMEDIATE transactions queue writers")
    organisation = OrganisationFactory.create()
    record(organisation=organisation, actor=None, action=AuditAction.ORGANISATION_CREATE)
    outcome: list[object] = []

    def other_writer() -> None:
        try:
            with transaction.atomic():
                AuditHead.objects.select_for_update(nowait=True).get(organisation=organisation)
            record(organisation=organisation, actor=None, action=AuditAction.MEMBER_ADD)
            outcome.append("done")
        except Exception as error:  # reported by the assertion below
            outcome.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        record(organisation=organisation, actor=None, action=AuditAction.NOTE_WRITE)
        writer = threading.Thread(target=other_writer)
        writer.start()
        writer.join()
    assert outcome == ["done"]
    assert actions(organisation) == [AuditAction.ORGANISATION_CREATE, AuditAction.MEMBER_ADD, AuditAction.NOTE_WRITE]
    assert verify_all() == []


def test_entries_are_stored_exactly_as_recorded(people: People) -> None:
    """The append writes its INSERT by hand (``pending._insert``): every field must read back as it was given."""
    with transaction.atomic():
        given = [
            record(
                organisation=people.organisation,
                actor=people.supporter.user,
                action=AuditAction.READ_PLAN,
                client=people.client,
                target="goal:7",
                reason="Cover for a colleague, ñ and “quotes”",
                detail={"basis": "assigned", "nested": {"ok": True, "n": 3}, "text": "añadir"},
                request=type("Request", (), {"META": {"REMOTE_ADDR": "2001:db8::1"}})(),
            ),
            record(organisation=people.organisation, actor=None, action=AuditAction.MEMBER_ADD),
        ]
    for entry in given:
        stored = AuditEntry.objects.get(pk=entry.pk)
        for field in AuditEntry._meta.concrete_fields:
            assert getattr(stored, field.attname) == getattr(entry, field.attname), field.name
    assert verify_all() == []
