"""Emergency access: a real reason, ending it early, and the admins' review of every opening."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.consent.actions import is_a_real_reason
from alongside.consent.models import BreakGlass
from tests.conftest import People, signed_in

from .factories import open_in_emergency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "reason",
    ["x", "urgent", "safety check", "xxxxxxxxxxxxxxxxxxxxxxxxx", "aa bb cc dd ee ff gg hh", "help help help help help"],
)
def test_a_reason_must_be_at_least_a_sentence(people: People, reason: str) -> None:
    assert not is_a_real_reason(reason)
    response = signed_in(people.supervisor).post(
        "/team/emergency-access/", {"client": people.client.pk, "reason": reason}
    )
    assert "describe the emergency in a sentence" in response.content.decode()
    assert not BreakGlass.objects.exists()
    with pytest.raises(ValidationError):
        open_in_emergency(people.supervisor, people.client, reason=reason)


def test_a_real_reason_is_accepted() -> None:
    assert is_a_real_reason("Casey is not answering after a crisis text")
    assert is_a_real_reason("Missed two check-ins; safety check")


def test_the_opener_ends_it_early_and_access_stops(people: People) -> None:
    opening = open_in_emergency(people.supervisor, people.client)
    supervisor = signed_in(people.supervisor)
    landing = supervisor.get(f"/shared/{people.client.pk}/").content.decode()
    for page in ("plan", "meetings", "check-ins"):
        assert f'href="/people/{people.client.pk}/{page}/"' in landing
        assert supervisor.get(f"/people/{people.client.pk}/{page}/").status_code == 200
    for other in (people.admin, people.supporter, people.client):
        assert signed_in(other).post(f"/team/emergency-access/{opening.pk}/end/").status_code == 404
    assert BreakGlass.objects.open().exists()
    assert supervisor.post(f"/team/emergency-access/{opening.pk}/end/")["Location"] == "/shared/"
    assert not BreakGlass.objects.open().exists()
    assert supervisor.get(f"/people/{people.client.pk}/plan/").status_code == 404
    entry = AuditEntry.objects.get(action="break_glass.end")
    assert (entry.actor, entry.client) == (people.supervisor.user, people.client)
    again = supervisor.post(f"/team/emergency-access/{opening.pk}/end/", follow=True)
    assert "already ended" in again.content.decode()


def test_admins_review_each_opening_with_its_reason_length_and_reads(people: People) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        opening = open_in_emergency(
            people.supervisor, people.client, reason="Casey is not answering after a crisis text"
        )
        supervisor = signed_in(people.supervisor)
        supervisor.get(f"/people/{people.client.pk}/plan/")
        supervisor.get(f"/people/{people.client.pk}/meetings/")
        clock.shift(12 * 60)
        supervisor.post(f"/team/emergency-access/{opening.pk}/end/")
    admin = signed_in(people.admin)
    listed = admin.get("/organisation/emergency-access/").content.decode()
    assert "Casey is not answering after a crisis text" in listed
    assert "Open for 12 minutes, ended early" in listed and "2 things read" in listed and "not reviewed yet" in listed
    detail = admin.get(f"/organisation/emergency-access/{opening.pk}/").content.decode()
    assert "their plan" in detail and "their meeting notes" in detail and "ended early by Vera Supervisor" in detail
    assert admin.post(f"/organisation/emergency-access/{opening.pk}/")["Location"] == "/organisation/emergency-access/"
    opening.refresh_from_db()
    assert opening.reviewed_by == people.admin.user and opening.reviewed_at is not None
    assert AuditEntry.objects.filter(action="break_glass.review", actor=people.admin.user).count() == 1
    assert "Every emergency opening has been reviewed" in admin.get("/organisation/emergency-access/").content.decode()
    everything = admin.get("/organisation/emergency-access/?show=all").content.decode()
    assert "reviewed by Ada Admin" in everything
    twice = admin.post(f"/organisation/emergency-access/{opening.pk}/", follow=True)
    assert "already been reviewed" in twice.content.decode()


def test_an_opening_still_open_cannot_be_marked_reviewed(people: People) -> None:
    opening = open_in_emergency(people.supervisor, people.client)
    page = signed_in(people.admin).post(f"/organisation/emergency-access/{opening.pk}/").content.decode()
    assert "can be reviewed once it has ended" in page
    assert BreakGlass.objects.get(pk=opening.pk).reviewed_at is None


def test_only_admins_of_the_organisation_review(people: People) -> None:
    opening = open_in_emergency(people.supervisor, people.client)
    for member in (people.client, people.supporter, people.unassigned_supporter, people.supervisor):
        browser = signed_in(member)
        assert browser.get("/organisation/emergency-access/").status_code == 404
        assert browser.get(f"/organisation/emergency-access/{opening.pk}/").status_code == 404
    outsider_admin = signed_in(people.outsider_supporter)
    assert outsider_admin.get(f"/organisation/emergency-access/{opening.pk}/").status_code == 404
