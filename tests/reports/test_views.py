"""Organisation admins start exports, watch them, and download the file; everyone else gets 404."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from alongside.audit.models import AuditEntry
from alongside.reports.models import Export
from alongside.reports.tasks import run_export

from ..conftest import People, confirmed, main_content, signed_in
from ..factories import client_member, staff_member
from .factories import queued_export

pytestmark = pytest.mark.django_db
OUTSIDERS = ["supporter", "supervisor", "client", "outsider_supporter", "outsider_client"]


def start(browser: Client, capture: DjangoCaptureOnCommitCallbacks, kind: str = "people", **period: str) -> Export:
    page = browser.get("/organisation/exports/").content.decode()
    key = re.search(r'name="request_key" value="([0-9a-f]+)"', page)[1]  # type: ignore[index]
    with capture(execute=True):
        response = browser.post("/organisation/exports/", {"kind": kind, "request_key": key} | period)
    assert response.status_code == 302
    export = Export.objects.get(request_key=key)
    assert response["Location"] == f"/organisation/exports/{export.pk}/"
    return export


@pytest.mark.usefixtures("immediate_tasks")
def test_admin_starts_an_export_and_downloads_it(
    people: People, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    browser = confirmed(signed_in(people.admin))
    export = start(browser, django_capture_on_commit_callbacks)
    page = browser.get(f"/organisation/exports/{export.pk}/").content.decode()
    assert "Download the CSV file" in page
    assert 'value="100"' in page
    assert "hx-trigger" not in page
    response = browser.get(f"/organisation/exports/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Casey Client" in body and "Xena Elsewhere" not in body
    actions = list(AuditEntry.objects.filter(target=f"export:{export.pk}").values_list("action", "actor"))
    assert actions == [("export.request", people.admin.user.pk), ("export.download", people.admin.user.pk)]


def test_a_double_submit_starts_one_export(people: People) -> None:
    browser = confirmed(signed_in(people.admin))
    data = {"kind": "people", "request_key": "a" * 32}
    first = browser.post("/organisation/exports/", data)
    second = browser.post("/organisation/exports/", data)
    assert first["Location"] == second["Location"]
    assert Export.objects.count() == 1


def test_an_unknown_kind_is_explained(people: People) -> None:
    page = confirmed(signed_in(people.admin)).post(
        "/organisation/exports/", {"kind": "everything", "request_key": "b" * 32}
    )
    assert "Select a valid choice" in page.content.decode()
    assert not Export.objects.exists()


def test_a_queued_export_polls_and_offers_a_refresh_link(people: People) -> None:
    export = queued_export(people.admin)
    browser = signed_in(people.admin)
    page = browser.get(f"/organisation/exports/{export.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Refresh to see the progress" in page
    assert "<progress" in page and "Waiting to start" in page
    partial = browser.get(f"/organisation/exports/{export.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="export-status"')
    assert "<html" not in partial


def test_a_failed_export_shows_why(people: People) -> None:
    export = queued_export(people.admin, kind="retired-kind")
    run_export.call(export.pk)
    Export.objects.filter(pk=export.pk).update(kind="people")  # shown on the page of a kind that exists
    page = signed_in(people.admin).get(f"/organisation/exports/{export.pk}/").content.decode()
    assert "no longer offered" in page
    assert signed_in(people.admin).get(f"/organisation/exports/{export.pk}/download/").status_code == 404


@pytest.mark.parametrize("member_name", OUTSIDERS)
def test_everyone_but_the_organisations_admins_gets_404(people: People, member_name: str) -> None:
    export = queued_export(people.admin)
    run_export.call(export.pk)
    browser = signed_in(getattr(people, member_name))
    # Supervisors may export the dashboard figures, so they see the exports page, never the people export.
    listing = () if member_name == "supervisor" else ("/organisation/exports/",)
    for url in (
        *listing,
        f"/organisation/exports/{export.pk}/",
        f"/organisation/exports/{export.pk}/download/",
    ):
        response = browser.get(url)
        assert response.status_code == 404, url
        assert "Casey Client" not in main_content(response)
    assert not AuditEntry.objects.filter(action="export.download").exists()


def test_another_organisations_admin_gets_404(people: People) -> None:
    export = queued_export(people.admin)
    run_export.call(export.pk)
    other_admin = staff_member("admin", people.outsider_client.organisation)
    browser = signed_in(other_admin)
    assert browser.get(f"/organisation/exports/{export.pk}/").status_code == 404
    assert browser.get(f"/organisation/exports/{export.pk}/download/").status_code == 404
    assert "Ada Admin" not in browser.get("/organisation/exports/").content.decode()


@pytest.mark.usefixtures("clock_stopped")
def test_exports_page_queries_do_not_grow(
    people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    browser = signed_in(people.admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/organisation/exports/").status_code == 200
        return len(captured)

    small = count()
    for _ in range(15):
        queued_export(staff_member("admin", people.organisation))
        client_member(people.organisation)
    assert count() == small
    with django_assert_max_num_queries(12):
        browser.get("/organisation/exports/")


def test_starting_an_export_asks_for_the_password_first(people: People) -> None:
    response = signed_in(people.admin).post("/organisation/exports/", {"kind": "people", "request_key": "c" * 32})
    assert response.status_code == 302 and response["Location"].startswith("/account/confirm-password/")
    assert not Export.objects.exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_figure_exports_cover_the_period_chosen(
    people: People, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    browser = confirmed(signed_in(people.admin))
    export = start(
        browser, django_capture_on_commit_callbacks, kind="report-organisation", start="2026-01-05", end="2026-03-29"
    )
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.error
    body = b"".join(browser.get(f"/organisation/exports/{export.pk}/download/").streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows and {(row["period_from"], row["period_to"]) for row in rows} == {("2026-01-05", "2026-03-29")}


def test_an_impossible_period_is_explained_and_starts_nothing(people: People) -> None:
    page = confirmed(signed_in(people.admin)).post(
        "/organisation/exports/",
        {"kind": "report-organisation", "request_key": "d" * 32, "start": "2026-03-01", "end": "2026-01-01"},
    )
    assert "The start date is after the end date" in page.content.decode()
    assert not Export.objects.exists()
