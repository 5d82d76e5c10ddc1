"""Django's PostgreSQL backend, appending audit entries at commit (see ``alongside.audit.backends``)."""

from django.db.backends.postgresql import base

from alongside.audit.backends import AppendsAuditOnCommit


class DatabaseWrapper(AppendsAuditOnCommit, base.DatabaseWrapper):
    pass
