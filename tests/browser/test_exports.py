"""An organisation admin starts an export, watches its progress bar fill (htmx polling), and downloads it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import People, run_queued_tasks
from tests.factories import PASSWORD, client_member

from .conftest import assert_accessible, go_to, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path: Path) -> None:
    settings.EXPORTS_DIR = tmp_path / "exports"


def test_admin_starts_an_export_watches_it_and_downloads_the_file(page, people: People) -> None:
    for n in range(40):
        client_member(people.organisation, user__display_name=f"Person {n:02d}")
    sign_in(page, people.admin.user.email, PASSWORD)
    page.wait_for_url("**/organisation/")
    go_to(page, "Exports")
    assert_accessible(page)
    page.get_by_label("People and assignments", exact=False).check()
    page.get_by_role("button", name="Start export").click()
    page.wait_for_url("**/organisation/exports/*/")
    progress = page.locator("progress#export-progress")
    expect(progress).to_have_attribute("value", "0")
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    assert_accessible(page)
    url = page.url

    run_queued_tasks()

    expect(progress).to_have_attribute("value", "100")
    assert page.url == url  # the page updated itself; nobody reloaded it
    expect(page.get_by_text("100% · 46 of 46 rows")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the CSV file").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "Casey Client" in content and "Person 39" in content
    assert "Xena Elsewhere" not in content
