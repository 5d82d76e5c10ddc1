"""Closed accounts are kept for the organisation's retention period, then purged; the audit log stays intact."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit.models import AuditEntry
from alongside.audit.verify import verify_all
from alongside.consent import actions
from alongside.consent.models import AccountClosure, Consent, retention_years
from tests.conftest import People

from .factories import share

pytestmark = pytest.mark.django_db


def test_organisations_choose_how_long_to_keep_records(people: People, capsys) -> None:
    assert retention_years(people.organisation.pk) == 6
    call_command("retention", "set", "--org", people.organisation.slug, "--years", "10")
    assert retention_years(people.organisation.pk) == 10
    assert "kept 10 years" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("retention", "set", "--org", people.organisation.slug, "--years", "0")
    with pytest.raises(CommandError):
        call_command("retention", "show", "--org", "no-such-org")


def test_records_are_purged_only_after_the_retention_period(people: People, capsys) -> None:
    share(people.client, people.supervisor)
    closure = actions.close_account(people.client)
    with pytest.raises(Exception, match="already closed"):
        actions.close_account(people.client)
    call_command("retention", "purge")
    assert Consent.objects.exists()
    with time_machine.travel(closure.purge_after + timedelta(days=1), tick=False):
        call_command("retention", "purge")
    assert "Purged 1" in capsys.readouterr().out
    assert not Consent.objects.filter(client=people.client).exists()
    user = User.objects.get(pk=people.client.user.pk)
    assert (user.display_name, user.is_active, user.has_usable_password()) == ("Closed account", False, False)
    assert AccountClosure.objects.get().purged_at is not None
    assert AuditEntry.objects.filter(client=people.client, action="account.purge").exists()
    assert verify_all() == []


def test_a_person_with_another_active_membership_keeps_their_sign_in(people: People) -> None:
    from tests.factories import MembershipFactory

    MembershipFactory.create(user=people.client.user, organisation=people.outsider_client.organisation)
    actions.close_account(people.client)
    with time_machine.travel(timezone.now() + timedelta(days=365 * 7), tick=False):
        assert actions.purge_due_closures() == 1
    assert User.objects.get(pk=people.client.user.pk).display_name == "Casey Client"
