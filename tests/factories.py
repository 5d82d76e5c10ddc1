"""Factories for the three actors every access test names: a client, their supporter, and an outsider."""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password
from django.db import transaction

from alongside.accounts.models import Assignment, Membership, Organisation, Role, User
from alongside.reports import tallies

PASSWORD = "a long test passphrase"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CLIENT


def client_member(organisation: Organisation | None = None, **kwargs: object) -> Membership:
    return MembershipFactory.create(
        role=Role.CLIENT, **({"organisation": organisation} if organisation else {}), **kwargs
    )


def staff_member(role: str, organisation: Organisation | None = None, **kwargs: object) -> Membership:
    return MembershipFactory.create(role=role, **({"organisation": organisation} if organisation else {}), **kwargs)


def assign(client: Membership, supporter: Membership) -> Assignment:
    with (
        transaction.atomic(),
        tallies.kept(client.pk),
    ):  # as accounts.actions.assign does (its commit bumps the figures version)
        return Assignment.objects.create(
            organisation=client.organisation, client=client, supporter=supporter, started_by=supporter.user
        )
