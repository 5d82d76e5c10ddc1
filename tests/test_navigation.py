"""The main navigation shows each person the links their permissions allow, in their language, marking the
current page; it is rendered once per language, permissions and page (core/templatetags/navigation.py), so
one person's navigation must never show through on another's page. The same holds for the other shared parts
of every page: its scripts, the idle sign-out dialog, the drafts' words and the language buttons."""

import re

import pytest
from django.test import Client

from alongside.accounts.models import User

from .conftest import People, signed_in

pytestmark = pytest.mark.django_db


def navigation(browser: Client, url: str) -> str:
    page = browser.get(url).content.decode()
    return page.split('<ul id="main-nav-list">', 1)[1].split("</ul>", 1)[0]


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)


ACCOUNT = ["/account/password/", "/account/two-factor/"]
SHARED = ["/account/api-tokens/", "/shared/"]
CLIENT = ["/me/", "/me/plan/", "/me/messages/", "/me/how-i-want-to-be-supported/", "/me/sharing/", "/me/record-views/"]
SUPERVISOR = ["/supervision/people/", "/groups/", "/team/", "/co-signatures/", "/organisation/dashboard/"]
ADMIN = ["/groups/", "/organisation/", "/team/", "/organisation/dashboard/", "/organisation/exports/"]
LINKS = {
    "client": [*CLIENT, "/me/data/", *ACCOUNT],
    "supporter": ["/people/", "/invite-someone/", "/practice/", "/supervision/", "/groups/", *SHARED, *ACCOUNT],
    "supervisor": [*SUPERVISOR, *SHARED, *ACCOUNT],
    "admin": [*ADMIN, "/organisation/transfers/", *SHARED, *ACCOUNT],
}
WORDS = {
    "en": {"client": "My journey", "supporter": "My people", "supervisor": "People I supervise", "admin": "Exports"},
    "es": {
        "client": "Mi camino",
        "supporter": "Mis personas",
        "supervisor": "Personas que superviso",
        "admin": "Exportaciones",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_role_sees_its_links_in_its_language_whoever_came_before(people: People, language: str) -> None:
    for role in ["admin", "client", "supervisor", "supporter", "admin", "client"]:  # each after another role
        member = getattr(people, role)
        User.objects.filter(pk=member.user.pk).update(language=language)
        shown = links(navigation(signed_in(member), "/account/password/"))
        assert [href for href, _ in shown] == LINKS[role], role
        assert WORDS[language][role] in [words for _, words in shown], role


def test_the_current_page_is_marked_and_only_it(people: People) -> None:
    browser = signed_in(people.client)
    for url in ["/me/plan/", "/me/data/", "/account/password/"]:
        marked = re.findall(r'<a href="([^"]+)" aria-current="page">', navigation(browser, url))
        assert marked == ([url] if url.startswith("/me/") else []), url


def test_nothing_personal_is_in_it(people: People) -> None:
    html = navigation(signed_in(people.client), "/me/plan/")
    assert people.client.user.display_name not in html
    assert "csrf" not in html.split("<li>\n          <form", 1)[0].lower()


def shared_parts(browser: Client, url: str) -> dict[str, bool | str]:
    page = browser.get(url).content.decode()
    return {
        "session script": "alongside/session.js" in page,
        "drafts script": "alongside/drafts.js" in page,
        "coach script": "language/coach.js" in page,
        "idle dialog": 'id="idle-warning"' in page,
        "drafts words": 'id="draft-words"' in page,
        "current language": re.findall(r'lang="(\w+)" aria-current="true"', page)[0],
        "sign-out words": "".join(re.findall(r'<h2 id="idle-warning-title">([^<]+)<', page)),
    }


def test_the_shared_parts_follow_each_person_whoever_came_before(people: People) -> None:
    User.objects.filter(pk=people.supporter.user.pk).update(language="es")
    for _ in range(2):  # each after the others, twice
        client = shared_parts(signed_in(people.client), "/me/plan/")
        assert client["drafts script"] and client["drafts words"] and not client["coach script"]
        assert client["session script"] and client["idle dialog"] and client["current language"] == "en"
        assert client["sign-out words"] == "Are you still there?"
        supporter = shared_parts(signed_in(people.supporter), "/people/")
        assert supporter["coach script"] and not supporter["drafts script"] and not supporter["drafts words"]
        assert supporter["current language"] == "es" and supporter["sign-out words"] == "¿Sigue ahí?"
        nobody = shared_parts(Client(), "/account/login/")
        assert not any(nobody[part] for part in ("session script", "idle dialog", "drafts script", "coach script"))
