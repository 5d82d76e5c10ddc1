"""The authentication backend: Django's ``ModelBackend``, loading the person and their memberships together."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import Membership, User

BACKEND = "alongside.accounts.backends.MembershipBackend"


class MembershipBackend(ModelBackend):
    """Signs in exactly as ``ModelBackend`` does; on each request it loads the signed-in person with their
    active memberships (and organisations) in one query, where ``ModelBackend`` and the membership middleware
    took one each. Every page needs both, so this is one query fewer on every signed-in page.

    Nothing is kept between requests: the memberships are read afresh each time, so ending one takes effect
    on the very next request. ``django.contrib.auth.get_user`` still checks the session's password hash and
    ``user_can_authenticate`` still refuses a deactivated person.
    """

    def get_user(self, user_id: Any) -> User | None:
        memberships = list(
            Membership.objects.select_related("user", "organisation")
            .filter(user_id=user_id, is_active=True)
            .order_by("pk")
        )
        if not memberships:  # no organisation any more (or a staff account): load the person alone
            alone = super().get_user(user_id)
            if alone is not None:
                alone.active_memberships = []
            return alone
        user = memberships[0].user
        for membership in memberships:
            membership.user = user  # one person object, not one per row
        user.active_memberships = memberships
        return user if self.user_can_authenticate(user) else None
