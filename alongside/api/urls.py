"""The JSON API under /api/ (schema and docs at /api/docs), and the pages where people manage tokens."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from . import views
from .site import build_api

api = build_api()


def no_such_endpoint(request: HttpRequest, rest: str) -> JsonResponse:
    return JsonResponse({"detail": "There is no such API endpoint. The list is at /api/docs."}, status=404)


app_name = "api"
urlpatterns = [
    path("api/", api.urls),
    path("api/<path:rest>", no_such_endpoint, name="not_found"),
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<int:token_id>/revoke/", views.revoke, name="token_revoke"),
]
