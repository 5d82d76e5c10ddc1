"""Thin views for meetings and shared notes: parse the request, ask the policy, call an action, render.

Supporters and the client use the same pages; the client's own pages reach them through the same
policy gateway with their own id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from alongside import policy
from alongside.accounts.models import Membership
from alongside.billing.queries import record_of
from alongside.language.coach import coach_many
from alongside.language.sharing import CONFIRMED, Written, avoided_for, second_look
from alongside.plans.queries import goals_to_link
from alongside.policy import Area, Verb
from alongside.support import glance
from alongside.web import acting_member

from . import actions, queries
from .forms import AnswerCorrectionForm, CorrectionForm, MeetingForm, NoteEditForm, NoteForm, PerspectiveForm
from .models import AmendmentRequest, Meeting, Note, NoteRevision, NoteStatus, current_supporters
from .notices import saved_note, shared_with

MEETINGS_PER_PAGE = 25


def _note(request: HttpRequest, client: Membership, note_id: int) -> Note:
    """A note the acting person may see: shared ones, or their own draft. Anything else is not found."""
    notes = Note.objects.filter(policy.visible_notes(acting_member(request))).select_related(
        "meeting", "client__organisation"
    )
    return get_object_or_404(notes, pk=note_id, client=client)


def _meetings_page(meetings: QuerySet[Meeting], number: str | None) -> Page:
    """The page of meetings asked for. The first page is read with one row more than a page, which says
    whether there are other pages: for a short list (most people's) the paginator's COUNT is not run at all,
    and for a longer one only the COUNT, for the number of pages, not the first page's rows again."""
    if number not in (None, "", "1"):
        return Paginator(meetings, MEETINGS_PER_PAGE).get_page(number)
    first = list(meetings[: MEETINGS_PER_PAGE + 1])
    if len(first) <= MEETINGS_PER_PAGE:
        return Paginator(first, MEETINGS_PER_PAGE).page(1)
    return Page(first[:MEETINGS_PER_PAGE], 1, Paginator(meetings, MEETINGS_PER_PAGE))


@login_required
def meeting_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.READ, Area.MEETINGS)
    actor = acting_member(request)
    is_self = actor.pk == client.pk
    visible = policy.visible_notes(actor, via="notes__")
    meetings = (
        Meeting.objects.filter(client=client)
        .select_related("supporter__user")
        .annotate(note_count=Count("notes", filter=visible), has_new=queries.has_new_notes())
        .order_by("-held_at", "-pk")
    )
    # Open requests for a correction are listed for supporters; the client finds theirs on each meeting's page.
    corrections = [] if is_self else queries.open_corrections(client)
    context = {
        "client": client,
        "is_self": is_self,
        "page": _meetings_page(meetings, request.GET.get("page")),
        "corrections": corrections,
    }
    return render(request, "meetings/meeting_list.html", context)


@login_required
def record_meeting(request: HttpRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.CONTRIBUTE, Area.MEETINGS)
    actor = acting_member(request)
    goals = goals_to_link(client, include_private=policy.can_see_private(actor, client))
    form = MeetingForm(request.POST or None, supporters=current_supporters(client), actor=actor, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = actions.record_meeting(client, by=actor, request=request, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("The meeting is recorded. We asked how it went (they can skip)."))
            return redirect("meetings:detail", client_id=client.pk, meeting_id=meeting.pk)
    context = {"client": client, "form": form, "glance": glance.before_meeting(request, client)}
    return render(request, "meetings/record.html", context, status=400 if form.errors else 200)


def _mark_read(request: HttpRequest, client: Membership, notes: Iterable[Note]) -> None:
    """The page shows the client which notes are new or changed (``read_version``), then keeps that they read them."""
    news = [note for note in notes if queries.is_new_to_client(note)]
    if news:
        actions.mark_read(news, by=client, request=request)


def _detail(
    request: HttpRequest, client: Membership, meeting_id: int, failed_note: Note | None = None, **forms: Form
) -> HttpResponse:
    """The meeting with the notes the acting person may see, each with the client's views and requests."""
    actor = acting_member(request)
    meeting = get_object_or_404(Meeting.objects.select_related("supporter__user"), pk=meeting_id, client=client)
    notes = (
        queries.with_read_version(Note.objects.filter(policy.visible_notes(actor), meeting=meeting))
        .select_related("author__user")
        .prefetch_related(
            "perspectives",
            Prefetch("amendments", AmendmentRequest.objects.select_related("answered_by").order_by("created_at")),
            Prefetch("revisions", NoteRevision.objects.select_related("replaced_by").order_by("version")),
        )
        .order_by("created_at")
    )
    is_self = actor.pk == client.pk
    # The coach reads the author's own drafts, before anyone else sees them: all of them in one model call.
    drafts = [note for note in notes if not note.is_published and note.author_id == actor.pk]
    coached = dict(zip(drafts, coach_many([n.body for n in drafts], avoided=avoided_for(client)), strict=True))
    notes_with_coach = [(note, coached.get(note)) for note in notes]
    if policy.is_own(actor, client.pk):  # only the client's own reading counts: a supporter's clears nothing
        _mark_read(request, actor, notes)
    context: dict[str, Any] = {
        "client": client,
        "meeting": meeting,
        "goals": goals_to_link(client, include_private=policy.can_see_private(actor, client)).filter(meetings=meeting),
        "notes": notes_with_coach,
        "is_self": is_self,
        "note_form": forms.get("note_form") or NoteForm(client=client),
        "perspective_form": forms.get("perspective_form") or PerspectiveForm(),
        "correction_form": forms.get("correction_form") or CorrectionForm(),
        "failed_note": failed_note,
        "glance": glance.before_meeting(request, client),
        "session_record": record_of({"meeting": meeting}),
        "may_document": policy.may_document_session(actor, client),
    }
    return render(request, "meetings/meeting_detail.html", context, status=400 if forms else 200)


@login_required
def meeting_detail(request: HttpRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.READ, Area.MEETINGS)
    return _detail(request, client, meeting_id)


@login_required
def write_note(request: HttpRequest, client_id: int, meeting_id: int) -> HttpResponse:
    client, actor = policy.supporter_for(request, client_id, Area.MEETINGS)
    meeting = get_object_or_404(Meeting, pk=meeting_id, client=client)
    if request.method != "POST":  # e.g. back from signing in again: show the page the form is on
        return redirect("meetings:detail", client_id=client.pk, meeting_id=meeting.pk)
    form = NoteForm(request.POST, client=client)
    if form.is_ready(shares=False):  # a draft: only its author sees it
        data = form.cleaned_data
        try:
            actions.write_note(meeting, data["body"], by=actor, submission_key=data["submission_key"], request=request)
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, gettext("Your note is saved as a draft. Only you can see it until you share it."))
            return redirect("meetings:detail", client_id=client.pk, meeting_id=meeting.pk)
    return _detail(request, client, meeting.pk, note_form=form)


