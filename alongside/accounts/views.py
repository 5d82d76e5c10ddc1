"""Thin views: parse the request, ask the policy, call an action, render. No rules live here."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, QuerySet, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside import policy
from alongside.consent.recipients import shared_with
from alongside.core.links import links
from alongside.web import AuthenticatedRequest, acting

from . import actions, reauth
from .actions import language, offboarding
from .actions import two_factor as two_step
from .backends import BACKEND
from .forms import (
    AssignmentForm,
    HandoverForm,
    InvitationForm,
    PasswordConfirmForm,
    SetPasswordOnAcceptForm,
    TokenForm,
)
from .middleware import TWO_FACTOR_ON_KEY, note_activity
from .models import Assignment, Invitation, Membership, Role
from .qr import qr_svg

MEMBERS_PER_PAGE = 50
PLURAL = {
    Role.CLIENT: gettext_lazy("clients"),
    Role.SUPPORTER: gettext_lazy("peer supporters"),
    Role.SUPERVISOR: gettext_lazy("supervisors"),
    Role.ADMIN: gettext_lazy("organisation admins"),
}


def _safe_next(request: HttpRequest, default: str = "home:home") -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The footer's language buttons, signed in or not: the choice is kept in a cookie for this browser and, for a
    signed-in person, with their account, then the same page comes back in that language."""
    code = request.POST.get("language", "")
    if not language.is_offered(code):
        return HttpResponseBadRequest(_("Please choose one of the languages offered."))
    if request.user.is_authenticated:
        language.choose_language(request.user, code, request=request)
    response = redirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response


@login_required
@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Pressed from the idle warning: resets the idle clock."""
    note_activity(request, time.time(), always=True)
    return HttpResponse(status=204)


def _check_code(request: HttpRequest, form: TokenForm, device: TOTPDevice) -> Device | None:
    """The device that accepted the code (now used up), or None with the reason on the form."""
    member = acting(request)
    if form.recovery:
        recovery = StaticDevice.objects.filter(user=request.user).first()
        if recovery is not None and not recovery.verify_is_allowed()[0]:
            form.add_error("token", _("There were several wrong codes in a row. Please wait a minute, then try again."))
            return None
        used = two_step.use_recovery_code(member, form.cleaned_data["token"], request=request) if member else None
        if used is None:
            form.add_error("token", _("That recovery code did not work. Each code works once; please try another."))
        return used
    if not device.verify_is_allowed()[0]:
        form.add_error("token", _("There were several wrong codes in a row. Please wait a minute, then try again."))
        return None
    if not device.verify_token(form.cleaned_data["token"]):
        form.add_error("token", _("That code did not work. Codes change every 30 seconds; please try the newest one."))
        return None
    return device


@login_required
def two_factor(request: AuthenticatedRequest) -> HttpResponse:
    """Check a code (or a recovery code), setting up an authenticator first if the person has none."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up and not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request)  # a new second factor is a change to how this account signs in
    if not setting_up and request.user.is_verified():  # type: ignore[attr-defined]
        return _two_factor_status(request)
    if setting_up:
        device = two_step.start_two_factor(request.user, request=request)
    recovery = not setting_up and request.GET.get("with") == "recovery-code"
    form = TokenForm(request.POST or None, recovery=recovery)
    if request.method == "POST" and form.is_valid() and (passed := _check_code(request, form, device)):
        if setting_up:
            two_step.turn_on_two_factor(device, user=request.user, request=request)
        otp_login(request, passed)
        request.session[TWO_FACTOR_ON_KEY] = True
        if setting_up:
            messages.success(
                request, _("Two-step sign-in is on. Now make recovery codes, in case you lose your phone.")
            )
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': _safe_next(request, '/')})}")
        return redirect(_safe_next(request))
    context = {"form": form, "setting_up": setting_up, "recovery": recovery, "next": _safe_next(request, "")}
    if setting_up:
        context |= {"qr": qr_svg(device.config_url), "secret": b32encode(device.bin_key).decode()}
    return render(request, "registration/two_factor.html", context)


