"""On PostgreSQL a worker's repeated statements are prepared once, and an operator can switch that off."""

import json

import pytest
from django.db import connection

from alongside.accounts.models import Organisation
from tests.test_configuration import run_manage

PRINT_OPTIONS = (
    "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
)


def database_options(**env: str) -> dict[str, object]:
    result = run_manage(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused"} | env, "shell", "-c", PRINT_OPTIONS
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])  # after anything start-up prints


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_statement_run_again_on_a_connection_is_prepared_on_the_server() -> None:
    for _ in range(6):
        list(Organisation.objects.filter(slug="not-there"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "accounts_organisation"' in statement and "$1" in statement for statement in prepared), prepared


def test_postgresql_binds_values_on_the_server_and_prepares_unless_switched_off() -> None:
    assert database_options() == {"server_side_binding": True, "prepare_threshold": 5}
    assert database_options(ALONGSIDE_DB_PREPARED_STATEMENTS="false") == {}
