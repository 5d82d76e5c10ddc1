"""Groups for tests: a group facilitated by the people fixture's supporter, a session, and attendance."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.groups import actions
from alongside.groups.models import Attendance, Group, Kind, Session, Status
from tests.conftest import People


def make_group(people: People, *facilitators: Membership, name: str = "Tuesday recovery meeting") -> Group:
    return actions.start_group(
        name=name,
        kind=Kind.ALL_RECOVERY,
        facilitators=facilitators or (people.supporter,),
        usual_time="Tuesdays, 6 pm",
        usual_place="Community room",
        by=people.admin,
    )


def make_session(people: People, group: Group, *, days_ago: int = 1) -> Session:
    starts = timezone.now() - timedelta(days=days_ago)
    return actions.add_session(group, starts_at=starts, ends_at=starts + timedelta(minutes=90), by=people.admin)


def mark(people: People, session: Session, client: Membership, status: str = Status.PRESENT) -> Attendance:
    return actions.mark_attendance(session, client, status, by=people.admin)


def session_with_both_clients(people: People) -> tuple[Group, Session, Attendance, Attendance]:
    """The supporter facilitates; the client and the other client both came."""
    group = make_group(people)
    session = make_session(people, group)
    return group, session, mark(people, session, people.client), mark(people, session, people.other_client)
