from django.urls import path

from . import views

app_name = "language"
urlpatterns = [
    path("language/hints/", views.hints, name="hints"),
    path("practice/", views.practice, name="practice"),
    path("practice/<slug:slug>/", views.practice_scenario, name="practice_scenario"),
]
