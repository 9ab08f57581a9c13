"""The schema: every table and enum of the program, one module per domain.

Domain packages import their tables from here (``from partnerdesk.core.models import Mou``):
the tables of one domain are read by others (a contact cannot be deleted while an MOU names
it), so the schema is one layer below every domain package, above the platform.
"""

from __future__ import annotations

from sqlmodel import SQLModel

from partnerdesk.core.models.directory import (
    Contact,
    GroupKind,
    GroupMembership,
    Organization,
    OrganizationKind,
    StakeholderGroup,
)
from partnerdesk.core.models.funding import (
    GRANT_KINDS,
    CostCategory,
    FundingSource,
    FundingSourceKind,
    FundingSourceMou,
    LedgerEntry,
    LedgerEntryType,
    ProgramCost,
    ProjectionScenario,
)
from partnerdesk.core.models.mou import (
    REQUIRED_CLAUSE_CATEGORIES,
    Clause,
    ClauseCategory,
    ClauseStatus,
    ClauseVersion,
    ContactMouRole,
    Mou,
    MouClause,
    MouContact,
    MouParty,
    MouStatus,
    PartyRole,
    ResponseModel,
    Review,
    ReviewOutcome,
    SharingTier,
)
from partnerdesk.core.platform.schema import (
    AuditAction,
    AuditEvent,
    CalendarEventState,
    LabelledEnum,
    Setting,
    UTCDateTime,
    enum_type,
    utc_now,
    version_column,
)
from partnerdesk.core.platform.trash import DeletedRecord

# Every table of the schema, in an order that respects foreign keys (for copies and counts).
ALL_TABLES: tuple[type[SQLModel], ...] = (
    Setting,
    AuditEvent,
    CalendarEventState,
    DeletedRecord,
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

__all__ = [
    "ALL_TABLES",
    "GRANT_KINDS",
    "REQUIRED_CLAUSE_CATEGORIES",
    "AuditAction",
    "AuditEvent",
    "CalendarEventState",
    "Clause",
    "ClauseCategory",
    "ClauseStatus",
    "ClauseVersion",
    "Contact",
    "ContactMouRole",
    "CostCategory",
    "DeletedRecord",
    "FundingSource",
    "FundingSourceKind",
    "FundingSourceMou",
    "GroupKind",
    "GroupMembership",
    "LabelledEnum",
    "LedgerEntry",
    "LedgerEntryType",
    "Mou",
    "MouClause",
    "MouContact",
    "MouParty",
    "MouStatus",
    "Organization",
    "OrganizationKind",
    "PartyRole",
    "ProgramCost",
    "ProjectionScenario",
    "ResponseModel",
    "Review",
    "ReviewOutcome",
    "Setting",
    "SharingTier",
    "StakeholderGroup",
    "UTCDateTime",
    "enum_type",
    "utc_now",
    "version_column",
]
