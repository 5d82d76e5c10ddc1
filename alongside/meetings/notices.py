"""What a writer is told once a note is saved or shared: the same words on a meeting's page and a group's."""

from __future__ import annotations

from django.utils.translation import gettext

from alongside.accounts.models import Membership

from .models import Note


def saved_note(note: Note) -> str:
    """What a writer is told once a change to their note is saved (a shared note keeps its earlier wording)."""
    if note.is_published:
        return gettext("The note is saved. The earlier wording is kept.")
    return gettext("The note is saved.")


def shared_with(client: Membership) -> str:
    return gettext("Shared with %(name)s. They can read it and add their view.") % {"name": client.user.display_name}
