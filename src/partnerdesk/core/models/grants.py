"""Tables of the grants: what a grant requires (match, reminder lead times), the reports
and other deliverables it obliges the program to, and the pipeline of prospective money.

A grant's obligations are kept as *rules* (``obligation_rule``: "a progress report 30
days after each quarter of the grant period") that expand into dated *items*
(``obligation``: "due 2026-10-30, for July-September 2026"), each with its own status.
An item keeps its id while its rule or the grant period moves it, so a calendar event or
a link to it stays valid.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from partnerdesk.core.models.directory import NOTES_CHARS
from partnerdesk.core.models.funding import FundingSourceKind
from partnerdesk.core.platform.schema import (
    LabelledEnum,
    enum_type,
    timestamp_field,
    version_column,
)
from partnerdesk.core.platform.text_limits import limited_text


class ObligationKind(LabelledEnum):
    PROGRESS_REPORT = "progress_report"
    FINANCIAL_REPORT = "financial_report"
    FINAL_REPORT = "final_report"
    RENEWAL_APPLICATION = "renewal_application"
    AUDIT = "audit"
    OTHER = "other"


class ObligationSchedule(LabelledEnum):
    """How a rule's due dates are worked out (see ``core/funding/obligation_rules.py``)."""

    ONCE = "once"  # on a date
    EACH_PERIOD = "each_period"  # after each period (quarter, year...) of the grant
    GRANT_END = "grant_end"  # before or after the end of the grant period


class PeriodAlignment(LabelledEnum):
    """Where the periods of an ``each_period`` rule start."""

    GRANT = "grant"  # from the grant's start date (grant quarters)
    CALENDAR = "calendar"  # calendar quarters / years
    FISCAL = "fiscal"  # the program's fiscal quarters / years


class ObligationStatus(LabelledEnum):
    """As stored. "Late" is not stored: an upcoming item past its due date is shown late."""

    UPCOMING = "upcoming"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"


class ProspectStage(LabelledEnum):
    IDENTIFIED = "identified"
    DRAFTING = "drafting"
    SUBMITTED = "submitted"
    AWARDED = "awarded"
    DECLINED = "declined"


# Stages of a prospect still waiting for a decision (the ones a projection weighs).
OPEN_STAGES: tuple[ProspectStage, ...] = (
    ProspectStage.IDENTIFIED,
    ProspectStage.DRAFTING,
    ProspectStage.SUBMITTED,
)

_GRANT_TERMS_VERSION = version_column()


class GrantTerms(SQLModel, table=True):
    """What one funding source requires besides its reports: a local match (a share of
    the grant's money, or a fixed amount) and how early to remind people of its dates."""

    __tablename__ = "grant_terms"
    __mapper_args__ = {"version_id_col": _GRANT_TERMS_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    funding_source_id: int = Field(foreign_key="funding_source.id", unique=True)
    # Basis points of the grant's money (2500 = 25 %); or a fixed amount; or neither.
    match_share_bp: int | None = None
    match_amount_cents: int | None = Field(default=None, sa_type=sa.BigInteger)
    # Days before a due date at which reminders fire, comma-separated ("90,30,7").
    reminder_days: str = Field(default="90,30,7", max_length=60)
    row_version: int = Field(default=1, sa_column=_GRANT_TERMS_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class GrantMatchSource(SQLModel, table=True):
    """Another source whose money counts as the grant's match (a city contribution)."""

    __tablename__ = "grant_match_source"

    grant_source_id: int = Field(foreign_key="funding_source.id", primary_key=True)
    match_source_id: int = Field(foreign_key="funding_source.id", primary_key=True, index=True)


_OBLIGATION_RULE_VERSION = version_column()


class ObligationRule(SQLModel, table=True):
    """A deliverable a grant requires, on a date or by a rule over the grant period."""

    __tablename__ = "obligation_rule"
    __mapper_args__ = {"version_id_col": _OBLIGATION_RULE_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    funding_source_id: int = Field(foreign_key="funding_source.id", index=True)
    kind: ObligationKind = Field(sa_type=enum_type(ObligationKind))
    title: str = Field(max_length=200)
    schedule: ObligationSchedule = Field(sa_type=enum_type(ObligationSchedule))
    due_date: date | None = None  # ``once`` rules
    period_months: int = 3  # ``each_period`` rules
    alignment: PeriodAlignment = Field(
        default=PeriodAlignment.GRANT, sa_type=enum_type(PeriodAlignment)
    )
    # After the period end (or the grant end): months first, then days; negative = before.
    offset_months: int = 0
    offset_days: int = 0
    owner_contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    notes: str | None = limited_text(NOTES_CHARS)
    row_version: int = Field(default=1, sa_column=_OBLIGATION_RULE_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


_OBLIGATION_VERSION = version_column()


class Obligation(SQLModel, table=True):
    """One dated item of a rule: the report for one period, or the one-off deliverable."""

    __tablename__ = "obligation"
    __table_args__ = (sa.UniqueConstraint("rule_id", "sequence"),)
    __mapper_args__ = {"version_id_col": _OBLIGATION_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    rule_id: int = Field(foreign_key="obligation_rule.id", index=True)
    sequence: int = 0  # its place in the rule's schedule (0, 1, 2...)
    period_start: date | None = None  # the period it reports on
    period_end: date | None = None
    due_date: date = Field(index=True)
    status: ObligationStatus = Field(
        default=ObligationStatus.UPCOMING, sa_type=enum_type(ObligationStatus)
    )
    submitted_on: date | None = None
    accepted_on: date | None = None
    notes: str | None = limited_text(NOTES_CHARS)
    row_version: int = Field(default=1, sa_column=_OBLIGATION_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


_PROSPECT_VERSION = version_column()


class FundingProspect(SQLModel, table=True):
    """Money the program is seeking: its stage, what is asked for, over which period, and
    how likely it is. An awarded prospect becomes a funding source and points at it."""

    __tablename__ = "funding_prospect"
    __mapper_args__ = {"version_id_col": _PROSPECT_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    funder_organization_id: int | None = Field(
        default=None, foreign_key="organization.id", index=True
    )
    kind: FundingSourceKind = Field(sa_type=enum_type(FundingSourceKind))
    stage: ProspectStage = Field(default=ProspectStage.IDENTIFIED, sa_type=enum_type(ProspectStage))
    # The whole request, spread evenly by day over start..end in projections.
    amount_requested_cents: int = Field(sa_type=sa.BigInteger)
    amount_awarded_cents: int | None = Field(default=None, sa_type=sa.BigInteger)
    start_date: date
    end_date: date | None = None  # None: one year from the start
    decision_date: date | None = None
    probability_pct: int = 50
    owner_contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    notes: str | None = limited_text(NOTES_CHARS)
    funding_source_id: int | None = Field(
        default=None, foreign_key="funding_source.id", unique=True
    )
    row_version: int = Field(default=1, sa_column=_PROSPECT_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
