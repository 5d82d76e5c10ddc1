"""Re-link entries written before the chain moved its linking step into SQL, then install the triggers.

Nothing has been deployed with the old scheme; re-linking only keeps local demo databases verifiable.
"""

from django.db import migrations

from alongside.audit import triggers
from alongside.audit.chain import GENESIS_HASH, content_digest, legacy_link_hash


def relink(apps, schema_editor):
    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    for head in Head.objects.all():
        prev = GENESIS_HASH
        for entry in Entry.objects.filter(organisation_id=head.organisation_id).order_by("seq"):
            digest = content_digest(
                entry.organisation_id, entry.created_at, entry.actor_id, entry.action, entry.client_id,
                entry.target, entry.ip_address, entry.reason, entry.detail,
            )
            entry.prev_hash, entry.hash = prev, legacy_link_hash(prev, entry.seq, digest)
            Entry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
            prev = entry.hash
        Head.objects.filter(pk=head.pk).update(hash=prev)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(relink, migrations.RunPython.noop),
        migrations.RunPython(triggers.install, triggers.remove),
    ]
