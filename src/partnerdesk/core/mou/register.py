"""The MOU register, read: the list of agreements, one agreement in detail, and what the
editor's pickers offer.

The register shows current versions only (an amendment supersedes the version before it,
see :mod:`~partnerdesk.core.mou.versions`), each with the status a user sees (an agreement
in force past its expiry date shows as expired, see
:func:`~partnerdesk.core.mou.rules.shown_status`). Changing the register is
:mod:`~partnerdesk.core.mou.commands`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from partnerdesk.core.directory.names import surname_key
from partnerdesk.core.models import (
    Contact,
    Mou,
    MouParty,
    MouStatus,
    Organization,
    PartyRole,
    ResponseModel,
    SharingTier,
)
from partnerdesk.core.mou.reviews import open_review, open_reviews_by_mou
from partnerdesk.core.mou.rules import (
    ALLOWED_TRANSITIONS,
    AMENDMENT_START,
    IN_FORCE,
    NOT_YET_IN_FORCE,
    normalise_code,
    parse_reminder_days,
    shown_status,
    version_status_text,
)
from partnerdesk.core.mou.validation import MouInput, PartyInput
from partnerdesk.core.mou.versions import current_versions, in_force_version, version_chain
from partnerdesk.core.platform.errors import NotFoundError
from partnerdesk.core.platform.schema import typed_record_id

# --------------------------------------------------------------------------- listing


@dataclass(frozen=True, slots=True)
class MouRow:
    id: int
    reference_code: str
    version_number: int
    title: str
    response_model: ResponseModel
    status: MouStatus  # as shown: an in-force MOU past its expiry date is EXPIRED
    effective_date: date | None
    expiry_date: date | None
    next_review_due: date | None  # snoozes applied
    parties: str  # "Lead agency (lead); partner; ..." in party order
    archived: bool
    recorded_status: MouStatus = MouStatus.DRAFT  # as stored
    owner: str = ""
    review_snoozed: bool = False
    days_until_review: int | None = None  # negative when overdue
    # An amendment not signed yet: the version still in force (None otherwise).
    in_force_version: int | None = None

    @property
    def in_force(self) -> bool:
        """Whether the agreement is in force (itself, or through the version it amends)."""
        return self.recorded_status in IN_FORCE or self.in_force_version is not None


def party_names_by_mou(session: Session, listed: sa.Select[tuple[int]]) -> dict[int, list[str]]:
    """Party names per MOU, in party order, for the MOUs ``listed`` selects (not every
    version ever recorded: the register's parties were two thirds of its time)."""
    # The "(lead)" mark is added in SQL: a role read back would be converted to its enum
    # row by row, a third of the time here.
    shown_name = sa.case(
        (col(MouParty.role) == PartyRole.LEAD_AGENCY, col(Organization.name) + " (lead)"),
        else_=col(Organization.name),
    )
    statement = (
        sa.select(col(MouParty.mou_id), shown_name)
        .join(Organization, col(Organization.id) == col(MouParty.organization_id))
        .where(col(MouParty.mou_id).in_(listed))
        .order_by(col(MouParty.mou_id), col(MouParty.position), col(MouParty.id))
    )
    names: dict[int, list[str]] = defaultdict(list)
    # Plain rows, fetched at once: iterating a result fetches them one at a time.
    for mou_id, name in session.connection().execute(statement).all():
        names[mou_id].append(name)
    return names


def list_mous(
    session: Session,
    *,
    today: date,
    include_archived: bool = False,
    status: MouStatus | None = None,
) -> list[MouRow]:
    """The register: current versions, by reference code. ``status`` filters on the shown
    status (so ``EXPIRED`` includes agreements in force whose expiry date has passed)."""
    listed = current_versions()
    if not include_archived:
        listed = listed.where(col(Mou.archived).is_(False))
    # The version an amendment supersedes, joined once (not looked up per amendment).
    amended = aliased(Mou)
    # The columns the register shows, not whole rows (texts, stamps): a third of its time.
    statement = (
        sa.select(
            col(Mou.id),
            col(Mou.reference_code),
            col(Mou.version_number),
            col(Mou.title),
            col(Mou.response_model),
            col(Mou.status),
            col(Mou.effective_date),
            col(Mou.expiry_date),
            col(Mou.archived),
            col(Contact.full_name),
            col(amended.status).label("amended_status"),
            col(amended.version_number).label("amended_version"),
        )
        .outerjoin(Contact, col(Contact.id) == col(Mou.owner_contact_id))
        .outerjoin(amended, col(amended.id) == col(Mou.supersedes_id))
        .where(col(Mou.id).in_(listed))
        .order_by(col(Mou.reference_code), col(Mou.id))
    )
    reviews = open_reviews_by_mou(session)
    parties = party_names_by_mou(session, listed)
    rows: list[MouRow] = []
    for (
        mou_id,
        reference_code,
        version_number,
        title,
        response_model,
        recorded,
        effective,
        expiry,
        archived,
        owner,
        amended_status,
        amended_version,
    ) in session.connection().execute(statement).all():
        assert mou_id is not None  # a primary key
        shown = shown_status(recorded, expiry, today)
        if status is not None and shown != status:
            continue
        due, snoozed = reviews.get(mou_id) or (None, False)
        rows.append(
            MouRow(
                id=mou_id,
                reference_code=reference_code,
                version_number=version_number,
                title=title,
                response_model=response_model,
                status=shown,
                effective_date=effective,
                expiry_date=expiry,
                next_review_due=due,
                parties="; ".join(parties.get(mou_id, [])),
                archived=bool(archived),
                recorded_status=recorded,
                owner=owner or "",
                review_snoozed=snoozed,
                days_until_review=None if due is None else (due - today).days,
                # An amendment not signed yet: the version still in force.
                in_force_version=amended_version
                if recorded in NOT_YET_IN_FORCE and amended_status in IN_FORCE
                else None,
            )
        )
    return rows


def find_mou(session: Session, id_or_code: str) -> int:
    """An MOU id from what a user typed: a number, or a reference code (current version)."""
    text = id_or_code.strip()
    number = typed_record_id(text)
    if number is not None:
        if session.get(Mou, number) is None:
            raise NotFoundError(f"there is no MOU #{text}")
        return number
    code = normalise_code(text)
    found = session.exec(
        select(Mou.id)
        .where(sa.func.upper(Mou.reference_code) == code, col(Mou.id).in_(current_versions()))
        .order_by(col(Mou.version_number).desc())
    ).first()
    if found is None:
        raise NotFoundError(f"there is no MOU with the reference code {code}")
    return int(found)


# --------------------------------------------------------------------------- reading one


@dataclass(frozen=True)
class PartyDetail:
    id: int
    organization_id: int
    organization: str
    role: PartyRole
    signatory_contact_id: int | None
    signatory: str
    date_signed: date | None
    sharing_tier: SharingTier | None


@dataclass(frozen=True)
class VersionRow:
    id: int
    version_number: int
    status: MouStatus  # as recorded (a superseded version keeps what it was)
    effective_date: date | None
    expiry_date: date | None
    created_at: datetime
    is_current: bool
    superseded_by_version: int | None = None
    signed: bool = False  # every party has a signing date

    @property
    def status_text(self) -> str:
        return version_status_text(self.status, self.superseded_by_version)


@dataclass(frozen=True)
class MouDetail:
    id: int
    row_version: int
    reference_code: str
    version_number: int
    title: str
    response_model: ResponseModel
    status: MouStatus  # shown
    recorded_status: MouStatus
    effective_date: date | None
    expiry_date: date | None
    review_interval_months: int
    reminder_days: tuple[int, ...]
    owner_contact_id: int | None
    owner: str
    notes: str
    archived: bool
    is_current: bool
    parties: list[PartyDetail]
    versions: list[VersionRow]
    next_review_due: date | None
    allowed_transitions: tuple[MouStatus, ...]
    in_force: bool = False  # itself, or through the version an unsigned amendment amends
    superseded_by_version: int | None = None

    @property
    def status_text(self) -> str:
        """The status as a user reads it: a superseded version says so."""
        return version_status_text(self.status, self.superseded_by_version)

    def as_input(self) -> MouInput:
        return MouInput(
            reference_code=self.reference_code,
            title=self.title,
            response_model=self.response_model,
            parties=[party_input(p) for p in self.parties],
            status=self.recorded_status,
            effective_date=self.effective_date,
            expiry_date=self.expiry_date,
            review_interval_months=self.review_interval_months,
            reminder_days=self.reminder_days,
            owner_contact_id=self.owner_contact_id,
            notes=self.notes,
        )


def party_input(party: MouParty | PartyDetail) -> PartyInput:
    """A party as the editor supplies it, from a stored party or a read one."""
    return PartyInput(
        organization_id=party.organization_id,
        role=party.role,
        signatory_contact_id=party.signatory_contact_id,
        date_signed=party.date_signed,
        sharing_tier=party.sharing_tier,
    )


def organization_name(session: Session, organization_id: int) -> str:
    org = session.get(Organization, organization_id)
    return org.name if org is not None else f"organization #{organization_id}"


def contact_name(session: Session, contact_id: int | None) -> str:
    if contact_id is None:
        return ""
    contact = session.get(Contact, contact_id)
    return contact.full_name if contact is not None else f"contact #{contact_id}"


def parties_of(session: Session, mou_id: int) -> list[MouParty]:
    """The parties of one MOU version, in the order the agreement lists them."""
    return list(
        session.exec(
            select(MouParty)
            .where(MouParty.mou_id == mou_id)
            .order_by(col(MouParty.position), col(MouParty.id))
        )
    )


def _party_details(session: Session, mou_id: int) -> list[PartyDetail]:
    return [
        PartyDetail(
            id=p.id or 0,
            organization_id=p.organization_id,
            organization=organization_name(session, p.organization_id),
            role=p.role,
            signatory_contact_id=p.signatory_contact_id,
            signatory=contact_name(session, p.signatory_contact_id),
            date_signed=p.date_signed,
            sharing_tier=p.sharing_tier,
        )
        for p in parties_of(session, mou_id)
    ]


def get_mou(session: Session, mou_id: int, *, today: date) -> MouDetail:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist")
    assert mou.id is not None
    chain = version_chain(session, mou_id)
    is_current = chain[-1].id == mou.id
    versions = [
        VersionRow(
            id=v.id or 0,
            version_number=v.version_number,
            status=v.status,
            effective_date=v.effective_date,
            expiry_date=v.expiry_date,
            created_at=v.created_at,
            is_current=v is chain[-1],
            superseded_by_version=None if later is None else later.version_number,
            signed=all_signed(parties_of(session, v.id or 0)),
        )
        for v, later in zip(chain, [*chain[1:], None], strict=True)
    ]
    superseded_by_version = next(
        (r.superseded_by_version for r in versions if r.id == mou.id), None
    )
    scheduled = open_review(session, mou.id)
    return MouDetail(
        id=mou.id,
        row_version=mou.row_version,
        reference_code=mou.reference_code,
        version_number=mou.version_number,
        title=mou.title,
        response_model=mou.response_model,
        status=shown_status(mou.status, mou.expiry_date, today),
        recorded_status=mou.status,
        effective_date=mou.effective_date,
        expiry_date=mou.expiry_date,
        review_interval_months=mou.review_interval_months,
        reminder_days=parse_reminder_days(mou.reminder_days),
        owner_contact_id=mou.owner_contact_id,
        owner=contact_name(session, mou.owner_contact_id),
        notes=mou.notes or "",
        archived=mou.archived,
        is_current=is_current,
        parties=_party_details(session, mou.id),
        versions=versions,
        next_review_due=None
        if scheduled is None
        else scheduled.snoozed_until or scheduled.due_date,
        allowed_transitions=ALLOWED_TRANSITIONS[mou.status] if is_current else (),
        in_force=is_current and in_force_version(session, mou) is not None,
        superseded_by_version=superseded_by_version,
    )


def mou_input_of(session: Session, mou_id: int) -> MouInput:
    """The editor's input for an MOU version as it is saved."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist")
    assert mou.id is not None
    return MouInput(
        reference_code=mou.reference_code,
        title=mou.title,
        response_model=mou.response_model,
        parties=[party_input(p) for p in parties_of(session, mou.id)],
        status=mou.status,
        effective_date=mou.effective_date,
        expiry_date=mou.expiry_date,
        review_interval_months=mou.review_interval_months,
        reminder_days=parse_reminder_days(mou.reminder_days),
        owner_contact_id=mou.owner_contact_id,
        notes=mou.notes or "",
    )


def duplicate_input(session: Session, mou_id: int) -> MouInput:
    """The editor's starting point for "Duplicate": everything but the code and signatures."""
    source = mou_input_of(session, mou_id)
    return replace(
        source,
        reference_code="",
        title=f"Copy of {source.title}"[:300],
        status=MouStatus.DRAFT,
        parties=[replace(p, date_signed=None) for p in source.parties],
    )


def amendment_terms(session: Session, mou_id: int) -> MouInput:
    """The starting point of an amendment: the same terms and signatories, but nobody has
    signed it yet, so it starts in negotiation (the signing dates are not carried over)."""
    current = mou_input_of(session, mou_id)
    return replace(
        current,
        status=AMENDMENT_START,
        parties=[replace(p, date_signed=None) for p in current.parties],
    )


def all_signed(parties: list[MouParty]) -> bool:
    """Whether every party has a signing date (and there are parties)."""
    return bool(parties) and all(p.date_signed is not None for p in parties)


# --------------------------------------------------------------------------- editor choices


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    organization_id: int | None = None  # for contacts
    active: bool = True


@dataclass(frozen=True)
class EditorChoices:
    organizations: list[Choice]
    contacts: list[Choice]


def editor_choices(session: Session) -> EditorChoices:
    """What the MOU editor's pickers offer: organizations and contacts, by name."""
    organizations = [
        Choice(org_id, name, None, active)
        for org_id, name, active in session.execute(
            sa.select(
                col(Organization.id), col(Organization.name), col(Organization.active)
            ).order_by(col(Organization.name_key))
        )
    ]
    contacts = [
        Choice(contact_id, name, org_id, active)
        for contact_id, name, org_id, active in session.execute(
            sa.select(
                col(Contact.id),
                col(Contact.full_name),
                col(Contact.organization_id),
                col(Contact.active),
            ).order_by(col(Contact.full_name))
        )
    ]
    contacts.sort(key=lambda person: surname_key(person.name))  # as the directory reads
    return EditorChoices(organizations, contacts)
