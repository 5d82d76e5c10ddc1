"""The API docs work under our Content-Security-Policy; staff create a token in the browser."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.conftest import People
from tests.factories import PASSWORD

from .conftest import assert_accessible, confirm_password, go_to, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(
  e.violatedDirective + " " + e.blockedURI));
"""


def test_api_docs_render_from_our_own_files_without_csp_violations(page, people: People) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    response = page.goto("/api/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("/api/v1/clients/{id}", exact=True).wait_for()
    assert page.get_by_role("heading", name="Alongside API").count()
    assert page.evaluate("window.cspViolations") == []
    assert not [line for line in console if "Content Security Policy" in line]
    local = ("localhost", "127.0.0.1")
    assert [url for url in outside if urlparse(url).hostname not in local and not url.startswith("data:")] == []


def test_supporter_creates_a_token_and_sees_it_once(page, people: People) -> None:
    sign_in(page, people.supporter.user.email, PASSWORD, a_while_ago=True)
    page.wait_for_url("**/people/")
    go_to(page, "API tokens")
    assert_accessible(page)
    page.get_by_label("What is this token for?").fill("Reporting spreadsheet")
    page.get_by_role("button", name="Create token").click()
    confirm_password(page, PASSWORD)
    page.get_by_label("What is this token for?").fill("Reporting spreadsheet")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("alng_")
    expect(page.get_by_role("cell", name="Reporting spreadsheet", exact=True)).to_be_visible()
    assert_accessible(page)
    page.reload()
    assert not page.get_by_label("Token", exact=True).count()
