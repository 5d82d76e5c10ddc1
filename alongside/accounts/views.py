"""Thin views: parse the request, ask the policy, call an action, render. No rules live here."""

from __future__ import annotations

import time
from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside import policy
from alongside.core.views import acting

from . import actions, reauth
from .forms import AssignmentForm, InvitationForm, PasswordConfirmForm, SetPasswordOnAcceptForm, TokenForm
from .middleware import note_activity
from .models import Assignment, Invitation, Membership, Role
from .qr import qr_svg

MEMBERS_PER_PAGE = 50
PLURAL = {
    Role.CLIENT: "clients",
    Role.SUPPORTER: "peer supporters",
    Role.SUPERVISOR: "supervisors",
    Role.ADMIN: "organisation admins",
}


def _safe_next(request: HttpRequest, default: str = "home") -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Pressed from the idle warning: resets the idle clock."""
    note_activity(request, time.time(), always=True)
    return HttpResponse(status=204)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Check a code from an authenticator app, setting one up first if the person has none."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up and not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request)  # a new second factor is a change to how this account signs in
    if setting_up:
        device = actions.start_two_factor(request.user, request=request)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", "There were several wrong codes in a row. Please wait a minute, then try again.")
        elif device.verify_token(form.cleaned_data["token"]):
            if setting_up:
                actions.confirm_two_factor(device, user=request.user, request=request)  # type: ignore[arg-type]
            otp_login(request, device)
            return redirect(_safe_next(request))
        else:
            form.add_error("token", "That code did not work. Codes change every 30 seconds; please try the newest one.")
    context = {"form": form, "setting_up": setting_up, "next": _safe_next(request, "")}
    if setting_up:
        context |= {"qr": qr_svg(device.config_url), "secret": b32encode(device.bin_key).decode()}
    return render(request, "registration/two_factor.html", context)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = actions.find_open_invitation(token)
    except ValidationError as error:
        return render(request, "accounts/invitation_problem.html", {"problem": error.messages[0]}, status=410)
    form = SetPasswordOnAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.accept_invitation(token, password=form.cleaned_data["password1"], request=request)
        except ValidationError as error:
            return render(request, "accounts/invitation_problem.html", {"problem": error.messages[0]}, status=410)
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to {invitation.organisation}.")
        return redirect("home")
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
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, f"We sent an invitation to {data['email']}.")
            return redirect("home")
    return render(request, "accounts/invite.html", {"form": form})


def _organisation_member(request: HttpRequest, member_id: int) -> tuple[Membership, Membership]:
    admin = acting(request)
    if not policy.can_manage_organisation(admin):
        raise Http404
    member = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=member_id, organisation_id=admin.organisation_id
    )
    return admin, member


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    admin = acting(request)
    if not policy.can_manage_organisation(admin):
        raise Http404
    members = (
        Membership.objects.filter(organisation_id=admin.organisation_id)
        .select_related("user")
        .annotate(
            open_assignments=Count("supporter_assignments", filter=Q(supporter_assignments__ended_at__isnull=True))
        )
        .order_by("role", "user__display_name")
    )
    role = request.GET.get("role", "")
    if role in Role.values:
        members = members.filter(role=role)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    counts = dict(
        Membership.objects.filter(organisation_id=admin.organisation_id, is_active=True)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    role_counts = [(PLURAL[Role(value)], counts.get(value, 0)) for value in Role.values]
    pending = Invitation.objects.filter(organisation_id=admin.organisation_id, accepted_at__isnull=True).count()
    return render(
        request,
        "accounts/organisation.html",
        {"page": page, "role_counts": role_counts, "roles": Role.choices, "role": role, "pending": pending},
    )


@login_required
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    admin, member = _organisation_member(request, member_id)
    form = AssignmentForm(request.POST or None, organisation_id=admin.organisation_id)
    if request.method == "POST" and member.role == Role.CLIENT and form.is_valid():
        try:
            actions.assign(member, form.cleaned_data["supporter"], by=request.user, request=request)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error("supporter", error)
        else:
            messages.success(request, f"{form.cleaned_data['supporter'].user} now walks alongside {member.user}.")
            return redirect("member_detail", member_id=member.pk)
    history = (
        Assignment.objects.filter(Q(client=member) | Q(supporter=member))
        .select_related("client__user", "supporter__user", "started_by", "ended_by")
        .order_by("-started_at")
    )
    return render(request, "accounts/member_detail.html", {"member": member, "form": form, "history": history})


@login_required
@require_POST
def end_assignment(request: HttpRequest, member_id: int, assignment_id: int) -> HttpResponse:
    _, member = _organisation_member(request, member_id)
    assignment = get_object_or_404(Assignment.objects.filter(Q(client=member) | Q(supporter=member)), pk=assignment_id)
    try:
        actions.end_assignment(assignment, by=request.user, request=request)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The assignment has ended. It stays in the history below.")
    return redirect("member_detail", member_id=member.pk)


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
        form.add_error("password", "That password is not right. Please try again.")
    return render(request, "accounts/confirm_password.html", {"form": form, "next": target})
