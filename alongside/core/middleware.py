"""Responses for signed-in people may hold health data: never let a browser or proxy cache them."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response
