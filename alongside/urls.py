"""URL map. Each domain app owns its own ``urls.py``; the admin site is not exposed."""

from django.urls import include, path

urlpatterns = [
    path("", include("alongside.core.urls")),
    path("", include("alongside.home.urls")),
    path("", include("alongside.accounts.urls")),
    path("", include("alongside.language.urls")),
    path("", include("alongside.api.urls")),
    path("", include("alongside.reports.urls")),
    path("", include("alongside.plans.urls")),
    path("", include("alongside.meetings.urls")),
    path("", include("alongside.groups.urls")),
    path("", include("alongside.feedback.urls")),
    path("", include("alongside.consent.urls")),
    path("", include("alongside.crisis.urls")),
    path("", include("alongside.conversations.urls")),
    path("", include("alongside.support.urls")),
    path("", include("alongside.billing.urls")),
    path("", include("alongside.interop.urls")),
    path("", include("alongside.notifications.urls")),
    path("", include("alongside.supervision.urls")),
    path("", include("alongside.worklist.urls")),
]