def _two_factor_status(request: HttpRequest) -> HttpResponse:
    left = two_step.recovery_codes_left(request.user)  # type: ignore[arg-type]
    return render(request, "registration/two_factor_status.html", {"left": left, "next": _safe_next(request, "")})


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once. Only after the second step and a fresh password."""
    member = acting(request)
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if member is None or not has_device or not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:two_factor")
    if not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request)
    if request.method != "POST":
        left = two_step.recovery_codes_left(request.user)  # type: ignore[arg-type]
        return render(request, "registration/recovery_codes.html", {"left": left})
    codes = two_step.make_recovery_codes(member, request=request)
    shown = ["-".join(code[i : i + 4] for i in range(0, len(code), 4)) for code in codes]
    return render(request, "registration/recovery_codes.html", {"codes": shown})


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """In the language the invitation was sent in, until the newcomer chooses one in the footer."""
    try:
        invitation = actions.find_open_invitation(token)
    except ValidationError as error:
        return render(request, "accounts/invitation_problem.html", {"problem": error.messages[0]}, status=410)
    if invitation.language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        with translation.override(invitation.language):
            request.LANGUAGE_CODE = invitation.language
            return _accept_invitation(request, token, invitation)
    return _accept_invitation(request, token, invitation)


def _accept_invitation(request: HttpRequest, token: str, invitation: Invitation) -> HttpResponse:
    form = SetPasswordOnAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.accept_invitation(token, password=form.cleaned_data["password1"], request=request)
        except ValidationError as error:
            return render(request, "accounts/invitation_problem.html", {"problem": error.messages[0]}, status=410)
        login(request, membership.user, backend=BACKEND)
        messages.success(request, _("Welcome to %(organisation)s.") % {"organisation": invitation.organisation})
        return redirect("home:home")
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form})


@login_required
def invite_person(request: HttpRequest) -> HttpResponse:
    membership = acting(request)
    allowed = [role for role in Role.values if policy.can_invite(membership, role)]
    if membership is None or not allowed:
        raise Http404
    form = InvitationForm(request.POST or None, allowed_roles=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.invite(
                membership.organisation,
                email=data["email"],
                display_name=data["display_name"],
                role=data["role"],
                by=membership,
                request=request,
                language=data["language"],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("We sent an invitation to %(email)s.") % {"email": data["email"]})
            return redirect("home:home")
    return render(request, "accounts/invite.html", {"form": form})


def _organisation_member(request: HttpRequest, member_id: int) -> tuple[Membership, Membership]:
    admin = acting(request)
    if not policy.can_manage_organisation(admin):
        raise Http404
    member = get_object_or_404(policy.organisation_members(admin).select_related("user", "organisation"), pk=member_id)
    return admin, member


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    admin = acting(request)
    if not policy.can_manage_organisation(admin):
        raise Http404
    role = request.GET.get("role", "")
    chosen = role if role in Role.values else ""
    people = policy.organisation_members(admin)
    counts = _counts_by_role(people)
    supported_now = Q(supporter_assignments__ended_at__isnull=True)  # a client's peer supporters now; none for staff
    members = (
        (people.filter(role=chosen) if chosen else people)
        .values_list("pk", "user__display_name", "role", "is_active")
        .annotate(
            open_assignments=Case(When(role=Role.CLIENT, then=Count("supporter_assignments", filter=supported_now)))
        )
        .order_by("role", "user__display_name", "pk")
    )
    paginator = Paginator(members, MEMBERS_PER_PAGE)
    paginator.count = sum(n for (value, _), n in counts.items() if value == chosen or not chosen)  # known already
    page = paginator.get_page(request.GET.get("page"))
    role_counts = [(PLURAL[Role(value)], counts.get((value, True), 0)) for value in Role.values]
    pending = policy.pending_invitations(admin).count()
    return render(
        request,
        "accounts/organisation.html",
        {
            "page": page,
            "rows": _member_rows(page),
            "role_counts": role_counts,
            "roles": Role.choices,
            "role": role,
            "pending": pending,
            "shared": shared_with(admin),
        },
    )


def _counts_by_role(people: QuerySet[Membership]) -> dict[tuple[str, bool], int]:
    """How many people have each role, by whether their access goes on: the figures above the list (active only)
    and the number of its pages (everyone listed), in one small query rather than a COUNT over the list's rows."""
    counted = people.values("role", "is_active").annotate(n=Count("pk")).values_list("role", "is_active", "n")
    return {(role, active): n for role, active, n in counted}


def _member_rows(page: Page[tuple[int, str, str, bool, int | None]]) -> list[tuple[str, str, str, int | None, str]]:
    """Each person on the page as the table shows them: the link to their page, their name, role, how many peer
    supporters walk alongside them now (None for staff) and whether their access has ended. Worked out here once
    per page: the template's lookups per row (a link, the role's label, two words) cost more than the queries."""
    listed = list(page.object_list)
    link = links("accounts:member_detail", [pk for pk, *_ in listed])
    role_names = {value: str(label) for value, label in Role.choices}
    status = {True: _("Active"), False: _("Access ended")}
    return [
        (link[pk], name, role_names[role], supporters, status[active]) for pk, name, role, active, supporters in listed
    ]


@login_required
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    admin, member = _organisation_member(request, member_id)
    form = AssignmentForm(request.POST or None, supporters=policy.assignable_supporters(admin))
    can_match = policy.can_match_with_supporter(admin, member)
    if request.method == "POST" and can_match and form.is_valid():
        try:
            actions.assign(member, form.cleaned_data["supporter"], by=request.user, request=request)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error("supporter", error)
        else:
            messages.success(
                request,
                _("%(supporter)s now walks alongside %(client)s.")
                % {"supporter": form.cleaned_data["supporter"].user, "client": member.user},
            )
            return redirect("accounts:member_detail", member_id=member.pk)
    history = (
        Assignment.objects.filter(Q(client=member) | Q(supporter=member))
        .select_related("client__user", "supporter__user", "started_by", "ended_by")
        .order_by("-started_at")
    )
    context = {
        "member": member,
        "form": form,
        "history": history,
        "can_match": can_match,
        "can_deactivate": policy.can_deactivate(admin, member),
        "can_reactivate": policy.can_reactivate(admin, member),
    }
    return render(request, "accounts/member_detail.html", context)


