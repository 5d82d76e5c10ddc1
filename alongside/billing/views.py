"""Thin views for session documentation, co-signature and the payer rules: ask the policy, call an action, render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record as audit
from alongside.groups.models import Attendance
from alongside.meetings.models import Meeting
from alongside.plans.queries import goals_to_link
from alongside.policy import Area, Verb
from alongside.web import AuthenticatedRequest, acting, acting_member

from . import actions, queries
from .forms import AmendForm, CosignForm, PayerForm, PlaceForm, RecordForm, ReturnForm, ServiceCodeForm, SignForm
from .models import RecordStatus, SessionRecord
from .subjects import Subject, of_record, subject_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _record_form(form_class: type[RecordForm], subject: Subject, data: Any = None, **kwargs: Any) -> Any:
    return form_class(
        data,
        codes=subject.codes(),
        places=queries.places(subject.client.organisation_id),
        goals=goals_to_link(subject.client, include_private=False),
        **kwargs,
    )


def _values(form: RecordForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in actions.RECORD_FIELDS}


def _initial(record: SessionRecord | None, subject: Subject, credential: str = "") -> dict[str, Any]:
    if record is None:
        return subject.initial_values() | {"credential": credential}
    values = {name: getattr(record, name) for name in actions.RECORD_FIELDS}
    return values | {"goals": list(queries.goals_of(record)), "version": record.version, "credential": credential}


def _show_problems(form: RecordForm, error: actions.NotReady) -> None:
    for problem in error.problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


@login_required
def document(request: AuthenticatedRequest, client_id: int, meeting_id: int) -> HttpResponse:
    """The meeting's session record: the form while it is a draft (or returned), the signed record after."""
    client = policy.client_for(request, client_id, Verb.READ, Area.MEETINGS)
    meeting = get_object_or_404(Meeting.objects.select_related("supporter__user"), pk=meeting_id, client=client)
    meeting.client = client
    return _document(request, meeting, acting_member(request))


def _attendance(request: AuthenticatedRequest, attendance_id: int) -> tuple[Attendance, Membership]:
    """One attendance row the acting person may document (a facilitator, someone who came), or whose signed
    record they may read (the attendee). Not found for anyone else: the page names nobody else who came."""
    actor = acting_member(request)
    attendance = get_object_or_404(
        policy.attendance_to_document(actor).select_related("session__group", "client__user", "client__organisation"),
        pk=attendance_id,
    )
    if not (policy.may_document_group_attendance(actor, attendance) or policy.is_own(actor, attendance.client_id)):
        raise Http404("No such record.")
    return attendance, actor


@login_required
def group_document(request: AuthenticatedRequest, attendance_id: int) -> HttpResponse:
    """One attendee's session record: the form for the facilitator while it is a draft, the signed record after
    (for its author and for the attendee)."""
    attendance, actor = _attendance(request, attendance_id)
    return _document(request, attendance, actor)


