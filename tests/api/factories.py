"""API tokens for tests, made directly (the creation action is tested on its own)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from alongside.accounts.actions import hash_token
from alongside.accounts.models import Membership
from alongside.api.actions import new_secret
from alongside.api.models import ApiToken


def make_token(member: Membership, name: str = "Test token", **fields: Any) -> tuple[ApiToken, str]:
    secret = new_secret()
    token = ApiToken.objects.create(
        organisation=member.organisation,
        membership=member,
        name=name,
        token_hash=hash_token(secret),
        created_by=member.user,
        expires_at=fields.pop("expires_at", timezone.now() + timedelta(days=30)),
        **fields,
    )
    return token, secret


def api_client(member: Membership) -> Client:
    """A test client that sends a fresh token acting as ``member`` with every request."""
    _, secret = make_token(member)
    return Client(headers={"Authorization": f"Bearer {secret}"})
