"""The check-in definitions Alongside ships (``instruments/``), put into the database after every migrate.

Not an action: nobody acts here. Like a data migration, it makes the release's own data present: it adds a
definition version that is missing, and gives a stored version the translations its file has gained (nothing
else of a stored version ever changes).
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
        questionnaire, created = Questionnaire.objects.get_or_create(
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
        if (
            not created
            and questionnaire.definition != data
            and _without_translations(questionnaire.definition) == (_without_translations(data))
        ):  # the same version, with its words in more languages: the items and scoring are unchanged
            questionnaire.definition = data
            questionnaire.save(update_fields=["definition"])


def _without_translations(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "translations"}
