from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("people/<int:client_id>/check-ins/", views.checkins, name="checkins"),
    path("people/<int:client_id>/check-ins/<int:checkin_id>/", views.answer, name="answer"),
    path("people/<int:client_id>/check-ins/<int:checkin_id>/skip/", views.skip, name="skip"),
    path("people/<int:client_id>/prompts/<int:prompt_id>/", views.respond, name="respond"),
    path("organisation/check-ins/", views.definitions, name="definitions"),
]
