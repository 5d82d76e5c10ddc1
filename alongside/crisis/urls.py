from django.urls import path

from . import views

app_name = "crisis"
urlpatterns = [
    path("me/help-now/", views.help_now, name="help_now"),
    path("me/crisis-plan/", views.edit, name="edit"),
    path("me/crisis-plan/history/", views.history, name="history"),
    path("me/crisis-plan/download/", views.download, name="download"),
    path("people/<int:client_id>/crisis-plan/", views.client_plan, name="client_plan"),
    path("organisation/crisis-lines/", views.lines, name="lines"),
    path("organisation/crisis-lines/<int:line_id>/", views.line_edit, name="line_edit"),
    path("organisation/crisis-lines/<int:line_id>/remove/", views.line_remove, name="line_remove"),
]
