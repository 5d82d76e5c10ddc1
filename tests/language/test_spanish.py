"""The language coach in Spanish (docs/translation.md): it still reads English only, and says what it finds in
the reader's language; suggested wording stays English, as it is for the English text."""

import pytest
from django.utils import translation

from alongside.accounts.models import Membership
from alongside.language.avoided import Avoided, find
from tests.conftest import People, signed_in

pytestmark = pytest.mark.django_db


def in_spanish(member: Membership) -> Membership:
    member.user.language = "es"
    member.user.save(update_fields=["language"])
    return member


def test_hints_are_explained_in_spanish(people: People) -> None:
    browser = signed_in(in_spanish(people.supporter))
    page = browser.post("/language/hints/", {"text": "You need to stop being an addict. It's up to you."}).content
    hints = page.decode()
    assert "Palabras para repensar" in hints and "Lo que funciona bien" in hints
    assert "Estigmatiza" in hints and "ponga primero a la persona" in hints
    assert "Puede probar (en inglés): person with a substance use disorder" in hints  # wording for the English text
    assert "Wording to reconsider" not in hints and "Reduces a person" not in hints


def test_text_in_spanish_gets_the_english_only_note_in_spanish(people: People) -> None:
    browser = signed_in(in_spanish(people.supporter))
    page = browser.post("/language/hints/", {"text": "Tienes que dejar de beber. ¿Cómo estás hoy?"}).content
    assert "La guía de lenguaje solo lee inglés" in page.decode()


def test_practice_in_spanish_labels_each_sentence_and_explains_an_error(people: People) -> None:
    browser = signed_in(in_spanish(people.supporter))
    listing = browser.get("/practice/").content.decode()
    assert "Practicar" in listing and "sus primeros" not in listing and "solo lee inglés" in listing
    reply = "You need to stop being a junkie. It sounds like those three months really matter to you."
    page = browser.post("/practice/weekend-slip/", {"reply": reply}).content.decode()
    assert '<span class="badge">Aporte (consejo)</span>' in page and "Indicadores de práctica" in page
    assert "Antes que nada, refleje el sentimiento o el significado." in page
    empty = browser.post("/practice/weekend-slip/", {"reply": ""}).content.decode()
    assert "Por favor, escriba una respuesta para recibir comentarios sobre ella." in empty


def test_the_clients_own_words_hint_is_in_spanish() -> None:
    with translation.override("es"):
        (finding,) = find("He is an addict.", Avoided("Casey", ("addict",)))
    assert finding.explanation == "Casey pidió no oír «addict». Piense en otra forma de decirlo."
    assert finding.alternatives == ("su nombre", "las palabras que la persona usa para hablar de sí misma")
