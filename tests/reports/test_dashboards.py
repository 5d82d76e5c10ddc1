"""Dashboards: figures, small-cell hiding, access, the period form and a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.audit.models import AuditEntry
from alongside.feedback.reliability import refresh
from alongside.reports.dashboards import HIDDEN, Cell, Period, Scope, Section, dashboard, hide_small_cells
from alongside.reports.forms import PeriodForm

from ..conftest import People, signed_in
from ..factories import assign, client_member
from ..feedback.factories import answered, answered_items, load_with_reliability, two_item_form
from ..plans.factories import make_goal

pytestmark = pytest.mark.django_db
CLIENT_NAME = "Casey Client"


def cohort(people: People, size: int, totals: list[int] | None = None) -> list[Membership]:
    """``size`` more clients of the supporter, each with a goal and session check-ins this period."""
    members = []
    for _ in range(size):
        member = client_member(people.organisation)
        assign(member, people.supporter)
        make_goal(member)
        answered(member, "session-checkin", totals or [36, 38])
        members.append(member)
    return members


def figures(scope: Scope) -> dict[str, dict[str, str]]:
    return {s.key: {c.label: c.shown for c in s.cells} for s in dashboard(scope, Period.default())}


def test_organisation_hides_figures_about_fewer_than_11_people(people: People) -> None:
    cohort(people, 5)  # with Casey, six people
    organisation = figures(Scope(people.organisation))
    assert organisation["people"]["People supported"] == HIDDEN
    assert organisation["autonomy"]["Goals in the client's own words"] == HIDDEN
    supporter = figures(Scope(people.organisation, people.supporter))
    assert supporter["people"]["People supported"] == "6"
    assert supporter["autonomy"]["Goals in the client's own words"] == "100%"


def test_organisation_shows_figures_about_11_or_more(people: People) -> None:
    cohort(people, 11)
    organisation = figures(Scope(people.organisation))
    assert organisation["people"]["People supported"] == "13"  # with Casey and the other client
    assert organisation["autonomy"]["Goals in the client's own words"] == "100%"
    assert organisation["checkins"]["Answered"] == "100%"


def test_hiding_one_cell_of_a_whole_hides_the_next_smallest_too() -> None:
    cells = [Cell("a", 30, 30), Cell("b", 12, 12), Cell("c", 3, 3), Cell("d", 0, 0)]
    shown = [cell.shown for cell in hide_small_cells(Section("x", "X", "", cells)).cells]
    assert shown == ["30", HIDDEN, HIDDEN, "0"]


def test_reliable_change_uses_the_scoring_rules(people: People) -> None:
    measure = load_with_reliability(people.organisation.pk, "wellbeing-checkin", r=0.8, sd=5)  # needs > 6.2
    for member in cohort(people, 11):
        answered(member, "", [10, 30], form=measure)
    answered(people.client, "", [20, 22], form=measure)
    change = figures(Scope(people.organisation))["change-wellbeing"]
    assert change["Reliable improvement"] == "11"
    assert change["No reliable change"] == HIDDEN  # one person, and the next smallest is hidden with it
    supporter = figures(Scope(people.organisation, people.supporter))["change-wellbeing"]
    assert supporter == {
        "Reliable improvement": "11",
        "No reliable change": "1",
        "Reliable worsening": "0",
        "Not enough data": "0",
    }


def test_reliable_change_from_the_organisations_own_estimate(people: People) -> None:
    """Thirty first answers, ten each of totals 2, 5 and 5 (items (1,1), (2,3), (3,2)): alpha 2/3, SD 1.43839,
    smallest reliable change 2.30190 (worked out in tests/feedback/test_reliability.py). Then 2 → 5 (+3,
    reliable, and across the cut-off of 4: clinically significant), 5 → 5 (none) and 5 → 2 (-3, worse)."""
    form = two_item_form(people.organisation.pk)
    for first, last in [([1, 1], [2, 3]), ([2, 3], [3, 2]), ([3, 2], [1, 1])] * 10:
        member = client_member(people.organisation)
        assign(member, people.supporter)
        answered_items(member, form, [first, last])
    refresh(people.organisation.pk, form)
    change = figures(Scope(people.organisation, people.supporter))["change-wellbeing"]
    assert change == {
        "Reliable improvement": "10",
        "No reliable change": "10",
        "Reliable worsening": "10",
        "Not enough data": "1",  # Casey has not answered
        "Improved and crossed the cut-off of 4 (clinically significant)": "10",
    }
    page = signed_in(people.supervisor).get(f"/organisation/dashboard/supporters/{people.supporter.pk}/")
    html = page.content.decode()
    for label in ("Improved", "No reliable", "Worsened", "Not enough data", "People", "Week starting on Monday"):
        assert f">{label}<" in html
    assert "A change of more than 2.3 points counts as reliable." in html


def test_unknown_reliability_says_not_enough_data(people: People) -> None:
    answered(people.client, "wellbeing-checkin", [5, 40])
    change = figures(Scope(people.organisation, people.supporter))["change-wellbeing"]
    assert change["Not enough data"] == "1"
    assert change["Reliable improvement"] == "0"
    page = signed_in(people.supervisor).get("/organisation/dashboard/").content.decode()
    assert "Reliable change cannot be worked out: not enough data yet (0 of 30 answers)." in page


def test_private_goals_are_left_out(people: People) -> None:
    make_goal(people.client, is_private=True)
    autonomy = figures(Scope(people.organisation, people.supporter))["autonomy"]
    assert autonomy["Goals in the client's own words"] == "not enough data"


@pytest.mark.parametrize("member_name", ["supervisor", "admin"])
def test_supervisors_and_admins_see_dashboards_without_client_names(people: People, member_name: str) -> None:
    browser = signed_in(getattr(people, member_name))
    for url in ("/organisation/dashboard/", f"/organisation/dashboard/supporters/{people.supporter.pk}/"):
        response = browser.get(url)
        assert response.status_code == 200
        assert CLIENT_NAME not in response.content.decode()
    page = browser.get(f"/organisation/dashboard/supporters/{people.supporter.pk}/").content.decode()
    assert people.supporter.user.display_name in page
    assert AuditEntry.objects.filter(action="read.dashboard", actor=getattr(people, member_name).user).count() == 3


@pytest.mark.parametrize("member_name", ["client", "supporter", "outsider_supporter"])
def test_others_get_404(people: People, member_name: str) -> None:
    browser = signed_in(getattr(people, member_name))
    assert browser.get("/organisation/dashboard/").status_code == 404
    assert browser.get(f"/organisation/dashboard/supporters/{people.supporter.pk}/").status_code == 404


def test_another_organisations_supporter_is_not_found(people: People) -> None:
    url = f"/organisation/dashboard/supporters/{people.outsider_supporter.pk}/"
    assert signed_in(people.admin).get(url).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start": "2025-03-01", "end": "2025-02-01"}, "start", "after the end date"),
        ({"start": "31/01/2025"}, "start", "as year-month-day"),
        ({"end": (timezone.localdate() + timedelta(days=2)).isoformat()}, "end", "up to today"),
        ({"start": "1901-01-01"}, "start", "the last twenty years at most"),
        ({"start": "2019-01-01", "end": "2024-01-01"}, "start", "three years or less"),
    ],
)
def test_bad_periods_are_explained(data: dict[str, str], field: str, message: str) -> None:
    form = PeriodForm(data)
    assert not form.is_valid()
    assert message in str(form.errors[field])
    assert form.period() == Period.default()


def test_empty_period_means_the_last_12_weeks() -> None:
    form = PeriodForm({"start": "", "end": ""})
    assert form.is_valid()
    assert form.period() == Period.default()
    assert Period.default(date(2025, 3, 31)) == Period(date(2025, 1, 7), date(2025, 3, 31))


def test_bad_dates_are_shown_on_the_page(people: People) -> None:
    page = signed_in(people.admin).get("/organisation/dashboard/?start=2025-03-01&end=2025-02-01").content.decode()
    assert "after the end date" in page


def _queries(member: Membership, url: str) -> int:
    browser = signed_in(member)
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/organisation/dashboard/", "/organisation/dashboard/supporters/{supporter}/"])
def test_dashboards_run_the_same_queries_at_two_sizes(people: People, url: str) -> None:
    url = url.format(supporter=people.supporter.pk)
    cohort(people, 3)
    small = _queries(people.supervisor, url)
    cohort(people, 25)
    assert _queries(people.supervisor, url) == small


def test_supporter_links_keep_the_chosen_period(people: People) -> None:
    page = signed_in(people.admin).get("/organisation/dashboard/?start=2025-01-06&end=2025-03-30").content.decode()
    assert (
        f'href="/organisation/dashboard/supporters/{people.supporter.pk}/?start=2025-01-06&amp;end=2025-03-30"' in page
    )
    plain = signed_in(people.admin).get("/organisation/dashboard/").content.decode()
    assert f'href="/organisation/dashboard/supporters/{people.supporter.pk}/">Sam Supporter<' in plain
