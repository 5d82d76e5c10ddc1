"""The check-in definitions Alongside ships (``instruments/``), put into the database after every migrate.

Not an action: nobody acts here. Like a data migration, it makes the release's own data present, and it
only ever adds a definition version that is missing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .definitions import parse
from .models import Questionnaire

INSTRUMENTS = Path(__file__).resolve().parent / "instruments"


def load_shipped_definitions(**_: Any) -> None:
    """Connected to ``post_migrate`` (so also after every test-database flush)."""
    for path in sorted(INSTRUMENTS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        definition = parse(data)
        Questionnaire.objects.get_or_create(
            organisation=None,
            name=definition.name,
            version=definition.version,
            defaults={
                "title": definition.title,
                "purpose": definition.purpose,
                "validated": definition.validated,
                "definition": data,
            },
        )
