"""What every table is built from: stored enums, optimistic-locking versions, UTC
timestamps, and the two tables the platform itself keeps (settings and the audit trail).

Conventions that every table follows:
- money is stored as integer cents (``*_cents`` columns, BigInteger) and read as
  ``decimal.Decimal`` through :mod:`partnerdesk.core.platform.money`; never ``float``;
- enums are stored as their ``value`` strings in a plain VARCHAR (``native_enum=False``)
  so that SQLite and PostgreSQL share one schema and adding a member needs no ALTER TYPE;
- every record a user edits carries ``row_version`` (optimistic locking: an update
  says ``WHERE row_version = :seen`` and bumps it) and ``created_at`` / ``updated_at``.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.text_limits import limited_text


class LabelledEnum(enum.StrEnum):
    """A str enum whose values are stable storage keys and whose ``label`` is for people."""

    @property
    def label(self) -> str:
        return _LABEL_OVERRIDES.get(self.value, self.value.replace("_", " ").capitalize())

    @classmethod
    def from_text(cls, text: str) -> LabelledEnum:
        """Accept a value (``mobile_crisis_team``) or a label (``Mobile crisis team``)."""
        wanted = text.strip().lower().replace("-", " ").replace("_", " ")
        for member in cls:
            if wanted in (member.value.replace("_", " "), member.label.lower()):
                return member
        allowed = ", ".join(m.value for m in cls)
        raise ValueError(f"{text!r} is not a {cls.__name__}; expected one of: {allowed}")


# Labels that plain capitalisation gets wrong.
_LABEL_OVERRIDES = {
    "co_responder_team": "Co-responder team",
    "mental_health_lead_police_backup": "Mental-health lead with police backup",
    "mental_health_agency": "Mental-health agency",
    "healthcare_partner": "Healthcare payer/partner",
    "insurance_medicaid": "Insurance / Medicaid billing",
    "confidentiality_privacy": "Confidentiality and privacy (HIPAA / 42 CFR Part 2)",
    "budgeted": "Budgeted / committed",
    "intermediate": "Intermediate (with consent)",
    "peer_support_organization": "Peer-support organization",
}


class AuditAction(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ARCHIVE = "archive"
    IMPORT = "import"
    RESTORE = "restore"


# Record ids are INTEGER columns, 32 bits on PostgreSQL: no record has a larger id.
MAX_RECORD_ID = 2**31 - 1


def typed_record_id(text: str) -> int | None:
    """The number in what a user typed as a record id (``"12"``), None when the text is not
    a number (it may be a name or a code). Only ASCII digits count (``"²"`` is a code), and
    a number beyond :data:`MAX_RECORD_ID` becomes 0, which finds no record."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value) if len(value) <= 10 else 0
    return number if number <= MAX_RECORD_ID else 0


def enum_type(enum_cls: type[enum.Enum]) -> sa.Enum:
    """Store an enum as its value in a VARCHAR, the same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=40,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


def version_column() -> sa.Column[int]:
    """``row_version`` for optimistic locking: SQLAlchemy adds ``WHERE row_version = <the
    value read>`` to every UPDATE/DELETE and raises StaleDataError when someone else saved
    first (turned into a ConflictError by ``Database.transaction``). One per table."""
    return sa.Column("row_version", sa.Integer, nullable=False, default=1)


def utc_now() -> datetime:
    return clock.now_utc()


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A moment in time, always handed back as an aware UTC datetime. SQLite keeps no time
    zone, so values are converted to UTC on the way in and marked UTC on the way out;
    otherwise a timestamp would be shown in the wrong zone on a user's machine."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timestamp_field() -> Any:
    return Field(default_factory=utc_now, sa_type=UTCDateTime)


SETTING_CHARS = 10_000


class Setting(SQLModel, table=True):
    """Program-wide settings as key/value text (fiscal-year start month, currency, name...)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str = limited_text(SETTING_CHARS, label="setting", default="")


class ChangeKind(LabelledEnum):
    """The kinds of record the audit log names (its ``entity_type``). A committed
    transaction announces the kinds it changed, so that open lists of those kinds reload;
    the UI listens for these, never for strings."""

    PROGRAM = "program"
    SETTING = "setting"
    ORGANIZATION = "organization"
    CONTACT = "contact"
    GROUP = "stakeholder_group"
    MOU = "mou"
    MOU_PARTY = "mou_party"
    REVIEW = "review"
    CLAUSE = "clause"
    FUNDING_SOURCE = "funding_source"
    LEDGER_ENTRY = "ledger_entry"
    PROGRAM_COST = "program_cost"
    SCENARIO = "projection_scenario"
    TRASH = "deleted_record"  # the deleted records that can be restored (platform/trash)
    INDICATOR = "indicator"
    INDICATOR_VALUE = "indicator_value"
    UNIT_COST = "unit_cost"
    EVALUATION = "evaluation"
    TRAINING_ROLE = "training_role"
    RESPONDER = "responder"
    TRAINING_COURSE = "training_course"
    TRAINING_REQUIREMENT = "training_requirement"
    TRAINING_SESSION = "training_session"  # its trainers and attendance too
    # Grants (values are table names: a conflict looks the record up by them).
    GRANT_TERMS = "grant_terms"
    OBLIGATION_RULE = "obligation_rule"
    OBLIGATION = "obligation"
    PROSPECT = "funding_prospect"


class AuditEvent(SQLModel, table=True):
    """One change to one record: who (OS and database user), when, what, from what to what."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = timestamp_field()
    os_user: str = Field(max_length=120)
    db_user: str | None = Field(default=None, max_length=120)
    entity_type: str = Field(max_length=40, index=True)
    entity_id: int | None = Field(default=None, index=True)
    action: AuditAction = Field(sa_type=enum_type(AuditAction))
    field: str | None = Field(default=None, max_length=80)
    old_value: str | None = None
    new_value: str | None = None
    summary: str | None = None
    # The record's row_version the change was saved over (None for a creation, or a record
    # with no version): "what changed since I opened version N" is found by version, so it
    # does not depend on anyone's clock.
    row_version: int | None = None


class CalendarEventState(SQLModel, table=True):
    """What the calendar export last wrote for one event (see platform/ics.py): its
    SEQUENCE grows only when the event changes, and an event that no longer applies is
    written as cancelled, at the date and with the title it last had."""

    __tablename__ = "calendar_event"

    key: str = Field(primary_key=True, max_length=120)
    sequence: int = 0
    fingerprint: str = Field(max_length=64)
    day: date
    summary: str = Field(max_length=400)
    category: str = Field(max_length=80)
    cancelled: bool = False
