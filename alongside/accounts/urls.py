from collections.abc import Callable
from typing import Any

from django.contrib.auth import views as auth_views
from django.http.response import HttpResponseBase
from django.urls import path, reverse_lazy
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import View

from . import views
from .forms import PasswordResetByLanguageForm, SignInForm

StrOrPromise = str | Promise


def form_page(
    view: type[View], title: StrOrPromise, button: StrOrPromise, intro: StrOrPromise = "", *, then: str, **options: Any
) -> Callable[..., HttpResponseBase]:
    """Django's password views, all rendered by one plain form page; ``then`` names the page that follows."""
    context = {"title": title, "button": button, "intro": intro}
    return view.as_view(
        template_name="core/form_page.html", extra_context=context, success_url=reverse_lazy(then), **options
    )


def message_page(view: type[View], title: StrOrPromise, text: StrOrPromise) -> Callable[..., HttpResponseBase]:
    return view.as_view(template_name="core/message_page.html", extra_context={"title": title, "text": text})


app_name = "accounts"
urlpatterns = [
    path(
        "account/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("account/logout/", views.SignOutView.as_view(), name="logout"),
    path("language/", views.choose_language, name="language"),
    path(
        "account/password/",
        form_page(
            auth_views.PasswordChangeView,
            _("Change your password"),
            _("Change password"),
            _("Your current password is needed so nobody else can change it."),
            then="accounts:password_change_done",
        ),
        name="password_change",
    ),
    path(
        "account/password/done/",
        message_page(
            auth_views.PasswordChangeDoneView,
            _("Your password has been changed"),
            _("You can keep using Alongside as usual."),
        ),
        name="password_change_done",
    ),
    path(
        "account/password/reset/",
        form_page(
            auth_views.PasswordResetView,
            _("Set a new password"),
            _("Send the link"),
            _("Enter your email address. If it belongs to an account, we will send a link to set a new password."),
            then="accounts:password_reset_done",
            form_class=PasswordResetByLanguageForm,
            subject_template_name="core/password_reset_subject.txt",  # Django's auth app has one by the usual name
        ),
        name="password_reset",
    ),
    path(
        "account/password/reset/sent/",
        message_page(
            auth_views.PasswordResetDoneView,
            _("Check your email"),
            _(
                "If the address belongs to an account, a link to set a new password is on its way. "
                "It works for one hour."
            ),
        ),
        name="password_reset_done",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        form_page(
            auth_views.PasswordResetConfirmView,
            _("Choose a new password"),
            _("Save new password"),
            then="accounts:password_reset_complete",
        ),
        name="password_reset_confirm",
    ),
    path(
        "account/password/reset/complete/",
        message_page(
            auth_views.PasswordResetCompleteView, _("Your new password is saved"), _("You can now sign in with it.")
        ),
        name="password_reset_complete",
    ),
    path("account/two-factor/", views.two_factor, name="two_factor"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/confirm-password/", views.confirm_password, name="confirm_password"),
    path("account/keepalive/", views.keepalive, name="keepalive"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("invite-someone/", views.invite_person, name="invite_person"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/people/<int:member_id>/", views.member_detail, name="member_detail"),
    path("organisation/people/<int:member_id>/deactivate/", views.deactivate_member, name="deactivate_member"),
    path("organisation/people/<int:member_id>/reactivate/", views.reactivate_member, name="reactivate_member"),
    path("organisation/invitations/", views.invitations, name="invitations"),
    path(
        "organisation/invitations/<int:invitation_id>/resend/",
        views.change_invitation,
        {"change": "resend"},
        name="resend_invitation",
    ),
    path(
        "organisation/invitations/<int:invitation_id>/cancel/",
        views.change_invitation,
        {"change": "cancel"},
        name="cancel_invitation",
    ),
    path(
        "organisation/people/<int:member_id>/assignments/<int:assignment_id>/end/",
        views.end_assignment,
        name="end_assignment",
    ),
]
