"""The transfers page in Spanish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import People, confirmed, main_content, signed_in

pytestmark = pytest.mark.django_db


def test_an_admin_reads_the_transfers_page_in_spanish(people: People) -> None:
    people.admin.user.language = "es"
    people.admin.user.save(update_fields=["language"])
    admin = confirmed(signed_in(people.admin))
    page = main_content(admin.get(reverse("interop:transfers")))
    assert "Trasladar un expediente a otro servicio" in page and "Todavía no hay nadie para trasladar." in page
    refused = admin.post(reverse("interop:transfer_download", args=[people.client.pk]))  # no consent to share
    assert refused.status_code == 404 and "No podemos mostrarle esta página" in main_content(refused)
