"""Actions ask the policy themselves: a caller that skips the page's check (a script, a future API) is refused,
and nothing is written. Security changes made on the command line are audited like any other."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import HttpRequest
from django.test import RequestFactory

from alongside.accounts import actions as accounts
from alongside.accounts.models import Invitation
from alongside.api import actions as api
from alongside.api.models import ApiToken
from alongside.audit.models import AuditEntry
from alongside.interop.actions import export_record
from alongside.reports import actions as reports
from alongside.reports.dashboards import Period
from alongside.reports.models import Export
from alongside.reports.registry import export_kinds

from .conftest import People

pytestmark = pytest.mark.django_db


def a_request() -> HttpRequest:
    return RequestFactory().post("/")


def test_an_invitation_beyond_the_inviters_role_is_refused(people: People) -> None:
    with pytest.raises(PermissionDenied):
        accounts.invite(
            people.organisation,
            email="x@example.org",
            display_name="X",
            role="admin",
            by=people.supporter,
            request=a_request(),
        )
    with pytest.raises(PermissionDenied):  # and never into another organisation
        accounts.invite(
            people.outsider_client.organisation,
            email="x@example.org",
            display_name="X",
            role="client",
            by=people.admin,
            request=a_request(),
        )
    assert not Invitation.objects.exists()


def test_only_admins_match_people_and_people_join_only_by_invitation(people: People) -> None:
    with pytest.raises(PermissionDenied):
        accounts.assign(people.other_client, people.supporter, by=people.supervisor.user)
    with pytest.raises(PermissionDenied):
        accounts.add_member(
            people.organisation,
            email="y@example.org",
            display_name="Y",
            role="client",
            password=None,
            by=people.admin.user,
        )


def test_an_export_kind_the_actor_may_not_use_is_refused(people: People) -> None:
    kind = export_kinds()["people"]
    period = Period(date(2026, 1, 1), date(2026, 1, 31))
    with pytest.raises(PermissionDenied):
        reports.request_export(people.supporter, kind, period=period, request_key="a" * 32, request=a_request())
    assert not Export.objects.exists()


def test_api_tokens_are_only_for_staff_and_revoked_by_their_holder_or_an_admin(people: People) -> None:
    with pytest.raises(PermissionDenied):
        api.create_token(people.client, name="mine", valid_days=30, request=a_request())
    token, _ = api.create_token(people.supporter, name="mine", valid_days=30, request=a_request())
    with pytest.raises(PermissionDenied):
        api.revoke_token(token, by=people.unassigned_supporter.user, request=a_request())
    api.revoke_token(token, by=people.admin.user, request=a_request())
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_record_leaves_only_as_the_clients_own_copy_or_with_their_consent(people: People) -> None:
    with pytest.raises(PermissionDenied):
        export_record(people.client, by=people.supporter, purpose="own-copy")
    with pytest.raises(PermissionDenied):
        export_record(people.client, by=people.admin, purpose="transfer")  # no consent to share outside
    assert export_record(people.client, by=people.client, purpose="own-copy")["resourceType"] == "Bundle"


def test_setting_the_retention_period_is_audited(people: People) -> None:
    call_command("retention", "set", "--org", people.organisation.slug, "--years", "8")
    entry = AuditEntry.objects.get(action="retention.set")
    assert (entry.organisation, entry.actor, entry.detail) == (people.organisation, None, {"keep_years": 8})


def test_rotating_the_encryption_key_is_audited_in_every_organisation(people: People) -> None:
    call_command("keys", "rotate")
    audited = set(AuditEntry.objects.filter(action="encryption_keys.rotate").values_list("organisation", flat=True))
    assert audited == {people.organisation.pk, people.outsider_client.organisation_id}
