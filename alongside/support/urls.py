from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("me/how-i-want-to-be-supported/", views.mine, name="my_support"),
    path("me/how-i-want-to-be-supported/edit/", views.edit, name="edit_support"),
    path("me/how-i-want-to-be-supported/history/", views.history, name="support_history"),
    path("people/<int:client_id>/how-they-want-to-be-supported/", views.client_page, name="client_support"),
]
