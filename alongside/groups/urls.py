from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.new_group, name="new_group"),
    path("groups/<int:group_id>/", views.group_detail, name="group"),
    path("groups/<int:group_id>/edit/", views.edit_group, name="edit_group"),
    path("groups/<int:group_id>/sessions/new/", views.new_session, name="new_session"),
    path("groups/sessions/<int:session_id>/", views.session_detail, name="session"),
    path("groups/sessions/<int:session_id>/edit/", views.edit_session, name="edit_session"),
    path("groups/sessions/<int:session_id>/attendance/", views.mark, name="mark_attendance"),
    path("groups/sessions/<int:session_id>/note/", views.group_note, name="group_note"),
    path("groups/attendance/<int:attendance_id>/notes/", views.individual_note, name="individual_note"),
    path(
        "groups/attendance/<int:attendance_id>/notes/<int:note_id>/edit/", views.edit_note, name="edit_individual_note"
    ),
    path(
        "groups/attendance/<int:attendance_id>/notes/<int:note_id>/share/",
        views.share_note,
        name="share_individual_note",
    ),
    path("me/groups/", views.my_groups, name="my_groups"),
    path("me/groups/milestones/", views.choose_milestones, name="choose_milestones"),
]
