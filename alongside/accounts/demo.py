"""Demo people: one admin, one supervisor, three peer supporters and thirty-six clients with assignment history.

Thirty-six, so that more than thirty have answered each frequent check-in: below thirty first answers the
organisation's own reliability estimate (feedback/reliability.py) says "not enough data yet", and the demo should show
reliable change at work."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from alongside.core.demo import DEMO_PASSWORD, DEMO_SLUG, DemoContext

from .models import Assignment, Membership, Organisation, Role, User

STAFF = [
    ("Amara Okafor", "admin", Role.ADMIN),
    ("Daniel Reyes", "supervisor", Role.SUPERVISOR),
    ("Priya Natarajan", "priya", Role.SUPPORTER),
    ("Marcus Bell", "marcus", Role.SUPPORTER),
    ("Sofia Lindqvist", "sofia", Role.SUPPORTER),
]
CLIENT_NAMES = [
    "Jordan Miller",
    "Aisha Rahman",
    "Luis Hernández",
    "Mei Chen",
    "Tomasz Kowalski",
    "Grace Mensah",
    "Ethan Walker",
    "Fatima Al-Sayed",
    "Noah Thompson",
    "Keisha Brown",
    "Oliver Schmidt",
    "Ana Sousa",
    "Samuel Oyelaran",
    "Hannah Cohen",
    "Diego Morales",
    "Leila Haddad",
    "Ryan O'Connor",
    "Yuki Tanaka",
    "Chloe Dubois",
    "Kwame Asante",
    "Isabella Rossi",
    "Malik Johnson",
    "Sara Nilsson",
    "Ravi Patel",
    "Maya Goldberg",
    "Tyrone Davis",
    "Elena Petrova",
    "Jamal Wright",
    "Nadia Volkova",
    "Carmen Ruiz",
    "Owen Fletcher",
    "Priscilla Adjei",
    "Dmitri Ivanov",
    "Lucia Ferraro",
    "Hiro Sato",
    "Ben Carter",
]


def _member(organisation: Organisation, name: str, email: str, role: str, password_hash: str) -> Membership:
    user = User.objects.create(email=email, display_name=name, password=password_hash)
    return Membership.objects.create(organisation=organisation, user=user, role=role)


AFTER: tuple[str, ...] = ()


def populate(ctx: DemoContext) -> str:
    organisation = Organisation.objects.create(name="Riverside Peer Recovery Network", slug=DEMO_SLUG)
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    staff = [
        _member(organisation, name, f"{handle}@riverside.example", role, password_hash) for name, handle, role in STAFF
    ]
    ctx.organisation, ctx.admin, ctx.supervisor, ctx.supporters = organisation, staff[0], staff[1], staff[2:]
    now = timezone.now()
    for index, name in enumerate(CLIENT_NAMES):
        handle = name.lower().replace(" ", ".").replace("'", "").replace("á", "a").replace("é", "e")
        client = _member(organisation, name, f"{handle}@client.example", Role.CLIENT, password_hash)
        ctx.clients.append(client)
        if index == len(CLIENT_NAMES) - 1:
            continue  # one person is still waiting to be matched
        started = now - timedelta(days=ctx.rng.randint(30, 400))
        supporter = ctx.supporters[index % 3]
        if index % 7 == 3:  # some people changed supporter along the way
            earlier = ctx.supporters[(index + 1) % 3]
            switched = started + timedelta(days=ctx.rng.randint(10, 25))
            Assignment.objects.create(
                organisation=organisation,
                client=client,
                supporter=earlier,
                started_at=started,
                started_by=ctx.admin.user,
                ended_at=switched,
                ended_by=ctx.admin.user,
            )
            started = switched
        Assignment.objects.create(
            organisation=organisation, client=client, supporter=supporter, started_at=started, started_by=ctx.admin.user
        )
    return f"people ({len(staff) + len(ctx.clients)})"
