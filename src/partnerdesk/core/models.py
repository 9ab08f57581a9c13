"""The vocabulary of the domain: SQLModel tables and the enums for every kind and status.

Conventions that every table follows:
- money is stored as integer cents (``*_cents`` columns, BigInteger) and read as
  ``decimal.Decimal`` through :mod:`partnerdesk.core.money`; never ``float``;
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

from partnerdesk.core import clock

# --------------------------------------------------------------------------- enums


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


class OrganizationKind(LabelledEnum):
    LAW_ENFORCEMENT = "law_enforcement"
    MENTAL_HEALTH_AGENCY = "mental_health_agency"
    HOSPITAL = "hospital"
    COMMUNITY_ORGANIZATION = "community_organization"
    LOCAL_GOVERNMENT = "local_government"
    HEALTHCARE_PARTNER = "healthcare_partner"
    FOUNDATION = "foundation"
    STATE_AGENCY = "state_agency"
    FEDERAL_AGENCY = "federal_agency"
    PEER_SUPPORT_ORGANIZATION = "peer_support_organization"
    OTHER = "other"


class ResponseModel(LabelledEnum):
    CO_RESPONDER_TEAM = "co_responder_team"
    MOBILE_CRISIS_TEAM = "mobile_crisis_team"
    MENTAL_HEALTH_LEAD_POLICE_BACKUP = "mental_health_lead_police_backup"
    OTHER = "other"


class MouStatus(LabelledEnum):
    DRAFT = "draft"
    IN_NEGOTIATION = "in_negotiation"
    ACTIVE = "active"
    UNDER_REVIEW = "under_review"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class PartyRole(LabelledEnum):
    LEAD_AGENCY = "lead_agency"
    PARTNER = "partner"
    FUNDER = "funder"


class ContactMouRole(LabelledEnum):
    SIGNATORY = "signatory"
    LIAISON = "liaison"
    LEGAL = "legal"
    PRIVACY_OFFICER = "privacy_officer"


class SharingTier(LabelledEnum):
    """Information-sharing tiers, from least to most disclosure."""

    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    FULL = "full"


class ReviewOutcome(LabelledEnum):
    RENEWED_UNCHANGED = "renewed_unchanged"
    AMENDED = "amended"
    TERMINATED = "terminated"


class ClauseCategory(LabelledEnum):
    RESPONSE_PROTOCOL = "response_protocol"
    INFORMATION_SHARING = "information_sharing"
    LIABILITY = "liability"
    FUNDING_ARRANGEMENT = "funding_arrangement"
    EVALUATION_METRICS = "evaluation_metrics"
    TRAINING = "training"
    CONFIDENTIALITY_PRIVACY = "confidentiality_privacy"
    DATA_RETENTION = "data_retention"
    TERMINATION = "termination"
    DISPUTE_RESOLUTION = "dispute_resolution"
    GENERAL = "general"


# The five subjects every MOU must cover.
REQUIRED_CLAUSE_CATEGORIES: tuple[ClauseCategory, ...] = (
    ClauseCategory.RESPONSE_PROTOCOL,
    ClauseCategory.INFORMATION_SHARING,
    ClauseCategory.LIABILITY,
    ClauseCategory.FUNDING_ARRANGEMENT,
    ClauseCategory.EVALUATION_METRICS,
)


class ClauseStatus(LabelledEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


class FundingSourceKind(LabelledEnum):
    MUNICIPAL_BUDGET = "municipal_budget"
    HEALTHCARE_PARTNERSHIP = "healthcare_partnership"
    COMMUNITY_FOUNDATION = "community_foundation"
    STATE_GRANT = "state_grant"
    FEDERAL_GRANT = "federal_grant"
    INSURANCE_MEDICAID = "insurance_medicaid"
    DONATION = "donation"
    OTHER = "other"


GRANT_KINDS: tuple[FundingSourceKind, ...] = (
    FundingSourceKind.STATE_GRANT,
    FundingSourceKind.FEDERAL_GRANT,
)


class LedgerEntryType(LabelledEnum):
    BUDGETED = "budgeted"
    RECEIVED = "received"
    ADJUSTMENT = "adjustment"


class CostCategory(LabelledEnum):
    PERSONNEL = "personnel"
    TRAINING = "training"
    VEHICLES = "vehicles"
    TECHNOLOGY = "technology"
    EVALUATION = "evaluation"
    OVERHEAD = "overhead"
    OTHER = "other"


class GroupKind(LabelledEnum):
    WORKING_GROUP = "working_group"
    SUSTAINABILITY_COMMITTEE = "sustainability_committee"
    CUSTOM = "custom"


class AuditAction(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ARCHIVE = "archive"
    IMPORT = "import"
    RESTORE = "restore"


# --------------------------------------------------------------------------- helpers


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


def _timestamp() -> Any:
    return Field(default_factory=utc_now, sa_type=UTCDateTime)


# --------------------------------------------------------------------------- settings and audit


class Setting(SQLModel, table=True):
    """Program-wide settings as key/value text (fiscal-year start month, currency, name...)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(default="")


