"""Schemathesis fuzzes every operation in the OpenAPI schema, in-process through the WSGI app.

Run with a supporter's token and a supervisor's: no answer may be a server error or break the schema, and
none may contain a client of another organisation (nor one the supporter is not assigned to; nor, for the
supervisor, any client at all).
"""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from alongside.api.urls import api

from ..conftest import People
from .factories import make_token

pytestmark = pytest.mark.django_db

# The schema comes straight from the API object (fetching it over WSGI would open a database transaction
# while tests are being collected); requests then go through the whole WSGI app, middleware included.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
# Like most APIs, ours ignores query parameters it does not know, so do not count those as a failure.
schema.config.generation.update(allow_extra_parameters=False)


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """Django closes database connections at the end of each WSGI request; in a test that would drop the
    test's transaction (on PostgreSQL), so do as Django's own test client does and keep them open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["supporter", "supervisor"])
def holder(request: pytest.FixtureRequest, people: People) -> str:
    """Whose token: a supporter (client records) and a supervisor (dashboards, no client records)."""
    return str(request.param)


@pytest.fixture
def supporter_headers(people: People, holder: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(getattr(people, holder))[1]}"}


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_has_no_server_errors_and_no_leaks(
    case: schemathesis.Case, people: People, holder: str, supporter_headers: dict[str, str]
) -> None:
    headers = supporter_headers
    hidden = [people.outsider_client.user.display_name, people.other_client.user.display_name]
    if holder == "supervisor":  # figures only: no client is ever named to a supervisor
        hidden.append(people.client.user.display_name)
    response = case.call(headers=headers)
    assert response.status_code < 500, response.text
    assert not any(name in response.text for name in hidden)
    # A well-formed period can still be refused with a 422 (start after end, end in the future): that is
    # the API explaining a bad request, not rejecting valid data, so that one check is left out here.
    excluded = [positive_data_acceptance] if case.path.startswith("/api/v1/reports/") else []
    case.validate_response(response, headers=headers, excluded_checks=excluded)  # type: ignore[arg-type]
    if "id" in (case.path_parameters or {}) and response.status_code in (200, 404):
        for outsider in (people.outsider_client, people.other_client):
            case.path_parameters = {**case.path_parameters, "id": outsider.pk}
            response = case.call(headers=headers)
            assert response.status_code == 404
            assert not any(name in response.text for name in hidden)
