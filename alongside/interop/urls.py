from django.urls import path

from . import views

app_name = "interop"
urlpatterns = [
    path("me/record/fhir/", views.my_record, name="my_record"),
    path("organisation/transfers/", views.transfers, name="transfers"),
    path("organisation/transfers/<int:client_id>/fhir/", views.transfer_download, name="transfer_download"),
]