class AuditEvent(SQLModel, table=True):
    """One change to one record: who (OS and database user), when, what, from what to what."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = _timestamp()
    os_user: str = Field(max_length=120)
    db_user: str | None = Field(default=None, max_length=120)
    entity_type: str = Field(max_length=40, index=True)
    entity_id: int | None = Field(default=None, index=True)
    action: AuditAction = Field(sa_type=enum_type(AuditAction))
    field: str | None = Field(default=None, max_length=80)
    old_value: str | None = None
    new_value: str | None = None
    summary: str | None = None


# --------------------------------------------------------------------------- stakeholders


_ORGANIZATION_VERSION = version_column()


class Organization(SQLModel, table=True):
    __tablename__ = "organization"
    __mapper_args__ = {"version_id_col": _ORGANIZATION_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # Lower-cased, whitespace-collapsed name: uniqueness is case-insensitive everywhere.
    name_key: str = Field(max_length=200, unique=True)
    kind: OrganizationKind = Field(sa_type=enum_type(OrganizationKind))
    address: str | None = None
    phone: str | None = Field(default=None, max_length=60)
    website: str | None = Field(default=None, max_length=300)
    notes: str | None = None
    active: bool = True
    row_version: int = Field(default=1, sa_column=_ORGANIZATION_VERSION)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class StakeholderGroup(SQLModel, table=True):
    """Working group, sustainability committee, or a group the user defines."""

    __tablename__ = "stakeholder_group"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    kind: GroupKind = Field(sa_type=enum_type(GroupKind))
    description: str | None = None


_CONTACT_VERSION = version_column()


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __mapper_args__ = {"version_id_col": _CONTACT_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200, index=True)
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    title: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254, index=True)
    phone: str | None = Field(default=None, max_length=60)
    active: bool = True
    notes: str | None = None
    row_version: int = Field(default=1, sa_column=_CONTACT_VERSION)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class GroupMembership(SQLModel, table=True):
    __tablename__ = "group_membership"

    group_id: int = Field(foreign_key="stakeholder_group.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)
    role_in_group: str | None = Field(default=None, max_length=120)  # e.g. "chair"


# --------------------------------------------------------------------------- MOUs


_MOU_VERSION = version_column()


class Mou(SQLModel, table=True):
    """One version of an agreement. An amendment is a new row whose ``supersedes_id`` points
    at the version it replaces; the register shows the rows nobody supersedes."""

    __tablename__ = "mou"
    __table_args__ = (sa.UniqueConstraint("reference_code", "version_number"),)
    __mapper_args__ = {"version_id_col": _MOU_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    reference_code: str = Field(max_length=60, index=True)
    version_number: int = 1
    supersedes_id: int | None = Field(default=None, foreign_key="mou.id")
    title: str = Field(max_length=300)
    response_model: ResponseModel = Field(sa_type=enum_type(ResponseModel))
    status: MouStatus = Field(default=MouStatus.DRAFT, sa_type=enum_type(MouStatus))
    effective_date: date | None = None
    expiry_date: date | None = None
    review_interval_months: int = 12
    # Days before a due date at which reminders fire, comma-separated ("90,30,7").
    reminder_days: str = Field(default="90,30,7", max_length=60)
    owner_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    notes: str | None = None
    archived: bool = False
    row_version: int = Field(default=1, sa_column=_MOU_VERSION)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class MouParty(SQLModel, table=True):
    __tablename__ = "mou_party"
    __table_args__ = (sa.UniqueConstraint("mou_id", "organization_id"),)

    id: int | None = Field(default=None, primary_key=True)
    mou_id: int = Field(foreign_key="mou.id", index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    role: PartyRole = Field(sa_type=enum_type(PartyRole))
    signatory_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    date_signed: date | None = None
    sharing_tier: SharingTier | None = Field(default=None, sa_type=enum_type(SharingTier))
    position: int = 0


class MouContact(SQLModel, table=True):
    """A person's role on an MOU beyond signing for a party (liaison, legal, privacy officer)."""

    __tablename__ = "mou_contact"
    __table_args__ = (sa.UniqueConstraint("mou_id", "contact_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    mou_id: int = Field(foreign_key="mou.id", index=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    role: ContactMouRole = Field(sa_type=enum_type(ContactMouRole))


_REVIEW_VERSION = version_column()


class Review(SQLModel, table=True):
    """A scheduled, snoozed or completed periodic review of an MOU."""

    __tablename__ = "review"
    __mapper_args__ = {"version_id_col": _REVIEW_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    mou_id: int = Field(foreign_key="mou.id", index=True)
    due_date: date = Field(index=True)
    snoozed_until: date | None = None
    snooze_reason: str | None = None
    completed_date: date | None = None
    outcome: ReviewOutcome | None = Field(default=None, sa_type=enum_type(ReviewOutcome))
    reviewer: str | None = Field(default=None, max_length=200)
    reviewer_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    notes: str | None = None
    row_version: int = Field(default=1, sa_column=_REVIEW_VERSION)
    created_at: datetime = _timestamp()


# --------------------------------------------------------------------------- clauses


_CLAUSE_VERSION = version_column()


class Clause(SQLModel, table=True):
    """A reusable clause; its text lives in :class:`ClauseVersion` rows."""

    __tablename__ = "clause"
    __mapper_args__ = {"version_id_col": _CLAUSE_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    category: ClauseCategory = Field(sa_type=enum_type(ClauseCategory), index=True)
    title: str = Field(max_length=300)
    status: ClauseStatus = Field(default=ClauseStatus.DRAFT, sa_type=enum_type(ClauseStatus))
    # For information-sharing clauses: the tier the clause grants.
    sharing_tier: SharingTier | None = Field(default=None, sa_type=enum_type(SharingTier))
    current_version: int = 1
    row_version: int = Field(default=1, sa_column=_CLAUSE_VERSION)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class ClauseVersion(SQLModel, table=True):
    __tablename__ = "clause_version"
    __table_args__ = (sa.UniqueConstraint("clause_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    clause_id: int = Field(foreign_key="clause.id", index=True)
    version: int
    title: str = Field(max_length=300)
    body: str
    created_at: datetime = _timestamp()
    created_by: str | None = Field(default=None, max_length=120)


class MouClause(SQLModel, table=True):
    """A clause version included in an MOU, in order, optionally reworded for this MOU only."""

    __tablename__ = "mou_clause"

    id: int | None = Field(default=None, primary_key=True)
    mou_id: int = Field(foreign_key="mou.id", index=True)
    clause_version_id: int = Field(foreign_key="clause_version.id", index=True)
    position: int = 0
    override_body: str | None = None


# --------------------------------------------------------------------------- funding


_FUNDING_SOURCE_VERSION = version_column()


class FundingSource(SQLModel, table=True):
    __tablename__ = "funding_source"
    __mapper_args__ = {"version_id_col": _FUNDING_SOURCE_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    funder_organization_id: int | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    kind: FundingSourceKind = Field(sa_type=enum_type(FundingSourceKind))
    restricted: bool = False
    grant_start: date | None = None
    grant_end: date | None = None
    # Whole percent, 0..100: the chance a grant is renewed after grant_end.
    renewal_probability_pct: int = 100
    # Expected annual growth in basis points (may be negative): 250 = +2.5 % a year.
    annual_growth_bp: int = 0
    notes: str | None = None
    active: bool = True
    row_version: int = Field(default=1, sa_column=_FUNDING_SOURCE_VERSION)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class FundingSourceMou(SQLModel, table=True):
    __tablename__ = "funding_source_mou"

    funding_source_id: int = Field(foreign_key="funding_source.id", primary_key=True)
    mou_id: int = Field(foreign_key="mou.id", primary_key=True, index=True)


_LEDGER_ENTRY_VERSION = version_column()


class LedgerEntry(SQLModel, table=True):
    __tablename__ = "ledger_entry"
    __mapper_args__ = {"version_id_col": _LEDGER_ENTRY_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    entry_date: date = Field(index=True)
    funding_source_id: int = Field(foreign_key="funding_source.id", index=True)
    entry_type: LedgerEntryType = Field(sa_type=enum_type(LedgerEntryType))
    amount_cents: int = Field(sa_type=sa.BigInteger)
    memo: str | None = None
    mou_id: int | None = Field(default=None, foreign_key="mou.id", index=True)
    row_version: int = Field(default=1, sa_column=_LEDGER_ENTRY_VERSION)
    created_at: datetime = _timestamp()


_PROGRAM_COST_VERSION = version_column()


class ProgramCost(SQLModel, table=True):
    __tablename__ = "program_cost"
    __mapper_args__ = {"version_id_col": _PROGRAM_COST_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    fiscal_year: int = Field(index=True)
    category: CostCategory = Field(sa_type=enum_type(CostCategory))
    amount_cents: int = Field(sa_type=sa.BigInteger)
    description: str | None = None
    row_version: int = Field(default=1, sa_column=_PROGRAM_COST_VERSION)
    created_at: datetime = _timestamp()


_PROJECTION_SCENARIO_VERSION = version_column()


class ProjectionScenario(SQLModel, table=True):
    """A named set of projection assumptions the committee saved (JSON text)."""

    __tablename__ = "projection_scenario"
    __mapper_args__ = {"version_id_col": _PROJECTION_SCENARIO_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    assumptions_json: str = "{}"
    row_version: int = Field(default=1, sa_column=_PROJECTION_SCENARIO_VERSION)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


# Every table of the schema, in an order that respects foreign keys (for copies and counts).
ALL_TABLES: tuple[type[SQLModel], ...] = (
    Setting,
    AuditEvent,
    Organization,
    StakeholderGroup,
    Contact,
    GroupMembership,
    Mou,
    MouParty,
    MouContact,
    Review,
    Clause,
    ClauseVersion,
    MouClause,
    FundingSource,
    FundingSourceMou,
    LedgerEntry,
    ProgramCost,
    ProjectionScenario,
)
