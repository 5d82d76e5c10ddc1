"""Dates in every form: year-month-day only, within a range that makes sense, and kept as typed on error."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.consent.models import Consent
from alongside.core.dates import IsoDateField, Plausible, years_later
from alongside.meetings.models import Meeting
from alongside.plans.models import Goal
from tests.conftest import People, signed_in
from tests.consent.test_views import grant_form

AMBIGUOUS = "01/02/2027"
UNCLEAR = "Please give the date as year-month-day, for example 2027-02-01"


def test_only_year_month_day_is_read() -> None:
    field = IsoDateField()
    assert field.clean("2027-02-01") == date(2027, 2, 1)
    for typed in (AMBIGUOUS, "1 Feb 2027", "2027/02/01", "next summer"):
        with pytest.raises(ValidationError, match="can mean 1 February or 2 January"):
            field.clean(typed)


def test_a_plausible_range_is_enforced_and_named() -> None:
    field = IsoDateField(plausible=Plausible(1, 0, "for a reason."))
    today = timezone.localdate()
    assert field.clean(today.isoformat()) == today
    with pytest.raises(ValidationError, match=r"from \d+ \w+ \d{4} to \d+ \w+ \d{4}: for a reason"):
        field.clean((today + timedelta(days=1)).isoformat())
    with pytest.raises(ValidationError, match="for a reason"):
        field.clean((years_later(today, -1) - timedelta(days=1)).isoformat())


def test_the_picker_offers_only_the_plausible_range() -> None:
    html = str(IsoDateField(plausible=Plausible(2, 0, "x")).widget.render("day", None))
    today = timezone.localdate()
    assert 'type="date"' in html and f'max="{today}"' in html and f'min="{years_later(today, -2)}"' in html


@pytest.mark.django_db
def test_an_ambiguous_consent_date_is_refused_not_read_as_2_january(people: People) -> None:
    response = signed_in(people.client).post("/me/sharing/", grant_form(people, expires_on=AMBIGUOUS))
    page = response.content.decode()
    assert UNCLEAR in page and f'value="{AMBIGUOUS}"' in page
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_a_meeting_in_1901_is_refused_with_the_range_and_the_typed_value_kept(people: People) -> None:
    data = {"held_at": "1901-01-01T10:00", "mode": "phone", "duration_minutes": "30", "supporter": people.supporter.pk}
    page = signed_in(people.supporter).post(f"/people/{people.client.pk}/meetings/new/", data).content.decode()
    assert "a meeting is recorded after it happens, within two years" in page
    assert 'value="1901-01-01T10:00"' in page and 'value="30"' in page
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_goal_target_a_century_away_is_refused(people: People) -> None:
    data = {"text": "Walk more", "target_date": "2126-01-01", "status": "active"}
    page = signed_in(people.client).post("/me/plan/goals/new/", data).content.decode()
    assert "a target date within five years before today and twenty years after" in page
    assert 'value="2126-01-01"' in page and "Walk more" in page and not Goal.objects.exists()


@pytest.mark.django_db
def test_a_dashboard_period_from_1901_is_refused(people: People) -> None:
    page = signed_in(people.supervisor).get("/organisation/dashboard/?start=1901-01-01").content.decode()
    assert "figures cover the last twenty years at most" in page and 'value="1901-01-01"' in page
