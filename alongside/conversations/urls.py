from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("me/messages/", views.mine, name="mine"),
    path("me/messages/choices/", views.choices, name="choices"),
    path("me/messages/<int:message_id>/edit/", views.edit_mine, name="edit_mine"),
    path("me/messages/<int:message_id>/withdraw/", views.withdraw_mine, name="withdraw_mine"),
    path("people/<int:client_id>/messages/", views.client, name="client"),
    path("people/<int:client_id>/messages/<int:message_id>/edit/", views.edit_client, name="edit_client"),
    path("people/<int:client_id>/messages/<int:message_id>/withdraw/", views.withdraw_client, name="withdraw_client"),
]
