from django.urls import path

from . import views

urlpatterns = [
    path("organisation/exports/", views.exports, name="exports"),
    path("organisation/exports/<int:export_id>/", views.export_detail, name="export_detail"),
    path("organisation/exports/<int:export_id>/download/", views.download, name="export_download"),
]
