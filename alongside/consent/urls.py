from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("me/sharing/", views.sharing, name="sharing"),
    path("me/sharing/<int:consent_id>/", views.consent_form, name="consent_form"),
    path("me/sharing/<int:consent_id>/stop/", views.revoke_consent, name="revoke_consent"),
    path("me/record-views/", views.who_has_seen, name="who_has_seen"),
    path("me/record-views/download/", views.who_has_seen_csv, name="who_has_seen_csv"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data/download/", views.my_data_download, name="my_data_download"),
    path("me/data/readable/", views.readable_record, name="readable_record"),
    path("me/close/", views.close_account, name="close_account"),
    path("shared/", views.shared_with_me, name="shared_with_me"),
    path("shared/<int:client_id>/", views.shared_record, name="shared_record"),
    path("shared/<int:client_id>/download/", views.shared_download, name="shared_download"),
    path("team/emergency-access/", views.break_glass, name="break_glass"),
    path("team/emergency-access/<int:opening_id>/end/", views.end_break_glass, name="end_break_glass"),
    path("organisation/emergency-access/", views.break_glass_review, name="break_glass_review"),
    path("organisation/emergency-access/<int:opening_id>/", views.break_glass_opening, name="break_glass_opening"),
]
