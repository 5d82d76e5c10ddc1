from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import SignInForm

urlpatterns = [
    path(
        "account/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("account/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("account/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "account/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/keepalive/", views.keepalive, name="keepalive"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("invite-someone/", views.invite_person, name="invite_person"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/people/<int:member_id>/", views.member_detail, name="member_detail"),
    path(
        "organisation/people/<int:member_id>/assignments/<int:assignment_id>/end/",
        views.end_assignment,
        name="end_assignment",
    ),
]
