from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("supervision/", views.mine, name="my_supervision"),
    path("supervision/people/", views.supervising, name="supervising"),
    path("organisation/supervision/", views.arrange, name="arrange"),
    path("supervision/<int:pairing_id>/", views.space, name="space"),
    path("supervision/<int:pairing_id>/end/", views.end_pairing, name="end_pairing"),
    path("supervision/<int:pairing_id>/sessions/new/", views.new_session, name="new_session"),
    path("supervision/<int:pairing_id>/sessions/<int:session_id>/", views.session, name="session"),
    path("supervision/<int:pairing_id>/goals/new/", views.new_goal, name="new_goal"),
    path("supervision/<int:pairing_id>/goals/<int:goal_id>/", views.goal, name="goal"),
    path("supervision/<int:pairing_id>/indicators/", views.indicators, name="indicators"),
    path("supervision/<int:pairing_id>/indicators/share/", views.share, name="share"),
]
