from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.my_journey, name="my_journey"),
    path("people/", views.my_people, name="my_people"),
    path("team/", views.team, name="team"),
    path("people/<int:client_id>/", views.client_overview, name="client_overview"),
]
