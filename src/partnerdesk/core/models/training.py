"""Tables of joint training: the roles people hold, the responders (people of the
directory who respond to calls), courses and what each role requires, sessions, who
trained them and who attended.

A responder is a contact (``responder.contact_id``), never a copy of the person: the
name, agency (the contact's organization) and email stay in the directory. Hours are
stored as whole hundredths of an hour (``*_hundredths``: 7.5 h is 750), exact like money.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from partnerdesk.core.models.directory import DESCRIPTION_CHARS, NOTES_CHARS
from partnerdesk.core.platform.schema import timestamp_field, version_column
from partnerdesk.core.platform.text_limits import limited_text

_ROLE_VERSION = version_column()


class TrainingRole(SQLModel, table=True):
    """A role a responder holds (police officer, clinician, ...): a list users can extend."""

    __tablename__ = "training_role"
    __mapper_args__ = {"version_id_col": _ROLE_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    position: int = 0  # display order
    active: bool = True
    row_version: int = Field(default=1, sa_column=_ROLE_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


_RESPONDER_VERSION = version_column()


class Responder(SQLModel, table=True):
    """A person of the directory who responds to calls and must keep their training up.
    Active from ``start_date``; gone from ``left_date`` on (when set)."""

    __tablename__ = "responder"
    __mapper_args__ = {"version_id_col": _RESPONDER_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", unique=True)
    start_date: date
    left_date: date | None = None
    notes: str | None = limited_text(NOTES_CHARS)
    row_version: int = Field(default=1, sa_column=_RESPONDER_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class ResponderRole(SQLModel, table=True):
    """Which role a responder holds from ``start_date`` on (until their next row): the
    history the readiness rules need when someone changes role."""

    __tablename__ = "responder_role"
    __table_args__ = (sa.UniqueConstraint("responder_id", "start_date"),)

    id: int | None = Field(default=None, primary_key=True)
    responder_id: int = Field(foreign_key="responder.id", index=True)
    role_id: int = Field(foreign_key="training_role.id", index=True)
    start_date: date


_COURSE_VERSION = version_column()


class TrainingCourse(SQLModel, table=True):
    __tablename__ = "training_course"
    __mapper_args__ = {"version_id_col": _COURSE_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    hours_hundredths: int  # the course's usual length
    description: str | None = limited_text(DESCRIPTION_CHARS)
    active: bool = True
    row_version: int = Field(default=1, sa_column=_COURSE_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


_REQUIREMENT_VERSION = version_column()


class TrainingRequirement(SQLModel, table=True):
    """A course a role must complete: ``hours_hundredths`` of attendance (accumulated over
    sessions) within ``due_within_days`` of taking up the role, then again every
    ``recurrence_months`` after the last completion (never again when None)."""

    __tablename__ = "training_requirement"
    __table_args__ = (sa.UniqueConstraint("role_id", "course_id"),)
    __mapper_args__ = {"version_id_col": _REQUIREMENT_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    role_id: int = Field(foreign_key="training_role.id", index=True)
    course_id: int = Field(foreign_key="training_course.id", index=True)
    hours_hundredths: int
    due_within_days: int
    recurrence_months: int | None = None
    row_version: int = Field(default=1, sa_column=_REQUIREMENT_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


_SESSION_VERSION = version_column()


class TrainingSession(SQLModel, table=True):
    """One session of a course, on one day or over consecutive days (``end_date``)."""

    __tablename__ = "training_session"
    __mapper_args__ = {"version_id_col": _SESSION_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="training_course.id", index=True)
    start_date: date = Field(index=True)
    end_date: date
    hours_hundredths: int
    place: str | None = Field(default=None, max_length=200)
    capacity: int | None = None
    notes: str | None = limited_text(NOTES_CHARS)
    row_version: int = Field(default=1, sa_column=_SESSION_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class SessionTrainer(SQLModel, table=True):
    """Who trains a session: any contact, a responder or not."""

    __tablename__ = "training_session_trainer"

    session_id: int = Field(foreign_key="training_session.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)


class Attendance(SQLModel, table=True):
    """The hours one responder attended of one session."""

    __tablename__ = "training_attendance"
    __table_args__ = (sa.UniqueConstraint("session_id", "responder_id"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="training_session.id", index=True)
    responder_id: int = Field(foreign_key="responder.id", index=True)
    hours_hundredths: int
