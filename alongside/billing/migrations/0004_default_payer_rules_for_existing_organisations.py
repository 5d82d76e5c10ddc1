"""Organisations created before billing existed get the usual US peer-support set (``defaults.py``), as a new
organisation does, so their supporters can document sessions without waiting for an admin to press the button.

Only organisations with no payer at all get it: one that has any payer keeps its own rules untouched.

Not audited. The audit chain is appended by the database connection at commit (``audit.pending``), with the
running code's models, hashing and key, and the head copied outside the database afterwards. A migration must
use historical models, and writing the chain with them would mean a second copy of that code (which verify
would then have to trust); writing it with the running models ties this migration to today's audit table, so a
later change to that table would break upgrades from an older database. What an admin sees instead: the set on
the payer-rules page as if added at creation, and ``migrate`` prints how many organisations got it. Undoing the
migration removes nothing (the rules may be in use by then): it is a no-op.
"""

from typing import Any

from django.db import migrations

from alongside.billing import defaults


def add_default_set(apps: Any, schema_editor: Any) -> None:
    organisation_model = apps.get_model("accounts", "Organisation")
    payer_model = apps.get_model("billing", "Payer")
    without = organisation_model.objects.exclude(pk__in=payer_model.objects.values("organisation_id"))
    ids = list(without.order_by("pk").values_list("pk", flat=True))
    for organisation_id in ids:
        defaults.add_to(organisation_id, apps)
    if ids:
        print(f"\n  Added the default payer rules ({defaults.NAME}) to {len(ids)} organisation(s) that had none.")


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_session_record_for_group_attendance")]

    operations = [migrations.RunPython(add_default_set, migrations.RunPython.noop)]
