"""Tables of the agreements: MOUs, their parties and contacts, reviews, the clause library."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from partnerdesk.core.models.directory import NOTES_CHARS
from partnerdesk.core.platform.schema import (
    LabelledEnum,
    enum_type,
    timestamp_field,
    version_column,
)
from partnerdesk.core.platform.text_limits import limited_text


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


# Why a review was postponed: a sentence or two.
REASON_CHARS = 500
# A clause's text (or its rewording for one MOU): several pages of an agreement.
CLAUSE_TEXT_CHARS = 50_000

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
    notes: str | None = limited_text(NOTES_CHARS)
    archived: bool = False
    row_version: int = Field(default=1, sa_column=_MOU_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


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
    snooze_reason: str | None = limited_text(REASON_CHARS)
    completed_date: date | None = None
    outcome: ReviewOutcome | None = Field(default=None, sa_type=enum_type(ReviewOutcome))
    reviewer: str | None = Field(default=None, max_length=200)
    reviewer_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    notes: str | None = limited_text(NOTES_CHARS)
    row_version: int = Field(default=1, sa_column=_REVIEW_VERSION)
    created_at: datetime = timestamp_field()


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
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class ClauseVersion(SQLModel, table=True):
    __tablename__ = "clause_version"
    __table_args__ = (sa.UniqueConstraint("clause_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    clause_id: int = Field(foreign_key="clause.id", index=True)
    version: int
    title: str = Field(max_length=300)
    body: str = limited_text(CLAUSE_TEXT_CHARS, label="clause text", default=...)
    created_at: datetime = timestamp_field()
    created_by: str | None = Field(default=None, max_length=120)


class MouClause(SQLModel, table=True):
    """A clause version included in an MOU, in order, optionally reworded for this MOU only."""

    __tablename__ = "mou_clause"

    id: int | None = Field(default=None, primary_key=True)
    mou_id: int = Field(foreign_key="mou.id", index=True)
    clause_version_id: int = Field(foreign_key="clause_version.id", index=True)
    position: int = 0
    override_body: str | None = limited_text(CLAUSE_TEXT_CHARS, label="reworded clause text")