@login_required
def edit_note(request: HttpRequest, client_id: int, note_id: int) -> HttpResponse:
    client, actor = policy.supporter_for(request, client_id, Area.MEETINGS)
    note = _note(request, client, note_id)
    if not policy.may_change_note(actor, note.author_id):
        raise Http404("Only the person who wrote a note can change it.")
    form = NoteEditForm(request.POST or None, initial={"body": note.body, "version": note.version}, client=client)
    if request.method == "POST" and form.is_ready(shares=note.is_published):
        try:
            actions.edit_note(
                note,
                form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
                by=actor,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved_note(note))
            return redirect("meetings:detail", client_id=client.pk, meeting_id=note.meeting_id)
    context = {"client": client, "note": note, "form": form}
    return render(request, "meetings/edit_note.html", context, status=400 if form.errors else 200)


@login_required
def publish_note(request: HttpRequest, client_id: int, note_id: int) -> HttpResponse:
    client, actor = policy.supporter_for(request, client_id, Area.MEETINGS)
    note = _note(request, client, note_id)
    if request.method != "POST":
        return redirect("meetings:detail", client_id=client.pk, meeting_id=note.meeting_id)
    look = second_look([Written(gettext("Your note"), note.body)], request.POST.get(CONFIRMED, ""), avoided_for(client))
    if look is not None and not note.is_published:
        return render(request, "meetings/share_note.html", {"client": client, "note": note, "look": look})
    try:
        actions.publish_note(note, by=actor, request=request)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, shared_with(client))
    return redirect("meetings:detail", client_id=client.pk, meeting_id=note.meeting_id)


def _client_statement(request: HttpRequest, client_id: int, note_id: int, *, correction: bool) -> HttpResponse:
    """The client adds their view beside a shared note, or asks for a correction."""
    client = policy.client_for(request, client_id, Verb.WRITE, Area.MEETINGS)
    note = _note(request, client, note_id)
    if request.method != "POST":
        return redirect("meetings:detail", client_id=client.pk, meeting_id=note.meeting_id)
    form: PerspectiveForm | CorrectionForm = (CorrectionForm if correction else PerspectiveForm)(request.POST)
    if form.is_valid():
        data, key = form.cleaned_data, form.cleaned_data["submission_key"]
        try:
            if correction:
                actions.request_correction(note, data["statement"], by=client, submission_key=key, request=request)
            else:
                actions.add_perspective(note, data["body"], by=client, submission_key=key, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Your request is sent. Your words stay with the note, whatever the answer.")
                if correction
                else gettext("Your view is added beside the note."),
            )
            return redirect("meetings:detail", client_id=client.pk, meeting_id=note.meeting_id)
    name = "correction_form" if correction else "perspective_form"
    return _detail(request, client, note.meeting_id, note, **{name: form})


@login_required
def add_perspective(request: HttpRequest, client_id: int, note_id: int) -> HttpResponse:
    return _client_statement(request, client_id, note_id, correction=False)


@login_required
def request_correction(request: HttpRequest, client_id: int, note_id: int) -> HttpResponse:
    return _client_statement(request, client_id, note_id, correction=True)


@login_required
def answer_correction(request: HttpRequest, client_id: int, amendment_id: int) -> HttpResponse:
    client, actor = policy.supporter_for(request, client_id, Area.MEETINGS)
    amendment = get_object_or_404(
        AmendmentRequest.objects.select_related("note__meeting"),
        pk=amendment_id,
        client=client,
        note__status=NoteStatus.PUBLISHED,
    )
    form = AnswerCorrectionForm(request.POST or None, initial={"corrected_body": amendment.note.body}, client=client)
    if request.method == "POST" and form.is_ready():
        data = form.cleaned_data
        try:
            actions.answer_correction(
                amendment,
                accept=data["decision"] == "accept",
                answer=data["answer"],
                corrected_body=data["corrected_body"],
                by=actor,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, gettext("Answered. %(name)s can see your answer.") % {"name": client.user.display_name}
            )
            return redirect("meetings:detail", client_id=client.pk, meeting_id=amendment.note.meeting_id)
    context = {"client": client, "amendment": amendment, "form": form}
    return render(request, "meetings/answer_correction.html", context, status=400 if form.errors else 200)