@login_required
@require_POST
def end_assignment(request: HttpRequest, member_id: int, assignment_id: int) -> HttpResponse:
    _admin, member = _organisation_member(request, member_id)
    assignment = get_object_or_404(Assignment.objects.filter(Q(client=member) | Q(supporter=member)), pk=assignment_id)
    try:
        actions.end_assignment(assignment, by=request.user, request=request)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The assignment has ended. It stays in the history below."))
    return redirect("accounts:member_detail", member_id=member.pk)


def _leaving_clients(member: Membership) -> list[Membership]:
    """The clients a leaving supporter walks alongside now: each needs someone to take them on."""
    return list(
        Membership.objects.filter(supporter_assignments__supporter=member, supporter_assignments__ended_at__isnull=True)
        .select_related("user")
        .order_by("user__display_name")
    )


def _handed(ended: offboarding.AccessEnded, clients: list[Membership]) -> str:
    """'Handed over: 1 of 2 (…)' for the admin's confirmation; nothing when there was nobody to hand over."""
    if not clients:
        return ""
    numbers = {"handed": len(ended.handed_over), "all": len(clients)}
    if len(ended.handed_over) < len(clients):
        return (
            " "
            + _("Handed over: %(handed)s of %(all)s (the others wait for a new match). Each of them was told.")
            % numbers
        )
    return " " + _("Handed over: %(handed)s of %(all)s. Each of them was told.") % numbers


@login_required
def deactivate_member(request: HttpRequest, member_id: int) -> HttpResponse:
    """End someone's access, choosing who takes on each of their clients."""
    admin, member = _organisation_member(request, member_id)
    if not policy.can_deactivate(admin, member):
        raise Http404
    clients = _leaving_clients(member)
    takers = policy.handover_supporters(admin, member)
    form = HandoverForm(request.POST if request.method == "POST" else None, takers=takers, clients=clients)
    if request.method == "POST" and form.is_valid():
        try:
            ended = offboarding.deactivate_member(member, by=admin, takers=form.takers_by_client(), request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s no longer has access.") % {"name": member.user.display_name} + _handed(ended, clients),
            )
            return redirect("accounts:member_detail", member_id=member.pk)
    tokens = member.api_tokens.filter(revoked_at__isnull=True).count()
    context = {
        "member": member,
        "form": form,
        "clients": clients,
        "tokens": tokens,
        "member_has_record": policy.has_own_record(member),
        "member_sees_dashboards": policy.can_view_dashboards(member),
        "member_may_break_glass": policy.can_break_glass(member),
    }
    return render(request, "accounts/deactivate.html", context)


@login_required
@require_POST
def reactivate_member(request: HttpRequest, member_id: int) -> HttpResponse:
    admin, member = _organisation_member(request, member_id)
    try:
        offboarding.reactivate_member(member, by=admin, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s can sign in again. Matches and API tokens stay ended.") % {"name": member.user.display_name},
        )
    return redirect("accounts:member_detail", member_id=member.pk)


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    admin = acting(request)
    if not policy.can_manage_invitations(admin):
        raise Http404
    pending = policy.pending_invitations(admin).select_related("invited_by").order_by("expires_at")
    page = Paginator(pending, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/invitations.html", {"page": page, "days": settings.INVITATION_VALID_DAYS})


@login_required
@require_POST
def change_invitation(request: HttpRequest, invitation_id: int, change: str) -> HttpResponse:
    """Resend (a new link, a new time limit) or cancel a pending invitation."""
    admin = acting(request)
    if not policy.can_manage_invitations(admin):
        raise Http404
    invitation = get_object_or_404(policy.organisation_invitations(admin), pk=invitation_id)
    try:
        if change == "resend":
            actions.resend_invitation(invitation, by=admin, request=request)
            messages.success(
                request,
                _("We sent a new invitation link to %(email)s. The old link no longer works.")
                % {"email": invitation.email},
            )
        else:
            actions.cancel_invitation(invitation, by=admin, request=request)
            messages.success(
                request,
                _("The invitation for %(email)s is cancelled. Its link no longer works.") % {"email": invitation.email},
            )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("accounts:invitations")


@login_required
def confirm_password(request: HttpRequest) -> HttpResponse:
    """'Sudo mode': the password again before a download or another sensitive step (see reauth.py)."""
    form = PasswordConfirmForm(request.POST if request.method == "POST" else None)
    target = _safe_next(request, "/")
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=request.user.email, password=form.cleaned_data["password"])  # type: ignore[union-attr]
        if user is not None and user.pk == request.user.pk:
            reauth.mark_confirmed(request)
            return redirect(target)
        form.add_error("password", _("That password is not right. Please try again."))
    return render(request, "accounts/confirm_password.html", {"form": form, "next": target})


class SignOutView(auth_views.LogoutView):
    """Sign out, and tell the browser to remove what Alongside kept on this device: the app's service worker and
    its copies, and any draft not yet sent (docs/phone-app.md). Pages are never cached (no-store) in the first place.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
