from django.urls import path

from . import views

urlpatterns = [
    path("language/hints/", views.hints, name="language_hints"),
    path("practice/", views.practice, name="practice"),
    path("practice/<slug:slug>/", views.practice_scenario, name="practice_scenario"),
]
