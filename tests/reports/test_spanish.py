"""Reports in Spanish (docs/translation.md): the dashboard, its chart labels and small-cell notes, the export
pages and their failure message, for a supervisor or admin whose account says Spanish."""

from datetime import date

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.formats import date_format

from alongside.accounts.models import Membership
from alongside.reports.dashboards import Cell, week_cell
from alongside.reports.models import Export
from alongside.reports.tasks import run_export

from ..conftest import People, confirmed, main_content, signed_in
from .factories import queued_export

pytestmark = pytest.mark.django_db


def in_spanish(member: Membership) -> Membership:
    member.user.language = "es"
    member.user.save(update_fields=["language"])
    return member


def test_the_dashboard_speaks_spanish_with_spanish_dates(people: People) -> None:
    browser = signed_in(in_spanish(people.supervisor))
    page = main_content(browser.get("/organisation/dashboard/", {"start": "2026-01-05", "end": "2026-03-29"}))
    assert "Panel de la organización" in page and "Reuniones por semana" in page
    with translation.override("es"):
        start, end = (date_format(day, "SHORT_DATE_FORMAT") for day in (date(2026, 1, 5), date(2026, 3, 29)))
        monday = date_format(date(2026, 1, 5), "MONTH_DAY_FORMAT")
    assert f"del {start} al {end}." in page  # the period, in the Spanish short date format
    assert "no hay datos suficientes" in page  # a figure with no data, said in Spanish
    assert f"Semana del {monday}" in page  # a chart label with the week's Monday
    assert "Cambio fiable: Chequeo de bienestar" in page  # a check-in named as its definition says in Spanish
    assert "Organisation dashboard" not in page and "Meetings per week" not in page


def test_a_period_error_is_in_spanish(people: People) -> None:
    browser = signed_in(in_spanish(people.admin))
    page = browser.get("/organisation/dashboard/", {"start": "2026-03-01", "end": "2026-01-01"}).content.decode()
    assert "La fecha de inicio es posterior a la fecha final" in page


def test_cells_are_said_in_the_readers_language_and_exported_in_english() -> None:
    hidden = Cell("People", 3, 3, hidden=True)
    hours = Cell("Median wait", 1234.5, 20, " hours")
    with translation.override("es"):
        assert hidden.shown == "menos de 11" and hours.shown == "1.234,5 horas"
    with translation.override("en"):
        assert hidden.exported == "fewer than 11" and hours.shown == "1,234.5 hours"


def test_a_weeks_name_follows_the_language_when_languages_take_turns_in_one_process() -> None:
    """Week names are kept per week and language (``week_names``): one language's must never be given to the
    other, nor a name from before the date formats changed."""
    monday = date(2026, 11, 2)
    said = []
    for language in ("en", "es", "en", "es"):
        with translation.override(language):
            cell = week_cell(monday, 4, 12)
            said.append((cell.label, cell.short))
    english, spanish = ("Week of 2 Nov", "2 Nov"), ("Semana del 2 nov", "2 nov")
    assert said == [english, spanish, english, spanish]
    written = []  # in a language with no formats of its own, as the settings say
    for month_day in ("j F", "F j"):
        with override_settings(MONTH_DAY_FORMAT=month_day), translation.override("xx"):
            written.append(week_cell(monday, 4, 12).short)
    assert written == ["2 November", "November 2"]


def test_exports_pages_and_a_failure_are_in_spanish(people: People) -> None:
    admin = in_spanish(people.admin)
    browser = confirmed(signed_in(admin))
    page = main_content(browser.get("/organisation/exports/"))
    assert "Exportaciones" in page and "Iniciar la exportación" in page and "Qué exportar" in page
    export = queued_export(admin, kind="retired-kind")
    run_export.call(export.pk)
    assert Export.objects.get(pk=export.pk).error == "This kind of export is no longer offered."  # stored English
    Export.objects.filter(pk=export.pk).update(kind="people")
    page = main_content(browser.get(f"/organisation/exports/{export.pk}/"))
    assert "Este tipo de exportación ya no se ofrece." in page and "Falló" in page
    with translation.override("es"):
        asked = date_format(Export.objects.get(pk=export.pk).created_at, "SHORT_DATETIME_FORMAT")
    assert f"Pedida por {admin.user.display_name} el {asked}." in page
