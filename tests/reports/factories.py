from uuid import uuid4

from alongside.accounts.models import Membership
from alongside.reports.models import Export


def queued_export(admin: Membership, kind: str = "people") -> Export:
    return Export.objects.create(
        organisation=admin.organisation, requested_by=admin.user, kind=kind, request_key=uuid4().hex
    )
