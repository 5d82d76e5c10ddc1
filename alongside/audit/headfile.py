"""A copy of each chain's head kept outside the database.

Someone who can write to the database could rewrite the whole chain consistently; they cannot also
rewrite this file if it lives elsewhere (another disk, or a log shipper forwarding each line). After
each committed transaction the new head is appended as one line, ``<organisation> <seq> <hash>``;
``verify`` checks the newest line of each organisation against the chain. The hash of an entry covers
everything before it, so the newest head alone is enough to detect a rewrite or a truncation.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

log = logging.getLogger("alongside.security")


def head_file() -> Path | None:
    configured = settings.AUDIT_HEAD_FILE
    return Path(configured) if configured else None


def append_lines(heads: Iterable[tuple[int, int, str]]) -> None:
    """Copy committed heads ``(organisation, seq, hash)``; the caller calls this only after the commit."""
    path = head_file()
    lines = "".join(f"{organisation_id} {seq} {hash_}\n" for organisation_id, seq, hash_ in heads)
    if path is None or not lines:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a", encoding="ascii") as stream:
            stream.write(lines)
    except OSError:  # the entries are committed; verify will say the copy lags behind
        log.exception("Could not copy audit chain heads to %s", path)


def recorded_heads() -> dict[int, tuple[int, str]]:
    """The newest head written for each organisation: {organisation: (seq, hash)}."""
    path = head_file()
    if path is None or not path.exists():
        return {}
    heads: dict[int, tuple[int, str]] = {}
    with path.open(encoding="ascii", errors="replace") as stream:
        for number, line in enumerate(stream, start=1):
            parts = line.split()
            if len(parts) != 3 or not (parts[0].isdigit() and parts[1].isdigit()):
                log.warning("Ignoring unreadable line %s of the audit head file %s", number, path)
                continue
            organisation_id, seq = int(parts[0]), int(parts[1])
            if seq >= heads.get(organisation_id, (0, ""))[0]:
                heads[organisation_id] = (seq, parts[2])
    return heads
