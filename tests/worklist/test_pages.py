"""The worklist on the supporter's home and the team view: what each sees, and a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.models import Membership, Role
from alongside.audit.models import AuditEntry
from alongside.consent.models import RecipientKind
from alongside.feedback.models import CheckinRequest, Questionnaire
from alongside.worklist.models import Dismissal
from alongside.worklist.signals import Kind
from tests.conftest import People, main_content, signed_in
from tests.consent.factories import share
from tests.factories import assign, client_member
from tests.feedback.factories import answered, load_with_reliability, questionnaire

from .factories import current, set_aside

pytestmark = pytest.mark.django_db


def wellbeing(people: People) -> Questionnaire:
    """The organisation's own wellbeing check-in with r = 0.8, SD = 8 (a 9.9-point reliable change)."""
    found = Questionnaire.objects.filter(organisation=people.organisation, name="wellbeing-checkin").first()
    return found or load_with_reliability(people.organisation.pk, "wellbeing-checkin", r=0.8, sd=8)


def needing_attention(people: People, client: Membership) -> None:
    """A reliable worsening, an overdue check-in and no meeting for a month."""
    Membership.objects.filter(pk=client.pk).update(created_at=timezone.now() - timedelta(days=30))
    form = wellbeing(people)
    answered(client, "", [38, 9], form=form, start=timezone.now() - timedelta(weeks=2))
    CheckinRequest.objects.create(
        organisation=people.organisation,
        client=client,
        questionnaire=questionnaire("session-checkin"),
        created_at=timezone.now() - timedelta(days=9),
    )


def more_people(people: People, count: int) -> None:
    form = wellbeing(people)
    for index in range(count):
        client = client_member(people.organisation, user__display_name=f"Person {index:03}")
        assign(client, people.supporter)
        share(client, kind=RecipientKind.SUPERVISORS, areas=["checkins"])
        answered(client, "", [38, 9 + index % 3], form=form, start=timezone.now() - timedelta(weeks=2))


def queries(browser: Client, url: str) -> int:
    """Queries a page runs, leaving out the audit chain's batched INSERT: SQLite limits the parameters of one
    statement, so appending one read entry per person shown takes one INSERT per batch of entries."""
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return sum(not query["sql"].startswith('INSERT INTO "audit_auditentry"') for query in captured)


def test_the_supporters_home_shows_signals_most_urgent_first(people: People) -> None:
    needing_attention(people, people.client)
    page = main_content(signed_in(people.supporter).get("/people/"))
    assert page.index("Check-in worse") < page.index("No recent meeting") < page.index("Check-in not answered")
    assert "Wellbeing check-in fell from 38 to 9" in page
    assert f"/people/{people.client.pk}/signals/set-aside/?kind=reliable-worsening" in page
    assert "Everyone you walk alongside" in page  # the people list is still there
    assert people.other_client.user.display_name not in page  # not theirs


def test_another_supporter_sees_none_of_it(people: People) -> None:
    needing_attention(people, people.client)
    page = main_content(signed_in(people.unassigned_supporter).get("/people/"))
    assert people.client.user.display_name not in page
    assert "fell from 38 to 9" not in page


def test_the_team_view_shows_only_what_a_client_shares_with_supervisors(people: People) -> None:
    needing_attention(people, people.client)
    supervisor = signed_in(people.supervisor)
    assert people.client.user.display_name not in main_content(supervisor.get("/team/"))
    share(people.client, kind=RecipientKind.SUPERVISORS, areas=["checkins"])
    page = main_content(supervisor.get("/team/"))
    assert "fell from 38 to 9" in page
    assert "Check-in not answered" in page
    assert "No recent meeting" not in page  # meetings are not shared
    assert "set-aside" not in page  # supervisors look; the supporter acts
    assert f"/people/{people.client.pk}/check-ins/" in page
    assert people.client.user.display_name not in main_content(signed_in(people.admin).get("/team/"))


def test_the_team_view_shows_signals_from_every_area_shared_by_any_consent(people: People) -> None:
    needing_attention(people, people.client)
    share(people.client, kind=RecipientKind.SUPERVISORS, areas=["checkins"])
    share(people.client, people.supervisor, areas=["meetings"])
    page = main_content(signed_in(people.supervisor).get("/team/"))
    assert "fell from 38 to 9" in page and "No recent meeting" in page
    assert page.count(f"<td>{people.client.user.display_name}</td>") == 1  # one person, however many consents


def test_the_team_view_showing_nothing_writes_nothing(people: People) -> None:
    needing_attention(people, people.client)  # their supporter's, shared with nobody
    supervisor = signed_in(people.supervisor)
    with CaptureQueriesContext(connection) as captured:
        page = main_content(supervisor.get("/team/"))
    assert "Nothing needs attention among the people who share their record with you." in page
    # Session and member, the people waiting, what is shared (the worklist's people and the shared list), the
    # supporters; no empty transaction.
    assert [query["sql"].split()[0] for query in captured] == ["SELECT"] * 6


def test_signals_shown_through_consent_are_audited_reads(people: People) -> None:
    needing_attention(people, people.client)
    share(people.client, kind=RecipientKind.SUPERVISORS, areas=["checkins"])
    signed_in(people.supervisor).get("/team/")
    [entry] = AuditEntry.objects.filter(action="read.checkins")
    assert (entry.client_id, entry.actor_id) == (people.client.pk, people.supervisor.user_id)
    assert entry.detail == {"basis": "consent", "via": "worklist"}
    signed_in(people.supporter).get("/people/")  # the supporter's own people: audited when a page is opened
    assert AuditEntry.objects.filter(action="read.checkins").count() == 1


def test_a_set_aside_signal_leaves_both_views(people: People) -> None:
    needing_attention(people, people.client)
    share(people.client, kind=RecipientKind.SUPERVISORS, areas=["checkins"])
    set_aside(current(people.client, Kind.RELIABLE_WORSENING)[0], people.supporter)
    for member, url in ((people.supporter, "/people/"), (people.supervisor, "/team/")):
        assert "fell from 38 to 9" not in main_content(signed_in(member).get(url))
    assert Dismissal.objects.get().reason == "We talked about it on the phone."


# Session and member (2); the people, with which parts of each record (1); the worklist settings and each rule's
# facts (10 here); the dismissals among the people with signals (1); the supporter's home adds the shared list
# (1). The team view adds its page's own queries (the people waiting, the shared list, the supporters: 3) and
# appends the reads it showed to the audit chain (its head, in a savepoint here: 3).
SUPPORTER_HOME_QUERIES = 15
TEAM_QUERIES = 20


@pytest.mark.usefixtures("clock_stopped")
def test_the_worklist_runs_the_same_queries_for_2_or_200_people(people: People) -> None:
    needing_attention(people, people.client)
    more_people(people, 1)
    supporter, supervisor = signed_in(people.supporter), signed_in(people.supervisor)
    queries(supporter, "/people/")
    small = (queries(supporter, "/people/"), queries(supervisor, "/team/"))
    more_people(people, 198)
    assert Membership.objects.filter(role=Role.CLIENT, supporter_assignments__supporter=people.supporter).count() == 200
    large = (queries(supporter, "/people/"), queries(supervisor, "/team/"))
    assert large == small == (SUPPORTER_HOME_QUERIES, TEAM_QUERIES)
    page = main_content(supporter.get("/people/"))
    assert page.count("Check-in worse") >= 200
