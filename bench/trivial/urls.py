"""The trivial page, and the health check the harness waits for."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from alongside.core.views import healthz


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("healthz", healthz), path("bench/trivial/", trivial)]
