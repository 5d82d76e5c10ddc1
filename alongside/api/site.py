"""The one NinjaAPI instance: token authentication, JSON errors, local docs, and the domain routers.

Each domain app owns a ``router`` in ``alongside/<app>/api.py``, found by name (``alongside.plugins``) and
published under ``/api/v1/``. See docs/api.md.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError

from alongside.plugins import contributions

from .auth import TokenAuth, TokenRefused

logger = logging.getLogger("alongside.api")

HOW_TO_AUTHENTICATE = "Send an API token in the header 'Authorization: Bearer <token>'."
DESCRIPTION = """Read access to what the token's person may see, decided by the same access policy as the
pages, with every read of a client's record written to the audit log. Send an API token in the header
`Authorization: Bearer <token>`; staff create tokens on the "API tokens" page. Errors are JSON objects
with a `detail` message."""


class LocalSwagger(Swagger):
    """Swagger UI from the static files django-ninja ships (no CDN), in a page our CSP allows."""

    template = "api/swagger.html"


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Alongside API",
        version="1",
        description=DESCRIPTION,
        auth=TokenAuth(),
        urls_namespace="api:rest",  # inside the api app's own namespace (api/urls.py)
        docs=LocalSwagger(),
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    for _, router in contributions("api", "router"):
        api.add_router("/v1/", router)
    _add_error_handlers(api)
    return api


def _add_error_handlers(api: NinjaAPI) -> None:
    # Handlers take ``exc: object``: django-ninja's type hints also allow an exception class here.
    def unauthenticated(request: HttpRequest, exc: object) -> HttpResponse:
        detail = exc.message if isinstance(exc, TokenRefused) else HOW_TO_AUTHENTICATE
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="alongside"'
        return response

    def not_found(request: HttpRequest, exc: object) -> HttpResponse:
        return api.create_response(request, {"detail": "Not found."}, status=404)

    def invalid(request: HttpRequest, exc: object) -> HttpResponse:
        errors = exc.errors if isinstance(exc, ValidationError) else []
        body = {"detail": "Some of the request's parameters are not valid.", "errors": errors}
        return api.create_response(request, body, status=422)

    def server_error(request: HttpRequest, exc: object) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)  # the handled error must not commit half a change
        body = {"detail": "Something went wrong on our side. It has been logged; please try again later."}
        return api.create_response(request, body, status=500)

    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Exception, server_error)
