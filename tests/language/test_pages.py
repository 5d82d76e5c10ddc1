"""The coach's pages: staff only, advice only, nothing stored."""

import pytest
from django.test import Client

from alongside.language.limits import reading_end
from tests.conftest import People, signed_in

pytestmark = pytest.mark.django_db


def test_hints_for_text_being_written(people: People) -> None:
    response = signed_in(people.supporter).post(
        "/language/hints/", {"field": "body", "body": "You need to stop being an addict. It's up to you."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wording to reconsider" in page and "addict" in page and "What works well" in page


def test_hints_handle_empty_and_overlong_text(people: People) -> None:
    browser = signed_in(people.supporter)
    assert "No wording hints" in browser.post("/language/hints/", {"text": ""}).content.decode()
    long_text = "You need to rest. " * 2_000 + "He is an addict."
    too_long = browser.post("/language/hints/", {"text": long_text})
    page = too_long.content.decode()
    assert too_long.status_code == 200 and "Wording to reconsider" in page and "You need to" in page
    assert f"read its first {reading_end(long_text):,} characters and stopped there" in page
    assert "addict" not in page  # only after the limit


def test_hints_survive_binary_garbage_and_emoji(people: People) -> None:
    browser = signed_in(people.supporter)
    for text in ("\x00\x01\ufffd garbage", "🙂🙂 you must 🙂", "Tienes que parar. You should rest."):
        assert browser.post("/language/hints/", {"text": text}).status_code == 200
    invalid_utf8 = browser.post(
        "/language/hints/", b"text=%FF%FE%00%C3garbage", content_type="application/x-www-form-urlencoded"
    )
    assert invalid_utf8.status_code == 200


def test_practice_gives_feedback_and_indicators(people: People) -> None:
    browser = signed_in(people.supporter)
    assert "Practice" in browser.get("/practice/").content.decode()
    response = browser.post(
        "/practice/weekend-slip/",
        {"reply": "It sounds like those three months really matter to you. What do you want now?"},
    )
    page = response.content.decode()
    assert "Feedback on your reply" in page and "Practice indicators" in page and "not you" in page


def test_practice_says_which_sentence_got_which_label(people: People) -> None:
    reply = "You need to stop being a junkie. It sounds like those three months really matter to you."
    page = signed_in(people.supporter).post("/practice/weekend-slip/", {"reply": reply}).content.decode()
    labels = page[page.index("How each sentence reads") :]
    assert '<q>You need to stop being a junkie.</q> <span class="badge">Input (advice)</span>' in labels
    assert '<q>It sounds like those three months really matter to you.</q> <span class="badge">Reflection' in labels
    assert "Reflection (simple)</span></li>" not in labels.split("</li>")[0]  # the order is not a reflection


def test_practice_rejects_empty_and_overlong_replies(people: People) -> None:
    browser = signed_in(people.supporter)
    assert "Please write a reply" in browser.post("/practice/weekend-slip/", {"reply": "   "}).content.decode()
    assert "at most 2000 characters" in browser.post("/practice/weekend-slip/", {"reply": "a" * 2001}).content.decode()
    assert browser.get("/practice/no-such-scenario/").status_code == 404


def test_coach_is_for_staff_only(people: People) -> None:
    client = signed_in(people.client)
    assert client.post("/language/hints/", {"text": "hello"}).status_code == 404
    assert client.get("/practice/").status_code == 404
    assert Client().get("/practice/").status_code == 302
