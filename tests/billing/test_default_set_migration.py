"""Organisations created before billing existed get the default payer rules from migration 0004 (issue #16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alongside.accounts.models import Organisation
from alongside.billing import actions, defaults
from alongside.billing.models import Payer, PlaceOfService, Rounding, ServiceCode
from tests.conftest import People

BEFORE = [("billing", "0003_session_record_for_group_attendance")]
AFTER = [("billing", "0004_default_payer_rules_for_existing_organisations")]


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def rules_of(organisation: Organisation) -> dict[str, Any]:
    return {
        "payers": list(Payer.objects.filter(organisation=organisation).values_list("name", "unit_minutes", "rounding")),
        "codes": sorted(
            ServiceCode.objects.filter(organisation=organisation).values_list("code", "modifiers", "for_groups")
        ),
        "places": sorted(PlaceOfService.objects.filter(organisation=organisation).values_list("code", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
def test_only_organisations_without_a_payer_get_the_set_once_and_undoing_removes_nothing(people: People) -> None:
    own = Payer.objects.create(organisation=people.organisation, name="County grant", unit_minutes=30)
    elsewhere = Organisation.objects.get(name="Elsewhere")
    later = Organisation.objects.create(name="Seeded by the action", slug="seeded")
    actions.seed_defaults(later, by=None)
    migrate(BEFORE)
    migrate(AFTER)
    assert rules_of(elsewhere) == rules_of(later)  # the same set as a new organisation's
    assert rules_of(elsewhere)["payers"] == [("Medicaid", 15, Rounding.EIGHT_MINUTE)]
    assert len(rules_of(elsewhere)["codes"]) == len(defaults.CODES)
    assert rules_of(people.organisation) == {
        "payers": [(own.name, 30, Rounding.EIGHT_MINUTE)],
        "codes": [],
        "places": [],
    }
    migrate(BEFORE)
    assert Payer.objects.filter(organisation=elsewhere).count() == 1  # undone as a no-op
    migrate(AFTER)
    assert Payer.objects.count() == 3 and ServiceCode.objects.filter(organisation=elsewhere).count() == 4
