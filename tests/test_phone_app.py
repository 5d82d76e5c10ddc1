"""The installable phone app (docs/phone-app.md): manifest, service worker, the offline page, signing out clearing
the device, the phone navigation's markup and the error summary at the top of a form. In a browser:
tests/browser/test_phone_app.py."""

from __future__ import annotations

import json
import re
from uuid import uuid4

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from alongside.core.views import SHELL
from alongside.feedback.models import CheckinRequest
from alongside.plans.models import JournalEntry
from tests.conftest import People, signed_in
from tests.meetings.factories import meeting

pytestmark = pytest.mark.django_db


def test_the_manifest_is_served_with_its_content_type_and_icons_that_exist() -> None:
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Alongside"
    assert manifest["display"] == "standalone" and manifest["scope"] == "/" and manifest["start_url"] == "/"
    assert manifest["theme_color"] == "#174766"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon
        with open(str(path), "rb") as png:
            assert png.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_service_worker_is_served_from_the_root_for_the_whole_site_and_keeps_only_the_shell(people: People) -> None:
    for browser in (Client(), signed_in(people.client)):
        response = browser.get("/sw.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert response["Service-Worker-Allowed"] == "/"
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    body = response.content.decode()
    kept = json.loads(re.search(r"const SHELL = (\[.*?\]);", body)[1])  # type: ignore[index]
    assert kept == [f"/static/{name}" for name in SHELL]
    assert all(url.startswith("/static/") for url in kept)  # no page of anyone's record
    assert 'const OFFLINE = "/offline/"' in body
    assert 'request.method !== "GET"' in body  # nothing sent is held back or replayed by the worker


def test_the_offline_page_is_the_same_for_everyone_and_names_nobody(people: People) -> None:
    anonymous = Client().get("/offline/").content.decode()
    mine = signed_in(people.client).get("/offline/").content.decode()
    assert "No connection just now" in anonymous
    assert anonymous == mine
    assert people.client.user.display_name not in mine


def test_signing_out_tells_the_browser_to_clear_what_the_app_kept(people: People) -> None:
    browser = signed_in(people.client)
    response = browser.post("/account/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert browser.get("/me/").status_code == 302  # signed out


def test_every_page_links_the_manifest_and_the_app_script(people: People) -> None:
    page = signed_in(people.client).get("/me/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'data-service-worker="/sw.js"' in page
    assert "alongside/app.js" in page and "alongside/drafts.js" in page
    assert "<script>" not in page  # the content security policy allows no inline script
    login = Client().get("/account/login/").content.decode()
    assert "data-service-worker" not in login  # only someone signed in installs it; signing out removes it


def test_the_menu_button_controls_the_navigation_list(people: People) -> None:
    page = signed_in(people.client).get("/me/").content.decode()
    button = re.search(r'<button type="button" class="menu-button"[^>]*>Menu</button>', page)
    assert button and 'aria-expanded="false"' in button[0] and "hidden" in button[0]  # app.js shows it
    assert 'aria-controls="main-nav-list"' in button[0] and '<ul id="main-nav-list">' in page
    assert ">How I want to be supported</a>" in page.split('<ul id="main-nav-list">', 1)[1].split("</ul>", 1)[0]


def test_the_error_summary_is_at_the_top_and_links_to_each_field(people: People) -> None:
    response = signed_in(people.client).post("/me/journal/", {"text": "  ", "key": str(uuid4())})
    page = response.content.decode()
    main = page.split('<main id="main"', 1)[1]
    summary = main.index('class="error-summary"')
    assert summary < main.index("<h1>") < main.index('<form method="post"')
    assert 'href="#id_text"' in main and 'id="id_text"' in main
    assert "Nothing was saved yet" in main
    assert not JournalEntry.objects.exists()


def test_a_checkin_with_a_missing_answer_gets_the_summary_with_links_to_the_questions(people: People) -> None:
    checkin = CheckinRequest.objects.get(meeting=meeting(people))
    url = f"/people/{people.client.pk}/check-ins/{checkin.pk}/"
    response = signed_in(people.client).post(url, {"heard": "9"})
    assert response.status_code == 400
    main = response.content.decode().split('<main id="main"', 1)[1]
    summary = main.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'href="#([\w-]+)"', summary)
    assert links and "item-goals" in links and "item-heard" not in links
    for target in links:
        assert f'id="{target}"' in main


def test_a_draft_sent_twice_stores_one_entry(people: People) -> None:
    """What drafts.js does when the connection comes back, twice over (two tabs, or a lost answer)."""
    browser = signed_in(people.client)
    draft = {"text": "Written on the bus", "is_private": "on", "key": str(uuid4())}
    for _ in range(2):
        response = browser.post("/me/journal/", draft)
        assert response.status_code == 302
    assert JournalEntry.objects.get().text == "Written on the bus"  # one entry
