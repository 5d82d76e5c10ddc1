"""A client's versioned document: one page per client, in the client's words, that only the client writes.

The crisis plan and "how I want to be supported" are both such a document. Each save bumps ``version``
(optimistic concurrency: saving over a newer version than the form showed is refused with ``StaleEdit``) and
keeps the wording as it then reads in a version row, so nothing the client wrote is ever lost. This module
holds what they share: the two abstract models, the save, the edit form's round trip and the history. What
differs (the parts, their limits, the policy check and the audit entry) stays in each app.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from alongside.accounts.models import ClientRecord, Membership
from alongside.core.crypto import EncryptedTextField


class ClientDocument(ClientRecord):
    """The document as it now reads. ``WORDING`` names the fields a save writes and a version keeps."""

    WORDING: ClassVar[tuple[str, ...]]

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class DocumentVersion(ClientRecord):
    """One save: the wording afterwards (encrypted JSON), who saved it and when. The concrete model adds the
    foreign key to its document with ``related_name="versions"``."""

    version = models.PositiveIntegerField()
    snapshot = EncryptedTextField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-version"]


Document = TypeVar("Document", bound=ClientDocument)
Shown = TypeVar("Shown")


class StaleEdit(Exception):
    """Saved elsewhere (another tab) since the form was opened; ``current`` is how the document reads now."""

    def __init__(self, current: ClientDocument) -> None:
        super().__init__("The page changed since it was opened.")
        self.current = current


def wording_of(model: type[ClientDocument], document: ClientDocument | None) -> dict[str, Any]:
    """The document's wording; with no document yet, each field's default (empty words, nothing chosen)."""
    if document is None:
        return {name: model._meta.get_field(name).get_default() for name in model.WORDING}  # type: ignore[union-attr]
    return {name: getattr(document, name) for name in model.WORDING}


def save_version(
    model: type[Document], client: Membership, cleaned: dict[str, Any], *, expected_version: int | None, by: Membership
) -> tuple[Document | None, bool]:
    """Write ``cleaned`` as a new version of the client's document; returns it and whether anything changed.

    The caller has asked the policy and cleaned the wording, and records the audit entry when something
    changed, all in its transaction. Saving the same words again (a form sent twice) changes nothing; a first
    save with nothing written stores nothing. The row lock makes two saves at once take turns, so the second
    sees the first's version and is refused as stale instead of silently overwriting it.
    """
    document = model._default_manager.select_for_update().filter(client=client).first()
    if cleaned == wording_of(model, document):
        return document, False
    if document is not None and expected_version != document.version:
        raise StaleEdit(document)
    now = timezone.now()
    if document is None:
        document = model(organisation_id=client.organisation_id, client=client, created_at=now, version=0)
    for name, value in cleaned.items():
        setattr(document, name, value)
    document.version += 1
    document.updated_at = now
    document.save()
    document.versions.create(  # type: ignore[attr-defined]
        organisation_id=client.organisation_id,
        client=client,
        version=document.version,
        snapshot=json.dumps(cleaned, sort_keys=True),
        saved_by=by.user,
        saved_at=now,
    )
    return document, True


@dataclass
class Edit:
    """What the edit page shows after a request: the form, and how the document now reads if the save was stale."""

    form: forms.Form
    stale: ClientDocument | None = None
    saved: bool = False


def edit(
    request: HttpRequest,
    form_class: Callable[..., forms.Form],
    model: type[ClientDocument],
    document: ClientDocument | None,
    save: Callable[[dict[str, Any], int | None], object],
) -> Edit:
    """The edit form's round trip: show the wording, or save what was sent through ``save(wording, version)``.

    On a stale save the form keeps everything the person typed, now based on the current version, so saving
    again keeps their words; a refusal from the action becomes the form's error. Nothing typed is lost.
    """
    initial = wording_of(model, document) | {"version": document.version if document else None}
    form = form_class(request.POST or None, initial=initial)
    if request.method != "POST" or not form.is_valid():
        return Edit(form)
    try:
        save(form.wording(), form.cleaned_data["version"])  # type: ignore[attr-defined]
    except StaleEdit as stale:
        data = request.POST.copy()
        data["version"] = str(stale.current.version)
        return Edit(form_class(data), stale=stale.current)
    except ValidationError as error:
        form.add_error(None, error)
        return Edit(form)
    return Edit(form, saved=True)


@dataclass(frozen=True)
class EarlierVersion(Generic[Shown]):
    version: int
    saved_at: datetime
    saved_by: str
    parts: list[Shown]


def versions_of(
    document: ClientDocument | None, shown: Callable[[dict[str, Any]], list[Shown]]
) -> list[EarlierVersion[Shown]]:
    """Every saved version, newest first, each with its wording as ``shown`` presents it."""
    if document is None:
        return []
    versions = document.versions.select_related("saved_by")  # type: ignore[attr-defined]
    return [
        EarlierVersion(v.version, v.saved_at, v.saved_by.display_name, shown(json.loads(v.snapshot))) for v in versions
    ]
