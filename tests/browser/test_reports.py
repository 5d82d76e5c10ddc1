"""Dashboards and a large research export in a real browser, checked with axe-core."""

from io import StringIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

from alongside.reports.scale import Size, build_large
from tests.conftest import People, run_queued_tasks
from tests.factories import PASSWORD

from .conftest import assert_accessible, go_to, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SMALL_SCALE = Size(clients=40, supporters=4, meetings_per_client=5, weekly_checkins=20, goals_per_client=2)


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path: Path) -> None:
    settings.EXPORTS_DIR = tmp_path / "exports"


def test_admin_exports_research_data_watching_the_progress_bar(page, people: People) -> None:
    build_large(people.organisation, SMALL_SCALE, stream=StringIO())  # 1,360 rows: three chunks of the bar
    sign_in(page, people.admin.user.email, PASSWORD)
    page.wait_for_url("**/organisation/")
    go_to(page, "Exports")
    page.get_by_label("De-identified research data", exact=False).check()
    page.get_by_role("button", name="Start export").click()
    page.wait_for_url("**/organisation/exports/*/")
    progress = page.locator("progress#export-progress")
    expect(progress).to_have_attribute("value", "0")
    assert_accessible(page)

    run_queued_tasks()

    expect(progress).to_have_attribute("value", "100")
    expect(page.get_by_text("100% · 1360 of 1360 rows")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the CSV file").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert content.startswith("participant,record,day")
    assert content.count("\n") == 1_361
    assert "Client 000" not in content and "Casey Client" not in content


def test_dashboards_are_accessible(page, people: People) -> None:
    build_large(people.organisation, SMALL_SCALE, stream=StringIO())
    sign_in(page, people.supervisor.user.email, PASSWORD)
    go_to(page, "Dashboard")
    page.wait_for_url("**/organisation/dashboard/")
    expect(page.get_by_role("heading", name="Organisation dashboard")).to_be_visible()
    assert page.locator("svg[role=img]").count() >= 5
    assert_accessible(page)
    page.get_by_role("link", name=people.supporter.user.display_name).click()
    page.wait_for_url("**/organisation/dashboard/supporters/*/")
    assert_accessible(page)
    page.locator("#id_start").fill("2025-03-01")
    page.locator("#id_end").fill("2025-02-01")
    page.get_by_role("button", name="Show").click()
    expect(
        page.locator(".error-summary").get_by_text("The start date is after the end date")
    ).to_be_visible()  # the error summary, first
    assert_accessible(page)
