"""The demo organisation has plans with suggestions in every state, history and milestones."""

import pytest
from django.db.models import Count

from alongside.audit.verify import verify_all
from alongside.core.demo import build_demo
from alongside.plans.models import Change, Decision, Encouragement, Goal, JournalEntry, Milestone, Revision, Suggestion

pytestmark = pytest.mark.django_db


def test_demo_plans_show_every_state() -> None:
    ctx = build_demo()
    assert set(Goal.objects.values_list("client", flat=True)) == {client.pk for client in ctx.clients}
    decisions = dict(Suggestion.objects.values_list("decision").annotate(n=Count("pk")))
    assert set(decisions) == set(Decision.values)
    assert set(Revision.objects.values_list("change", flat=True)) == set(Change.values)
    assert Milestone.objects.exists() and Encouragement.objects.exists()
    assert Goal.objects.filter(is_private=True).exists()
    assert (
        JournalEntry.objects.filter(is_private=True).exists() and JournalEntry.objects.filter(is_private=False).exists()
    )
    assert Suggestion.objects.filter(decided_at__isnull=False).exists()
    assert verify_all() == [], "every demo change went through audited actions"
