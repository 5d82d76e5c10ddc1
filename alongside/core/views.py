"""The shared plumbing: the health check, and the installable app's manifest, service worker and offline page."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Is the database reachable? Says nothing else, needs no sign-in."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok", "database": "ok"})
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)


# --- The installable phone app (docs/phone-app.md) ---------------------------------------------------------

# What the service worker keeps on the device: the app's shell, never a page of anyone's record.
SHELL = (
    "alongside/site.css",
    "alongside/htmx-2.0.11.min.js",
    "alongside/app.js",
    "alongside/session.js",
    "alongside/drafts.js",
    "alongside/icons/icon-192.png",
    "alongside/icons/icon-512.png",
)


@cache
def shell_version() -> str:
    """Changes whenever a shell file changes, so the service worker replaces its copies (checked once a process)."""
    digest = hashlib.sha256()
    for name in SHELL:
        found = finders.find(name)
        digest.update(Path(str(found)).read_bytes() if found else name.encode())
    digest.update(render_to_string("core/offline.html").encode())
    return digest.hexdigest()[:12]


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: how Alongside looks once added to a phone's home screen. Public, like the icons."""
    icons = [
        {
            "src": static(f"alongside/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any maskable",
        }
        for size in (192, 512)
    ]
    body = {
        "name": "Alongside",
        "short_name": "Alongside",
        "description": _("Your recovery plan, check-ins and messages with the people who support you."),
        "id": "/",
        "start_url": reverse("home:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#174766",
        "icons": icons,
    }
    return JsonResponse(body, content_type="application/manifest+json")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root so its scope is the whole site. Public: it holds no data."""
    context = {
        "version": shell_version(),
        "shell": [static(name) for name in SHELL],
        "offline": reverse("core:offline"),
    }
    response = HttpResponse(render_to_string("core/sw.js", context), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the app shows when a page cannot be reached: the same for everyone, so it is safe to keep on a device."""
    return HttpResponse(render_to_string("core/offline.html"))
