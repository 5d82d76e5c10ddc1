"""Session records in a real browser: a supporter writes a billable record, is told plainly what is missing,
signs it and amends it; a supervisor co-signs one and returns another; an admin exports a batch and exports
again without duplicates. Every page is checked with axe-core, at phone size."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from alongside.billing.models import BillingBatch, RecordStatus, SessionRecord
from tests.billing.factories import a_meeting, rules_for, signed_record
from tests.conftest import People, run_queued_tasks
from tests.factories import PASSWORD
from tests.plans.factories import make_goal

from .conftest import assert_accessible, go_to, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path: Path) -> None:
    settings.EXPORTS_DIR = tmp_path / "exports"


def test_document_sign_amend_cosign_return_and_export(page, people: People) -> None:
    rules_for(people, cosign=True)
    make_goal(people.client, "Find a place of my own")
    meeting = a_meeting(people, minutes=50)

    sign_in(page, people.supporter.user.email, PASSWORD)
    page.goto(f"/people/{people.client.pk}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Document this session").click()
    assert_accessible(page)
    page.get_by_label("Place of service").select_option(label="11 Office")
    page.get_by_label("Service code").select_option(label="H0038: Peer support, individual (Medicaid)")
    page.get_by_label("Find a place of my own").check()
    page.get_by_label("What did you do together?").fill("Looked at three housing adverts together.")
    page.get_by_label("How did the person respond?").fill("Hopeful; chose one to visit.")
    page.get_by_label("Your credential").fill("CPRS")
    page.get_by_role("button", name="Sign the record").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The record is not signed yet.")
    expect(alert).to_contain_text("Please write the next step.")
    expect(page.get_by_label("What did you do together?")).to_have_value("Looked at three housing adverts together.")
    assert_accessible(page)
    page.get_by_label("What is the next step?").fill("Visit the flat on Friday.")
    page.get_by_role("button", name="Sign the record").click()
    expect(page.get_by_text("Signed and locked. It now waits for a supervisor's co-signature.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Amend this record").click()
    page.get_by_label("Why are you amending this record?").fill("The next step was agreed for Saturday.")
    page.get_by_label("What is the next step?").fill("Visit the flat on Saturday.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the amendment").click()
    expect(page.get_by_text("The record is amended.")).to_be_visible()
    expect(page.get_by_text("Reason: The next step was agreed for Saturday.")).to_be_visible()
    first = SessionRecord.objects.get(meeting=meeting)
    assert first.amendments.count() == 1 and first.next_step == "Visit the flat on Saturday."
    second = signed_record(people, a_meeting(people, minutes=30))

    page.context.clear_cookies()
    sign_in(page, people.supervisor.user.email, PASSWORD)
    go_to(page, "Co-signatures")
    assert_accessible(page)
    page.goto(f"/co-signatures/{first.pk}/")
    expect(page.get_by_text("Looked at three housing adverts together.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Co-sign the record").click()
    expect(page.get_by_text("Co-signed. The record can now be billed.")).to_be_visible()
    page.goto(f"/co-signatures/{second.pk}/")
    page.get_by_label("What needs to change?").fill("Please say which goal the call served.")
    page.get_by_role("button", name="Return with this comment").click()
    expect(page.get_by_text("Returned to the supporter with your comment.")).to_be_visible()
    assert SessionRecord.objects.get(pk=first.pk).status == RecordStatus.SIGNED
    assert SessionRecord.objects.get(pk=second.pk).status == RecordStatus.RETURNED

    page.context.clear_cookies()
    sign_in(page, people.admin.user.email, PASSWORD)
    for _ in range(2):  # export, then export again: the second batch has no line of the first
        page.goto("/organisation/exports/")
        page.get_by_label("Billing lines", exact=False).check()
        page.get_by_role("button", name="Start export").click()
        page.wait_for_url("**/organisation/exports/*/")
        run_queued_tasks()
        expect(page.locator("progress#export-progress")).to_have_attribute("value", "100")
    page.goto("/organisation/billing/batches/")
    assert_accessible(page)
    expect(page.get_by_text("0 signed lines are ready for a new batch.")).to_be_visible()
    assert sorted(BillingBatch.objects.values_list("line_count", flat=True)) == [0, 1]
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Download batch {BillingBatch.objects.get(line_count=1).pk}").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert content.count("H0038") == 1 and "Casey Client" in content
