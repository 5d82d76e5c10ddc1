"""Saving a crisis plan: only the client, each save a new version that keeps the earlier wording, audited
without words; medicines and allergies only when the client chooses; the 988 Lifeline when no line is set."""

from __future__ import annotations

import json
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from alongside.accounts.models import Role
from alongside.audit.models import AuditEntry
from alongside.core.demo import DemoContext
from alongside.crisis import actions, demo, queries
from alongside.crisis.models import CrisisLine, CrisisPlan, CrisisPlanVersion
from alongside.versioned import StaleEdit
from tests.conftest import People
from tests.factories import staff_member

from .factories import WORDS, write_plan

pytestmark = pytest.mark.django_db


def test_each_save_is_a_version_that_keeps_the_earlier_wording(people: People) -> None:
    plan = write_plan(people.client)
    plan = write_plan(people.client, what_helps="Music, loud.")
    assert plan.version == 2 and plan.what_helps == "Music, loud."
    versions = queries.versions_of(plan)
    assert [v.version for v in versions] == [2, 1]
    first = {section.field: section.text for section in versions[1].parts}
    assert first["what_helps"] == WORDS["what_helps"]
    assert CrisisPlanVersion.objects.filter(plan=plan).count() == 2


def test_saves_are_audited_with_the_version_and_never_the_words(people: People) -> None:
    write_plan(people.client)
    entry = AuditEntry.objects.get(action="crisis.plan.save")
    assert entry.client_id == people.client.pk and entry.detail["version"] == 1
    assert "what_helps" in entry.detail["sections"]
    assert not any(WORDS["what_helps"] in json.dumps(e.detail) + e.target for e in AuditEntry.objects.all())


def test_the_words_are_encrypted_at_rest(people: People) -> None:
    write_plan(people.client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT what_helps FROM crisis_crisisplan")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT snapshot FROM crisis_crisisplanversion")
        (snapshot,) = cursor.fetchone()
    assert "river" not in stored and "river" not in snapshot


def test_sending_the_same_words_twice_saves_once(people: People) -> None:
    write_plan(people.client)
    actions.save_plan(people.client, WORDS | {"include_medicines": True}, expected_version=None, by=people.client)
    assert CrisisPlanVersion.objects.count() == 1
    assert AuditEntry.objects.filter(action="crisis.plan.save").count() == 1


def test_a_save_over_a_newer_version_is_refused_kindly(people: People) -> None:
    write_plan(people.client)
    write_plan(people.client, after_crisis="Rest.")
    with pytest.raises(StaleEdit) as stale:
        actions.save_plan(people.client, WORDS | {"after_crisis": "Tea."}, expected_version=1, by=people.client)
    assert getattr(stale.value.current, "after_crisis") == "Rest."  # noqa: B009 (a ClientDocument)


def test_medicines_are_kept_only_when_the_client_chooses(people: People) -> None:
    plan = write_plan(people.client, include_medicines=False)
    assert plan.medicines == "" and not plan.include_medicines
    assert "medicines" not in {section.field for section in queries.written(plan)}
    plan = write_plan(people.client, include_medicines=True)
    assert plan.medicines == WORDS["medicines"]


def test_an_empty_first_save_stores_nothing(people: People) -> None:
    assert actions.save_plan(people.client, {}, expected_version=None, by=people.client) is None
    assert not CrisisPlan.objects.exists() and not AuditEntry.objects.filter(action="crisis.plan.save").exists()


def test_too_long_a_section_is_explained(people: People) -> None:
    with pytest.raises(ValidationError, match="can be up to 2,000 characters"):
        actions.save_plan(people.client, {"when_well": "x" * 2001}, expected_version=None, by=people.client)


@pytest.mark.parametrize(
    "who", ["supporter", "unassigned_supporter", "supervisor", "admin", "other_client", "outsider_supporter"]
)
def test_only_the_client_writes_their_plan(people: People, who: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.save_plan(people.client, WORDS, expected_version=None, by=getattr(people, who))
    assert not CrisisPlan.objects.exists()


def test_with_no_line_set_up_the_988_lifeline_is_shown(people: People) -> None:
    assert [line.number for line in queries.lines_for(people.organisation.pk)] == ["988"]
    actions.add_line({"name": "Riverside warm line", "number": "555 0199", "contact": "call"}, by=people.admin)
    assert [line.name for line in queries.lines_for(people.organisation.pk)] == ["Riverside warm line"]
    assert queries.lines_for(people.outsider_client.organisation_id)[0].number == "988"


def test_admins_add_change_and_remove_lines_audited(people: People) -> None:
    line = actions.add_line({"name": "Warm line", "number": "555 0199", "contact": "call_or_text"}, by=people.admin)
    actions.edit_line(line, {"name": "Warm line", "number": "555 0100", "contact": "text"}, by=people.admin)
    assert CrisisLine.objects.get().number == "555 0100"
    actions.remove_line(line, by=people.admin)
    assert not CrisisLine.objects.exists()
    actions_logged = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions_logged[-3:] == ["crisis.line.add", "crisis.line.edit", "crisis.line.remove"]


@pytest.mark.parametrize("who", ["supporter", "supervisor", "client", "outsider_supporter"])
def test_only_admins_set_up_lines(people: People, who: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.add_line({"name": "A", "number": "1", "contact": "call"}, by=getattr(people, who))


def test_an_admin_of_another_organisation_cannot_change_a_line(people: People) -> None:
    line = actions.add_line({"name": "Warm line", "number": "555 0199", "contact": "call"}, by=people.admin)
    other_admin = staff_member(Role.ADMIN, people.outsider_client.organisation)
    with pytest.raises(PermissionDenied):
        actions.remove_line(line, by=other_admin)
    assert CrisisLine.objects.exists()


def test_the_demo_client_has_a_plan_in_two_versions(people: People) -> None:
    demo.populate(DemoContext(rng=random.Random(1), clients=[people.client]))
    plan = CrisisPlan.objects.get(client=people.client)
    assert plan.version == 2 and "ducks" in plan.what_helps
    assert not plan.include_medicines
