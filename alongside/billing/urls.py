from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("people/<int:client_id>/meetings/<int:meeting_id>/record/", views.document, name="document"),
    path("people/<int:client_id>/session-records/<int:record_id>/amend/", views.amend, name="amend"),
    path("people/<int:client_id>/session-records/<int:record_id>/co-sign/", views.client_cosign, name="client_cosign"),
    path("groups/attendance/<int:attendance_id>/record/", views.group_document, name="group_document"),
    path("groups/attendance/<int:attendance_id>/record/amend/", views.group_amend, name="group_amend"),
    path("co-signatures/", views.queue, name="queue"),
    path("co-signatures/<int:record_id>/", views.review, name="review"),
    path("organisation/billing/", views.settings, name="payer_rules"),
    path("organisation/billing/batches/", views.batches, name="batches"),
    path("organisation/billing/<str:kind>/new/", views.setting_edit, name="setting_new"),
    path("organisation/billing/<str:kind>/<int:item_id>/", views.setting_edit, name="setting_edit"),
]
