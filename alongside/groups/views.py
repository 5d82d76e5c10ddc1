"""Thin views for groups: parse the request, ask the policy, call an action, render.

Every page that shows who came is behind ``policy.roster_basis``, and each such showing is written to the
audit log under each attendee, with its basis, so they see it on "Who has seen my record". A client's page
(``my_groups``) shows their own attendance only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.language.sharing import CONFIRMED, Written, avoided_for, second_look
from alongside.meetings import actions as meeting_actions
from alongside.meetings.forms import NoteEditForm, NoteForm
from alongside.meetings.models import Note
from alongside.meetings.notices import saved_note, shared_with
from alongside.web import AuthenticatedRequest, acting_member

from . import actions, queries
from .forms import GroupForm, GroupNoteForm, SessionForm
from .models import Attendance, Group, GroupNote, Session, Status

SESSIONS_SHOWN = 20


def _group(request: HttpRequest, group_id: int) -> Group:
    """A group of the acting person's organisation, if they are staff; not found for anyone else."""
    return get_object_or_404(policy.organisation_groups(acting_member(request)), pk=group_id)


def _session(request: HttpRequest, session_id: int) -> Session:
    sessions = Session.objects.filter(group__in=policy.organisation_groups(acting_member(request)))
    return get_object_or_404(sessions.select_related("group"), pk=session_id)


def _running(request: HttpRequest, group: Group) -> Membership:
    actor = acting_member(request)
    if not policy.may_run_group(actor, group):
        raise Http404("No such group.")
    return actor


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    actor = acting_member(request)
    if not policy.can_see_groups(actor):
        raise Http404("No such page.")
    groups = (
        policy.organisation_groups(actor)
        .prefetch_related(
            Prefetch("facilitators", Membership.objects.select_related("user").order_by("user__display_name"))
        )
        .order_by("name", "pk")
    )
    context = {"groups": groups, "can_start_groups": policy.can_start_groups(actor)}
    return render(request, "groups/group_list.html", context)


