"""Real-browser fixtures: Debian's Chromium driven by Playwright, with axe-core for accessibility.

Locally a missing browser or axe-core skips these tests with a reason; in CI (CI=true) it fails them,
so a green CI run always means the browser tests ran.

Tests wait for conditions, never for a while: Playwright's actions and ``expect`` retry until the page is
as expected. On a busy machine pages are slow, not wrong, so the bound on those waits is generous: only a
failing test ever reaches it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from alongside.accounts.reauth import CONFIRMED_AT_KEY
from tests.needs import missing

# Playwright's sync API keeps an event loop running in the test thread for the whole session, while
# our test code and database setup stay synchronous; Django must be told that this is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PATIENCE_MS = 60_000  # how long an action or expectation may take before the test fails
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]
expect.set_options(timeout=PATIENCE_MS)


def _require(path: Path, how: str) -> None:
    if not path.exists():
        missing(f"{path} is missing: {how}")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    _require(CHROMIUM, "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(chromium: Any, live_server: Any, **options: Any) -> Any:
    """A fresh browser profile on the live server, a phone-sized window unless ``options`` say otherwise."""
    context = chromium.new_context(**{"base_url": live_server.url, "viewport": {"width": 390, "height": 844}} | options)
    context.set_default_timeout(PATIENCE_MS)
    return context


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = new_context(chromium, live_server)
    yield context.new_page()
    context.close()


def assert_accessible(page: Any) -> None:
    """No serious or critical axe-core violations on the page as it is now."""
    _require(AXE, "run `npm ci` in the project folder (make test does)")
    page.wait_for_load_state()  # a page still loading would be checked half-built
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    details = [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]} for v in serious]
    assert not serious, f"Accessibility problems on {page.url}:\n{json.dumps(details, indent=2)}"


def sign_in(page: Any, email: str, password: str, *, a_while_ago: bool = False) -> None:
    """Sign in through the form. ``a_while_ago``: as if long enough ago that downloads ask for the password."""
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if a_while_ago:
        key = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
        session = SessionStore(session_key=key)
        session.pop(CONFIRMED_AT_KEY, None)
        session.save()


def confirm_password(page: Any, password: str) -> None:
    """Answer the 'your password again' step that guards downloads and other sensitive steps."""
    page.wait_for_url("**/account/confirm-password/**")
    assert_accessible(page)
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Continue").click()


def open_menu(page: Any) -> None:
    """On a phone the main navigation sits behind the Menu button (app.js); open it if it is there and closed."""
    button = page.locator(".site-header .menu-button")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()


def go_to(page: Any, link: str, navigation: str = "Main") -> None:
    """Follow a link in the main navigation (named ``navigation`` in the page's language), opening the phone menu
    first when there is one."""
    open_menu(page)
    page.get_by_role("navigation", name=navigation).get_by_role("link", name=link, exact=True).click()


def sign_out(page: Any) -> None:
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
