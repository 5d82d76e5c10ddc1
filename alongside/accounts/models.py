"""People and organisations.

``Organisation`` is the tenant: every table holding an organisation's data carries its key.
A ``Membership`` gives a user one role in one organisation; client data hangs off the client's
membership, so the same person could be a client of two organisations without their records mixing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in. Identified by email; the name is how they want to be addressed."""

    email = models.EmailField(unique=True, max_length=254)
    display_name = models.CharField("name", max_length=120)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # The language every page and message to this person is in; blank until they choose, when their browser's
    # language decides (PersonLanguageMiddleware; mail sent without a request uses it too).
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]
    # Not a field: the signed-in person's active memberships, read with them by ``backends.MembershipBackend``
    # on each request (absent on a person loaded any other way).
    active_memberships: list[Membership]

    def __str__(self) -> str:
        return self.display_name or self.email


class Role(models.TextChoices):
    CLIENT = "client", _("Client")
    SUPPORTER = "supporter", _("Peer supporter")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Organisation admin")


STAFF_ROLES = frozenset({Role.SUPPORTER, Role.SUPERVISOR, Role.ADMIN})


class Membership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org"),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation_id})"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class ClientRecord(models.Model):
    """A record about one client: it carries the client's organisation, and the database refuses any other.

    ``organisation`` lets every query stay inside one tenant without a join; a trigger on each subclass's
    table (accounts/client_records.py) checks it is the client's own. A subclass redeclares ``client``
    when it needs a reverse accessor (``client.goals``).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Assignment(ClientRecord):
    """A supporter walking alongside a client. Ended rather than deleted, so history stays."""

    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="supporter_assignments")
    supporter = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="client_assignments")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    # Set when this supporter took the client on from someone who left: the client's home says so.
    handed_over_from = models.ForeignKey(
        "Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "supporter"], condition=Q(ended_at__isnull=True), name="one_open_assignment"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "supporter", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.supporter} alongside {self.client}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        """Neither accepted nor cancelled (expired ones included: they can be sent again)."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)


class Invitation(models.Model):
    """An emailed, single-use, expiring link. Only a hash of the token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    display_name = models.CharField(max_length=120)
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assign_to = models.ForeignKey(Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The language of the invitation email, chosen by the person inviting (the invitee has no account to ask yet);
    # it becomes the new account's language when they accept.
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.role})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
