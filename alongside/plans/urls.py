from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("me/plan/", views.my_plan, name="my_plan"),
    path("me/plan/print/", views.plan_print, name="print"),
    path("me/plan/goals/new/", views.goal_new, name="goal_new"),
    path("me/plan/goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("me/plan/goals/<int:goal_id>/status/", views.goal_status, name="goal_status"),
    path("me/plan/goals/<int:goal_id>/ask/", views.goal_ask, name="goal_ask"),
    path("me/plan/goals/<int:goal_id>/steps/", views.step_add, name="step_add"),
    path("me/plan/goals/<int:goal_id>/history/", views.goal_history, name="goal_history"),
    path("me/plan/steps/<int:step_id>/edit/", views.step_edit, name="step_edit"),
    path("me/plan/steps/<int:step_id>/status/", views.step_status, name="step_status"),
    path("me/plan/steps/<int:step_id>/move/", views.step_move, name="step_move"),
    path("me/plan/history/<int:revision_id>/restore/", views.revision_restore, name="restore"),
    path("me/plan/suggestions/<int:suggestion_id>/", views.suggestion_decide, name="decide"),
    path("me/journal/", views.journal, name="journal"),
    path("me/journal/<int:entry_id>/privacy/", views.journal_privacy, name="journal_privacy"),
    path("people/<int:client_id>/plan/", views.supporter_plan, name="supporter_plan"),
    path("people/<int:client_id>/plan/suggest/", views.suggest, name="suggest"),
    path(
        "people/<int:client_id>/plan/milestones/<int:milestone_id>/encourage/",
        views.encourage,
        name="encourage",
    ),
]
