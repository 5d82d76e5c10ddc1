"""The shipped BARC-10 now states its published internal consistency (alpha = .90, Vilsaint et al. 2017).

Shipped definitions are only ever added after a migrate (``shipped.py``), so a database that already has
version 1 gets the new reliability here; its items and scoring are unchanged, and its answers stay with it.
"""

from typing import Any

from django.db import migrations

PUBLISHED = {
    "r": 0.9,
    "sd": None,
    "source": "internal consistency (Cronbach's α = .90) reported by Vilsaint et al. 2017; no test–retest figure or SD for a peer-support population is used, so the SD comes from the organisation's own answers.",
}
BEFORE = {
    "r": None,
    "sd": None,
    "source": "No published test–retest reliability (internal consistency α = .90 is not test–retest).",
}


def _set(reliability: dict[str, Any]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        Questionnaire = apps.get_model("feedback", "Questionnaire")
        for questionnaire in Questionnaire.objects.filter(organisation=None, name="barc-10", version="1"):
            questionnaire.definition["scoring"]["reliability"] = reliability
            questionnaire.save(update_fields=["definition"])

    return run


class Migration(migrations.Migration):
    dependencies = [("feedback", "0006_reliability_estimates")]

    operations = [migrations.RunPython(_set(PUBLISHED), _set(BEFORE))]
