"""Tables of the stakeholder directory: organizations, people, stakeholder groups."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from partnerdesk.core.platform.schema import (
    LabelledEnum,
    enum_type,
    timestamp_field,
    version_column,
)
from partnerdesk.core.platform.text_limits import labelled, limited_text


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


class GroupKind(LabelledEnum):
    WORKING_GROUP = "working_group"
    SUSTAINABILITY_COMMITTEE = "sustainability_committee"
    CUSTOM = "custom"


# Free-text limits (characters), shared by the editors, the imports and the command line.
NOTES_CHARS = 10_000  # a page or so of notes on a record
ADDRESS_CHARS = 500
DESCRIPTION_CHARS = 2_000

_ORGANIZATION_VERSION = version_column()


class Organization(SQLModel, table=True):
    __tablename__ = "organization"
    __mapper_args__ = {"version_id_col": _ORGANIZATION_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # Lower-cased, whitespace-collapsed name: uniqueness is case-insensitive everywhere.
    name_key: str = Field(max_length=200, unique=True)
    kind: OrganizationKind = Field(sa_type=enum_type(OrganizationKind))
    address: str | None = limited_text(ADDRESS_CHARS)
    phone: str | None = Field(default=None, max_length=60)
    website: str | None = Field(default=None, max_length=300)
    notes: str | None = limited_text(NOTES_CHARS)
    active: bool = True
    row_version: int = Field(default=1, sa_column=_ORGANIZATION_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class StakeholderGroup(SQLModel, table=True):
    """Working group, sustainability committee, or a group the user defines."""

    __tablename__ = "stakeholder_group"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    kind: GroupKind = Field(sa_type=enum_type(GroupKind))
    description: str | None = limited_text(DESCRIPTION_CHARS)


_CONTACT_VERSION = version_column()


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __mapper_args__ = {"version_id_col": _CONTACT_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200, index=True, sa_column_kwargs=labelled("name"))
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    title: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254, index=True)
    phone: str | None = Field(default=None, max_length=60)
    active: bool = True
    notes: str | None = limited_text(NOTES_CHARS)
    row_version: int = Field(default=1, sa_column=_CONTACT_VERSION)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class GroupMembership(SQLModel, table=True):
    __tablename__ = "group_membership"

    group_id: int = Field(foreign_key="stakeholder_group.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)
    role_in_group: str | None = Field(default=None, max_length=120)  # e.g. "chair"
