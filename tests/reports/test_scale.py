"""The scale data generator, at a small size: the right numbers of rows, trajectories, and progress."""

from __future__ import annotations

import io

import pytest

from alongside.accounts.models import Membership, Role
from alongside.feedback.models import Prompt, Response
from alongside.meetings.models import Meeting
from alongside.reports.scale import Size, build_large, has_large_data

from ..conftest import People

pytestmark = pytest.mark.django_db


def test_builds_the_requested_amounts_with_progress(people: People) -> None:
    size = Size(clients=12, supporters=3, meetings_per_client=4, weekly_checkins=6, goals_per_client=2)
    stderr = io.StringIO()
    assert not has_large_data(people.organisation)
    build_large(people.organisation, size, stream=stderr)
    assert has_large_data(people.organisation)
    clients = Membership.objects.filter(
        organisation=people.organisation, role=Role.CLIENT, user__email__endswith="@scale.example"
    )
    assert clients.count() == 12
    assert Response.objects.filter(client__in=clients).count() == 12 * (4 + 6)
    assert Meeting.objects.filter(client__in=clients).count() == 12 * 4
    assert "100%" in stderr.getvalue() and "Done:" in stderr.getvalue()
    worsening = Response.objects.filter(client=clients.order_by("pk")[2], questionnaire__purpose="wellbeing")
    totals = list(worsening.order_by("submitted_at").values_list("total", flat=True))
    assert totals[0] > totals[-1]  # the third client follows the "worsening" trajectory
    assert Prompt.objects.filter(client__in=clients).exists()
