"""Audit entries carry only the names in ``AuditAction``; a misspelt name is refused before anything is written."""

import pytest

from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.audit.models import AuditEntry
from alongside.policy import Area
from tests.conftest import People

pytestmark = pytest.mark.django_db


def test_an_unknown_action_name_is_refused(people: People) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(ValueError, match=r"plan\.goal\.craete"):
        record(organisation=people.organisation, actor=None, action="plan.goal.craete")  # type: ignore[arg-type]
    assert AuditEntry.objects.count() == before


def test_a_read_of_each_area_has_a_name() -> None:
    assert {AuditAction.read_of(area) for area in Area} <= set(AuditAction)
