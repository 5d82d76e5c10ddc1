"""The client downloads their FHIR record from My journey; an admin downloads one for a transfer."""

import json
from pathlib import Path

import pytest

from tests.conftest import People
from tests.consent.factories import share
from tests.factories import PASSWORD
from tests.plans.factories import make_goal

from .conftest import assert_accessible, confirm_password, go_to, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_client_downloads_their_record(page, people: People) -> None:
    make_goal(people.client, "Talk to my sister", is_private=True)
    sign_in(page, people.client.user.email, PASSWORD, a_while_ago=True)
    page.wait_for_url("**/me/")
    page.get_by_role("link", name="Download my record (FHIR)").click()
    with page.expect_download() as download:
        confirm_password(page, PASSWORD)
    bundle = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and "Talk to my sister" in json.dumps(bundle)


def test_an_admin_downloads_a_record_for_a_transfer(page, people: People) -> None:
    make_goal(people.client, "Talk to my sister", is_private=True)
    share(people.client, kind="outside", areas=["plan", "meetings", "checkins", "crisis", "messages"])
    sign_in(page, people.admin.user.email, PASSWORD, a_while_ago=True)
    page.wait_for_url("**/organisation/")
    go_to(page, "Transfers")
    assert_accessible(page)
    page.get_by_role("button", name="Download record of Casey Client (FHIR)").click()
    confirm_password(page, PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download record of Casey Client (FHIR)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert json.loads(text)["resourceType"] == "Bundle" and "Talk to my sister" not in text
