"""Shared by the training tests: a program with the standard catalogue and two agencies
(``program``), and short ways to add a responder, a session and attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from partnerdesk.core.directory.contact_commands import ContactInput, create_contact
from partnerdesk.core.models import Organization, OrganizationKind, TrainingSession
from partnerdesk.core.platform.db import Database
from partnerdesk.core.training import seed
from partnerdesk.core.training.responders import ResponderInput, create_responder
from partnerdesk.core.training.sessions import SessionInput, apply_attendance, create_session
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


@dataclass
class Program:
    database: Database
    roles: dict[str, int]
    courses: dict[str, int]
    police: int
    health: int

    def person(
        self,
        name: str,
        role: str = seed.OFFICER,
        *,
        start: date = date(2026, 1, 5),
        agency: int | None = None,
        email: str | None = None,
        left: date | None = None,
    ) -> int:
        """A new contact made a responder; returns the responder id."""
        with self.database.transaction() as session:
            contact = create_contact(
                session,
                ContactInput(
                    name,
                    organization_id=agency or self.police,
                    email=email or f"{name.lower().replace(' ', '.')}@lakeside.example",
                ),
            )
            assert contact.id is not None
            return create_responder(
                session, ResponderInput(contact.id, self.roles[role], start, left_date=left)
            )

    def session_of(self, course: str, day: date, hours: int | None = None, *, days: int = 1) -> int:
        """A session of ``course`` (its usual length unless ``hours``) from ``day``."""
        lengths = {name: h for name, h, _text in seed.STANDARD_COURSES}
        with self.database.transaction() as session:
            return create_session(
                session,
                SessionInput(
                    self.courses[course],
                    day,
                    (hours or lengths[course]) * 100,
                    end_date=day + timedelta(days=days - 1),
                    place="Lakeside training room",
                ),
            )

    def attend(self, session_id: int, people: dict[int, int | None], today: date = TODAY) -> None:
        """``people``: responder id -> hundredths of an hour (None: the whole session)."""
        with self.database.transaction() as session:
            record = session.get(TrainingSession, session_id)
            assert record is not None
            hours = {
                rid: h if h is not None else record.hours_hundredths for rid, h in people.items()
            }
            apply_attendance(session, record, hours, today)


@pytest.fixture
def program(database: Database) -> Program:
    with database.transaction() as session:
        roles, courses = seed.load_standard_catalogue(session)
        ids = []
        for name, kind in (
            ("Lakeside Police", OrganizationKind.LAW_ENFORCEMENT),
            ("Lakeside Behavioral Health", OrganizationKind.MENTAL_HEALTH_AGENCY),
        ):
            org = Organization(name=name, name_key=name.lower(), kind=kind)
            session.add(org)
            session.flush()
            assert org.id is not None
            ids.append(org.id)
    return Program(database, roles, courses, ids[0], ids[1])
