from django.urls import path

from . import views

app_name = "worklist"
urlpatterns = [
    path("people/<int:client_id>/signals/set-aside/", views.dismiss, name="dismiss"),
    path("organisation/worklist/", views.settings, name="settings"),
]
