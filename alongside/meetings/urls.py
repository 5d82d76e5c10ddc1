from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("people/<int:client_id>/meetings/", views.meeting_list, name="list"),
    path("people/<int:client_id>/meetings/new/", views.record_meeting, name="record"),
    path("people/<int:client_id>/meetings/<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("people/<int:client_id>/meetings/<int:meeting_id>/notes/", views.write_note, name="write_note"),
    path("people/<int:client_id>/notes/<int:note_id>/edit/", views.edit_note, name="edit_note"),
    path("people/<int:client_id>/notes/<int:note_id>/share/", views.publish_note, name="publish_note"),
    path("people/<int:client_id>/notes/<int:note_id>/view/", views.add_perspective, name="add_perspective"),
    path("people/<int:client_id>/notes/<int:note_id>/correction/", views.request_correction, name="request_correction"),
    path("people/<int:client_id>/corrections/<int:amendment_id>/", views.answer_correction, name="answer_correction"),
]
