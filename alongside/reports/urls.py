from django.urls import path

from . import dashboard_views, views

app_name = "reports"
urlpatterns = [
    path("organisation/exports/", views.exports, name="exports"),
    path("organisation/exports/<int:export_id>/", views.export_detail, name="export_detail"),
    path("organisation/exports/<int:export_id>/download/", views.download, name="export_download"),
    path("organisation/dashboard/", dashboard_views.organisation_dashboard, name="dashboard"),
    path(
        "organisation/dashboard/supporters/<int:supporter_id>/",
        dashboard_views.supporter_dashboard,
        name="supporter_dashboard",
    ),
]