def _document(request: AuthenticatedRequest, documented: Meeting | Attendance, actor: Membership) -> HttpResponse:
    subject = subject_of(documented)
    record = queries.record_of(subject.key)
    may_document = subject.may_document(actor)
    posted = request.method == "POST" and may_document  # the action explains a record signed or taken meanwhile
    if record is not None and not posted and not (may_document and policy.may_change_session_record(actor, record)):
        return _read_record(request, subject, record, actor)
    if not may_document:
        raise Http404("No such record.")
    if record is not None and not policy.may_change_session_record(actor, record):
        record = None  # posted over a record signed or started by someone else meanwhile: shown as not saved
    initial = _initial(record, subject, _last_credential(actor))
    form = _record_form(SignForm, subject, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            record = actions.save_record(
                documented,
                _values(form),
                goals=form.cleaned_data["goals"],
                by=actor,
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
            if "sign" in request.POST:
                record = actions.sign_record(
                    record, by=actor, credential=form.cleaned_data["credential"], request=request
                )
        except actions.NotReady as error:
            _show_problems(form, error)
            data = form.data.copy()  # what was entered is saved as a draft: the next save continues from it
            data["version"] = str(record.version if record else "")
            form.data = data
            status = 400
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            messages.success(request, SAVED[record.status])
            return redirect(subject.page())
    elif request.method == "POST":
        status = 400
    context = {"client": subject.client, "record": record, "form": form} | subject.context()
    return render(request, subject.template, context, status=status)


# What the person who saved or signed a record is told, by the record's status after it.
SAVED: dict[str, StrOrPromise] = {
    RecordStatus.DRAFT: gettext_lazy("Saved as a draft. Only you can see it until you sign it."),
    RecordStatus.RETURNED: gettext_lazy("Saved as a draft. Only you can see it until you sign it."),
    RecordStatus.AWAITING_COSIGN: gettext_lazy("Signed and locked. It now waits for a supervisor's co-signature."),
    RecordStatus.SIGNED: gettext_lazy("Signed and locked. Any change from now on is an amendment with a reason."),
}


def _read_record(
    request: AuthenticatedRequest, subject: Subject, record: SessionRecord, actor: Membership
) -> HttpResponse:
    """A record its reader may not change: signed, their own draft they may no longer write, or someone else's
    draft, of which a co-facilitator or co-assigned supporter learns only who is writing it."""
    if record.is_locked or record.author_id == actor.pk:
        return _show_record(request, subject, record, actor)
    if not subject.may_document(actor):
        raise Http404("No such record.")  # a draft is its author's alone
    context = {"client": subject.client, "record": record, "subject_template": subject.template}
    return render(request, "billing/drafted_elsewhere.html", context | subject.context())


def _last_credential(actor: Membership) -> str:
    return (
        SessionRecord.objects.filter(author=actor)
        .exclude(signer_credential="")
        .order_by("-signed_at")
        .values_list("signer_credential", flat=True)
        .first()
        or ""
    )


def _show_record(
    request: AuthenticatedRequest, subject: Subject, record: SessionRecord, actor: Membership
) -> HttpResponse:
    context = {
        "client": subject.client,
        "record": record,
        "goals": queries.goals_of(record),
        "amendments": record.amendments.select_related("amended_by").order_by("version"),
        "returns": record.returns.select_related("returned_by").order_by("returned_at"),
        "may_amend": policy.may_amend_session_record(actor, record),
        "may_client_cosign": policy.may_client_cosign(actor, record),
        "reads_own_record": policy.is_own(actor, record.client_id),
        "amend_page": subject.amend_page(record),
    }
    return render(request, "billing/record.html", context | subject.context())


def _own_record(request: AuthenticatedRequest, client: Membership, record_id: int) -> SessionRecord:
    return get_object_or_404(
        SessionRecord.objects.select_related("meeting", "service_code__payer", "place_of_service"),
        pk=record_id,
        client=client,
    )


@login_required
def amend(request: AuthenticatedRequest, client_id: int, record_id: int) -> HttpResponse:
    client, actor = policy.supporter_for(request, client_id, Area.MEETINGS)
    record = _own_record(request, client, record_id)
    if record.meeting is None:
        raise Http404("No such record.")
    record.meeting.client = client
    return _amend(request, record.meeting, record, actor)


@login_required
def group_amend(request: AuthenticatedRequest, attendance_id: int) -> HttpResponse:
    attendance, actor = _attendance(request, attendance_id)
    record = queries.record_of({"attendance": attendance})
    if record is None:
        raise Http404("No such record.")
    return _amend(request, attendance, record, actor)


def _amend(
    request: AuthenticatedRequest, documented: Meeting | Attendance, record: SessionRecord, actor: Membership
) -> HttpResponse:
    """A signed record changed by its author, with a reason: the same page for a meeting's and a group's."""
    if not policy.may_amend_session_record(actor, record):
        raise Http404("No such record.")
    subject = subject_of(documented)
    form = _record_form(AmendForm, subject, request.POST or None, initial=_initial(record, subject))
    if request.method == "POST" and form.is_valid():
        try:
            actions.amend_record(
                record,
                _values(form),
                goals=form.cleaned_data["goals"],
                reason=form.cleaned_data["reason"],
                by=actor,
                expected_version=form.cleaned_data.get("version") or 0,
                submission_key=form.cleaned_data["submission_key"],
                request=request,
            )
        except actions.NotReady as error:
            _show_problems(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The record is amended. What it said before, and your reason, are kept with it.")
            )
            return redirect(subject.page())
    context = {"client": subject.client, "record": record, "form": form, "back": subject.page()}
    return render(request, "billing/amend.html", context, status=400 if form.errors else 200)


@login_required
def client_cosign(request: AuthenticatedRequest, client_id: int, record_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.WRITE, Area.MEETINGS)
    record = _own_record(request, client, record_id)
    if request.method == "POST":
        try:
            actions.client_cosign(record, by=acting_member(request), request=request)
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(request, _("Thank you. Your co-signature is added to the record."))
    return redirect(of_record(record).page())


# --- Supervisors: co-signature ----------------------------------------------------------------------------


def _cosigner(request: AuthenticatedRequest) -> Membership:
    me = acting(request)
    if not policy.can_cosign_sessions(me):
        raise Http404
    return me


@login_required
def queue(request: AuthenticatedRequest) -> HttpResponse:
    me = _cosigner(request)
    waiting = (
        policy.records_awaiting_cosignature(me)
        .select_related("author__user", "service_code", "meeting")
        .order_by("signed_at", "pk")
    )
    return render(request, "billing/queue.html", {"records": waiting})


@login_required
def review(request: AuthenticatedRequest, record_id: int) -> HttpResponse:
    me = _cosigner(request)
    record = (
        policy.records_awaiting_cosignature(me)
        .select_related(
            "client__user",
            "client__organisation",
            "author__user",
            "service_code__payer",
            "place_of_service",
            "meeting",
            "signed_by",
        )
        .filter(pk=record_id)
        .first()
    )
    if record is None:
        raise Http404("No such record.")
    form = ReturnForm(request.POST if "return" in request.POST else None)
    if request.method == "POST":
        try:
            if "cosign" in request.POST:
                actions.cosign(record, by=me, request=request)
                messages.success(request, _("Co-signed. The record can now be billed."))
                return redirect("billing:queue")
            if form.is_valid():
                actions.return_record(record, form.cleaned_data["comment"], by=me, request=request)
                messages.success(request, _("Returned to the supporter with your comment."))
                return redirect("billing:queue")
        except ValidationError as error:
            form.add_error(None, error)
    else:  # supervision reads the record: audited like any other read
        audit(
            organisation=record.client.organisation,
            actor=request.user,
            action=AuditAction.READ_SESSION_RECORD,
            client=record.client,
            target=f"session_record:{record.pk}",
            detail={"basis": "cosignature"},
            request=request,
        )
    context = {"record": record, "goals": queries.goals_of(record), "form": form, "client": record.client}
    return render(request, "billing/review.html", context, status=400 if form.errors else 200)


# --- Admins: payer rules and billing batches ---------------------------------------------------------------


def _configurer(request: AuthenticatedRequest) -> Membership:
    me = acting(request)
    if not policy.can_configure_billing(me):
        raise Http404
    return me


@login_required
def settings(request: AuthenticatedRequest) -> HttpResponse:
    me = _configurer(request)
    roles = [rule.role for rule in policy.billing_cosign_rules(me)]
    form = CosignForm(request.POST if "roles_form" in request.POST else None, initial={"roles": roles})
    if request.method == "POST":
        if "defaults" in request.POST:
            added = actions.seed_defaults(me.organisation, by=me, request=request)
            if added:
                messages.success(
                    request, _("The usual US peer-support codes are added. Check them against your payers' rules.")
                )
            return redirect("billing:payer_rules")
        if form.is_valid():
            actions.set_cosign_roles(me.organisation, form.cleaned_data["roles"], by=me, request=request)
            messages.success(request, _("Co-signature settings saved."))
            return redirect("billing:payer_rules")
    context = {
        "payers": policy.billing_payers(me),
        "codes": policy.billing_codes(me).order_by("payer__name", "code", "modifiers"),
        "places": policy.billing_places(me),
        "form": form,
    }
    return render(request, "billing/settings.html", context, status=400 if form.errors else 200)


# Each kind of setting: its form, and the words of its page (title when adding, title when changing, saved).
SETTING_FORMS: dict[str, tuple[type[Any], dict[str, Any]]] = {
    "payer": (
        PayerForm,
        {
            "add": gettext_lazy("Add a payer"),
            "change": gettext_lazy("Change a payer"),
            "saved": gettext_lazy("The payer is saved."),
        },
    ),
    "code": (
        ServiceCodeForm,
        {
            "add": gettext_lazy("Add a service code"),
            "change": gettext_lazy("Change a service code"),
            "saved": gettext_lazy("The service code is saved."),
        },
    ),
    "place": (
        PlaceForm,
        {
            "add": gettext_lazy("Add a place of service"),
            "change": gettext_lazy("Change a place of service"),
            "saved": gettext_lazy("The place of service is saved."),
        },
    ),
}


def _setting_rows(me: Membership, kind: str) -> Any:
    return {"payer": policy.billing_payers, "code": policy.billing_codes, "place": policy.billing_places}[kind](me)


@login_required
def setting_edit(request: AuthenticatedRequest, kind: str, item_id: int | None = None) -> HttpResponse:
    me = _configurer(request)
    if kind not in SETTING_FORMS:
        raise Http404
    form_class, words = SETTING_FORMS[kind]
    instance = None
    if item_id is not None:
        instance = _setting_rows(me, kind).filter(pk=item_id).first()
        if instance is None:
            raise Http404
    extra = {"payers": policy.billing_payers(me)} if kind == "code" else {}
    form = form_class(request.POST or None, instance=instance, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_setting(
                kind, me.organisation, dict(form.cleaned_data), by=me, instance=instance, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, words["saved"])
            return redirect("billing:payer_rules")
    context = {"form": form, "words": words, "instance": instance}
    return render(request, "billing/setting_edit.html", context, status=400 if form.errors else 200)


@login_required
def batches(request: AuthenticatedRequest) -> HttpResponse:
    me = acting(request)
    if not policy.can_export_billing(me):
        raise Http404
    context = {
        "batches": policy.billing_batches(me).order_by("-created_at"),
        "ready": queries.lines_ready(me.organisation_id).count(),
    }
    return render(request, "billing/batches.html", context)
