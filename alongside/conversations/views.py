"""Thin views: the client's Messages page and a supporter's conversation with a client. Each asks the policy
gateway first; opening a conversation is one audited read (``read.messages``), not one per message."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside import policy
from alongside.accounts.models import Membership
from alongside.policy import Area, Verb
from alongside.web import AuthenticatedRequest, acting_member

from . import actions, queries
from .forms import EditForm, HistoryForm, MessageForm, StaffEditForm, StaffMessageForm
from .models import Message


def _who(request: AuthenticatedRequest, client_id: int | None, *, reading: bool) -> tuple[Membership, Membership]:
    """(client, the person acting). A read goes through the audited gateway; a post only asks the same
    question (the action decides again), so sending does not count as another read."""
    if client_id is None:
        client = policy.own_record(request, Verb.READ if reading else Verb.WRITE, Area.MESSAGES)
        return client, client
    if reading:
        return policy.client_for(request, client_id, Verb.READ, Area.MESSAGES), acting_member(request)
    policy.refuse_unless_allowed(request, client_id, Verb.READ, Area.MESSAGES)
    client, me = Membership.objects.select_related("user", "organisation").get(pk=client_id), acting_member(request)
    if not policy.may_take_part_in_messages(me, client):  # reading in an emergency is not taking part
        raise Http404("No such conversation.")
    return client, me


def _page_url(client: Membership, me: Membership) -> str:
    own = client.pk == me.pk
    return reverse("conversations:mine") if own else reverse("conversations:client", args=[client.pk])


def _conversation(request: AuthenticatedRequest, client_id: int | None) -> HttpResponse:
    client, me = _who(request, client_id, reading=request.method != "POST")
    own = client.pk == me.pk
    form_class = MessageForm if own else StaffMessageForm
    form = form_class(request.POST or None, client=None if own else client)  # the client's words to avoid
    if request.method == "POST" and form.is_ready():
        try:
            actions.send(
                client,
                form.cleaned_data["body"],
                by=me,
                submission_key=form.cleaned_data["submission_key"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_page_url(client, me) + "#newest")
    if request.method == "POST":  # shown again (hints, or an error): this is a read of the conversation too
        client, me = _who(request, client_id, reading=True)
    found = queries.conversation(client)
    shown = list(queries.thread(me, client, found))
    actions.mark_seen(shown, reader=me)
    context = {
        "client": client,
        "me": me,
        "own": own,
        "shown": shown,
        "form": form,
        "stopped": found is not None and found.stopped_at is not None,
        "conversation": found,
        "may_write": policy.may_take_part_in_messages(me, client),
        "earlier_hidden": queries.earlier_hidden(me, client, found),
        "history_choices": queries.history_choices(client) if own else [],
        "page_url": _page_url(client, me),
    }
    return render(request, "conversations/conversation.html", context)


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    return _conversation(request, None)


@login_required
def client(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    return _conversation(request, client_id)


def _own_message(me: Membership, client: Membership, message_id: int) -> Message:
    """A message ``me`` sent in this conversation and may still change; 404 for any other."""
    message = get_object_or_404(Message.objects.select_related("client"), pk=message_id, client=client)
    if not policy.may_change_message(me, message) or message.withdrawn_at is not None:
        raise Http404("No such message.")
    return message


def _edit(request: AuthenticatedRequest, client_id: int | None, message_id: int) -> HttpResponse:
    client, me = _who(request, client_id, reading=request.method != "POST")
    message = _own_message(me, client, message_id)
    own = client.pk == me.pk
    form_class = EditForm if own else StaffEditForm
    form = form_class(
        request.POST or None, initial={"body": message.body, "version": message.version}, client=None if own else client
    )
    if request.method == "POST" and form.is_ready():
        try:
            actions.edit(
                message,
                form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
                by=me,
                request=request,
            )
        except (ValidationError, actions.StaleEdit) as error:
            form.add_error(None, str(error.messages[0] if isinstance(error, ValidationError) else error))
            message.refresh_from_db()
        else:
            flash.success(request, _("Your message is changed. Its earlier wording stays with it."))
            return redirect(_page_url(client, me) + f"#message-{message.pk}")
    context = {"client": client, "message": message, "form": form, "page_url": _page_url(client, me)}
    return render(request, "conversations/edit.html", context)


@login_required
def edit_mine(request: AuthenticatedRequest, message_id: int) -> HttpResponse:
    return _edit(request, None, message_id)


@login_required
def edit_client(request: AuthenticatedRequest, client_id: int, message_id: int) -> HttpResponse:
    return _edit(request, client_id, message_id)


def _withdraw(request: AuthenticatedRequest, client_id: int | None, message_id: int) -> HttpResponse:
    """POST only, asked after the gateway: anyone else gets 404 whatever the method."""
    client, me = _who(request, client_id, reading=False)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actions.withdraw(_own_message(me, client, message_id), by=me, request=request)
    flash.success(request, _("Your message is withdrawn. Others see that a message was withdrawn, not its words."))
    return redirect(_page_url(client, me))


@login_required
def withdraw_mine(request: AuthenticatedRequest, message_id: int) -> HttpResponse:
    return _withdraw(request, None, message_id)


@login_required
def withdraw_client(request: AuthenticatedRequest, client_id: int, message_id: int) -> HttpResponse:
    return _withdraw(request, client_id, message_id)


@login_required
@require_POST
def choices(request: AuthenticatedRequest) -> HttpResponse:
    """The client's choices: the "stop", and who may read earlier messages (one supporter, or by default)."""
    client, me = _who(request, None, reading=False)
    if "stop" in request.POST:
        stopped = request.POST["stop"] == "on"
        actions.set_stop(client, stopped, by=me, request=request)
        flash.success(
            request,
            _("You will not be told about new messages until you turn this off.")
            if stopped
            else _("You will be told about new messages again."),
        )
        return redirect("conversations:mine")
    form = HistoryForm(request.POST)
    if not form.is_valid():
        flash.error(request, _("Please choose Yes or No."))
        return redirect("conversations:mine")
    member = None
    if member_id := form.cleaned_data["member"]:
        member = next((c.member for c in queries.history_choices(client) if c.member.pk == member_id), None)
        if member is None:
            raise Http404("No such supporter.")
    actions.share_history(client, form.cleaned_data["allowed"], by=me, member=member, request=request)
    flash.success(request, _("Your choice is saved."))
    return redirect("conversations:mine")