@login_required
def new_group(request: HttpRequest) -> HttpResponse:
    actor = acting_member(request)
    if not policy.can_start_groups(actor):
        raise Http404("No such page.")
    form = GroupForm(request.POST or None, facilitators=policy.possible_facilitators(actor))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            group = actions.start_group(by=actor, request=request, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The group is started. Add its first session when you know the date."))
            return redirect("groups:group", group_id=group.pk)
    context = {"form": form, "title": gettext("Start a group"), "button": gettext("Start the group")}
    return render(request, "groups/group_form.html", context, status=400 if form.errors else 200)


@login_required
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group(request, group_id)
    actor = acting_member(request)
    sessions = group.sessions.order_by("-starts_at", "-pk")[:SESSIONS_SHOWN]
    context = {
        "group": group,
        "facilitators": group.facilitators.select_related("user").order_by("user__display_name"),
        "sessions": sessions,
        "may_run": policy.may_run_group(actor, group),
        "may_see_roster": policy.may_see_roster(actor, group),
    }
    return render(request, "groups/group_detail.html", context)


@login_required
def edit_group(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group(request, group_id)
    actor = _running(request, group)
    chooses = policy.can_start_groups(actor)
    initial = {
        "name": group.name,
        "kind": group.kind,
        "usual_time": group.usual_time,
        "usual_place": group.usual_place,
        "facilitators": list(group.facilitators.all()),
    }
    form = GroupForm(
        request.POST or None, initial=initial, facilitators=policy.possible_facilitators(actor) if chooses else None
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("submission_key", None)
        try:
            actions.edit_group(group, by=actor, request=request, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The group's details are saved."))
            return redirect("groups:group", group_id=group.pk)
    title = gettext("Change %(group)s") % {"group": group.name}
    context = {"form": form, "group": group, "title": title, "button": gettext("Save")}
    return render(request, "groups/group_form.html", context, status=400 if form.errors else 200)


@login_required
def new_session(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group(request, group_id)
    actor = _running(request, group)
    form = SessionForm(request.POST or None, initial={"day": timezone.localdate(), "place": group.usual_place})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = actions.add_session(
                group,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                topic=data["topic"],
                by=actor,
                submission_key=data["submission_key"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The session is added. Take attendance here."))
            return redirect("groups:session", session_id=session.pk)
    title = gettext("Add a session of %(group)s") % {"group": group.name}
    context = {"form": form, "group": group, "title": title, "button": gettext("Add the session")}
    return render(request, "groups/session_form.html", context, status=400 if form.errors else 200)


@login_required
def edit_session(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    actor = _running(request, session.group)
    local = timezone.localtime(session.starts_at)
    initial = {
        "day": local.date(),
        "starts": local.time(),
        "ends": timezone.localtime(session.ends_at).time(),
        "place": session.place,
        "topic": session.topic,
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit_session(
                session,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                topic=data["topic"],
                by=actor,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The session is saved."))
            return redirect("groups:session", session_id=session.pk)
    title, button = gettext("Change this session"), gettext("Save")
    context = {"form": form, "group": session.group, "title": title, "button": button}
    return render(request, "groups/session_form.html", context, status=400 if form.errors else 200)


def _audit_roster(request: HttpRequest, actor: Membership, session: Session, shown: list[Attendance]) -> None:
    """Who came is part of each attendee's record: showing it is a read of each, with its basis."""
    basis = policy.roster_basis(actor, session.group)
    if basis is None or not shown:
        return
    with transaction.atomic():
        for attendance in shown:
            record(
                organisation=actor.organisation,
                actor=actor.user,
                action=AuditAction.READ_GROUP_ROSTER,
                client=attendance.client,
                target=f"session:{session.pk}",
                detail=basis.detail(),
                request=request,
            )


def _rows(actor: Membership, session: Session) -> list[tuple[Membership, Attendance | None]]:
    """Everyone marked at this session, then (for whoever runs it) the group's regulars not marked yet."""
    marked = list(
        policy.session_attendance(actor, session).select_related("client__user").order_by("client__user__display_name")
    )
    rows: list[tuple[Membership, Attendance | None]] = [(a.client, a) for a in marked]
    seen = {a.client_id for a in marked}
    regulars = queries.regulars(actor, session).select_related("user").order_by("user__display_name")
    rows += [(member, None) for member in regulars if member.pk not in seen]
    return rows


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    actor = acting_member(request)
    if not policy.may_see_roster(actor, session.group):
        raise Http404("No such session.")
    may_run = policy.may_run_group(actor, session.group)
    rows = _rows(actor, session)
    _audit_roster(request, actor, session, [a for _, a in rows if a is not None])
    marked = {member.pk for member, attendance in rows}
    others = policy.attendance_candidates(actor, session).exclude(pk__in=marked).select_related("user")
    note = GroupNote.objects.filter(session=session).first()
    context: dict[str, Any] = {
        "session": session,
        "group": session.group,
        "rows": rows,
        "others": others.order_by("user__display_name"),
        "statuses": Status.choices,
        "may_run": may_run,
        "facilitates": policy.facilitates(actor, session.group),
        "group_note": note,
    }
    return render(request, "groups/session_detail.html", context)


@login_required
@require_POST
def mark(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """One tap: present, left early or absent for one person. With htmx, only their row comes back."""
    session = _session(request, session_id)
    actor = _running(request, session.group)
    client = get_object_or_404(policy.attendance_candidates(actor, session), pk=request.POST.get("client") or 0)
    try:
        attendance = actions.mark_attendance(session, client, request.POST.get("status", ""), by=actor, request=request)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(error.messages[0], status=400)
        messages.error(request, error.messages[0])
        return redirect("groups:session", session_id=session.pk)
    if request.htmx:
        context = {
            "session": session,
            "member": client,
            "attendance": attendance,
            "statuses": Status.choices,
            "may_run": True,
            "facilitates": policy.facilitates(actor, session.group),
        }
        return render(request, "groups/_attendance_row.html", context)
    marked = {"name": client.user.display_name, "status": attendance.get_status_display().lower()}
    messages.success(request, gettext("%(name)s: %(status)s.") % marked)
    return redirect("groups:session", session_id=session.pk)


@login_required
def group_note(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    actor = _running(request, session.group)
    note = GroupNote.objects.filter(session=session).first()
    initial = {"body": note.body, "version": note.version} if note else {}
    form = GroupNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_ready(shares=False):  # the group note is not shared with anyone
        try:
            actions.write_group_note(
                session,
                form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
                by=actor,
                request=request,
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, gettext("The group note is saved."))
            return redirect("groups:session", session_id=session.pk)
    context = {"session": session, "group": session.group, "form": form}
    return render(request, "groups/group_note.html", context, status=400 if form.errors else 200)


def _attendance_to_write_about(request: HttpRequest, attendance_id: int) -> tuple[Attendance, Membership]:
    actor = acting_member(request)
    sessions = Session.objects.filter(group__in=policy.organisation_groups(actor))
    attendance = get_object_or_404(
        Attendance.objects.select_related("session__group", "client__user", "client__organisation"),
        pk=attendance_id,
        session__in=sessions,
    )
    if not policy.may_write_individual_note(actor, attendance):
        raise Http404("No such person.")
    return attendance, actor


def _individual_page(
    request: HttpRequest, attendance: Attendance, actor: Membership, form: NoteForm, status: int = 200
) -> HttpResponse:
    notes = (
        Note.objects.filter(meeting_id=attendance.meeting_id, author=actor).order_by("created_at")
        if attendance.meeting_id
        else Note.objects.none()
    )
    context = {
        "attendance": attendance,
        "session": attendance.session,
        "client": attendance.client,
        "notes": notes,
        "form": form,
    }
    return render(request, "groups/individual_note.html", context, status=status)


@login_required
def individual_note(request: HttpRequest, attendance_id: int) -> HttpResponse:
    """A facilitator's own notes about one attendee (drafts until shared), and a form for another."""
    attendance, actor = _attendance_to_write_about(request, attendance_id)
    form = NoteForm(request.POST or None, client=attendance.client)
    if request.method == "POST" and form.is_ready(shares=False):  # a draft: only its author sees it
        data = form.cleaned_data
        try:
            actions.write_individual_note(
                attendance, data["body"], by=actor, submission_key=data["submission_key"], request=request
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, gettext("Your note is saved as a draft. Only you can see it until you share it."))
            return redirect("groups:individual_note", attendance_id=attendance.pk)
    return _individual_page(request, attendance, actor, form, 400 if form.errors else 200)


@login_required
@require_POST
def share_note(request: HttpRequest, attendance_id: int, note_id: int) -> HttpResponse:
    """Share a draft about one attendee with them, after the same second look as any meeting note."""
    attendance, actor = _attendance_to_write_about(request, attendance_id)
    note = get_object_or_404(Note, pk=note_id, meeting_id=attendance.meeting_id, author=actor)
    client = attendance.client
    look = second_look([Written(gettext("Your note"), note.body)], request.POST.get(CONFIRMED, ""), avoided_for(client))
    if look is not None and not note.is_published:
        context = {"attendance": attendance, "client": client, "note": note, "look": look}
        return render(request, "groups/share_note.html", context)
    try:
        meeting_actions.publish_note(note, by=actor, request=request)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, shared_with(client))
    return redirect("groups:individual_note", attendance_id=attendance.pk)


@login_required
def my_groups(request: HttpRequest) -> HttpResponse:
    """The groups the client took part in (their own attendance, never who else came), and their choice whether
    the sessions count as milestones."""
    actor = acting_member(request)
    if not policy.has_own_record(actor):
        raise Http404("No such page.")
    context = {
        "attendance": queries.my_attendance(actor),
        "counts_sessions": queries.counts_sessions_as_milestones(actor),
        "may_choose_milestones": policy.may_choose_attendance_milestones(actor, actor),
    }
    return render(request, "groups/my_groups.html", context)


@login_required
@require_POST
def choose_milestones(request: HttpRequest) -> HttpResponse:
    """The client says yes or no to counting their group sessions as milestones; an unclear answer changes nothing."""
    actor = acting_member(request)
    if not policy.may_choose_attendance_milestones(actor, actor):
        raise Http404("No such page.")
    answer = request.POST.get("counts_sessions")
    if answer not in ("yes", "no"):
        messages.error(request, gettext("Please choose yes or no. Your choice is as it was."))
        return redirect("groups:my_groups")
    actions.choose_attendance_milestones(actor, answer == "yes", by=actor, request=request)
    if answer == "yes":
        messages.success(request, gettext("Your group sessions now count as milestones, on My journey and My plan."))
    else:
        messages.success(
            request, gettext("Your group sessions no longer count as milestones. Your attendance stays as it is.")
        )
    return redirect("groups:my_groups")


@login_required
def edit_note(request: HttpRequest, attendance_id: int, note_id: int) -> HttpResponse:
    """Change one's own note about an attendee; a shared note keeps its earlier wording (meetings.actions)."""
    attendance, actor = _attendance_to_write_about(request, attendance_id)
    note = get_object_or_404(Note, pk=note_id, meeting_id=attendance.meeting_id, author=actor)
    client = attendance.client
    form = NoteEditForm(request.POST or None, initial={"body": note.body, "version": note.version}, client=client)
    if request.method == "POST" and form.is_ready(shares=note.is_published):
        data = form.cleaned_data
        try:
            meeting_actions.edit_note(note, data["body"], expected_version=data["version"], by=actor, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved_note(note))
            return redirect("groups:individual_note", attendance_id=attendance.pk)
    context = {"attendance": attendance, "client": client, "note": note, "form": form}
    return render(request, "groups/edit_note.html", context, status=400 if form.errors else 200)
