"""Composing an MOU from the clause library, and checking what the agreement still lacks.

An MOU's text is a list of :class:`MouClause` rows: each pins one clause *version*, has a
position, and may carry an override (wording for this MOU only; the library clause is left
untouched). Sections are the clause categories, in :data:`SECTION_ORDER`; within a section
clauses keep the order the drafter gave them.

The completeness rules live in :func:`find_gaps`, a pure function, so the composer dialog
can show the gaps live while the drafter works, and ``mou check`` and the document
generator give exactly the same answer from the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    REQUIRED_CLAUSE_CATEGORIES,
    AuditAction,
    Clause,
    ClauseCategory,
    ClauseStatus,
    ClauseVersion,
    Contact,
    ContactMouRole,
    FundingSource,
    FundingSourceMou,
    Mou,
    MouClause,
    MouContact,
    MouParty,
    Organization,
    PartyRole,
    SharingTier,
    utc_now,
)
from partnerdesk.core.mou.clause_variables import validate_clause_text
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import (
    ConflictError,
    NotFoundError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.core.platform.schema import ChangeKind

SECTION_ORDER: tuple[ClauseCategory, ...] = tuple(ClauseCategory)
TIER_RANK = {SharingTier.BASIC: 1, SharingTier.INTERMEDIATE: 2, SharingTier.FULL: 3}


@dataclass(frozen=True, slots=True)
class ComposedClause:
    """One clause as included in an MOU."""

    clause_id: int
    clause_version_id: int
    category: ClauseCategory
    title: str
    version: int  # the version this MOU includes
    current_version: int  # the library's newest version
    clause_status: ClauseStatus
    sharing_tier: SharingTier | None
    library_body: str  # text of the included version
    override_body: str | None = None

    @property
    def text(self) -> str:
        """What the MOU says: the override when there is one."""
        return self.override_body if self.override_body is not None else self.library_body

    @property
    def outdated(self) -> bool:
        return self.version < self.current_version


@dataclass(frozen=True, slots=True)
class PartyInfo:
    party_id: int
    organization_id: int
    organization_name: str
    address: str | None
    role: PartyRole
    sharing_tier: SharingTier | None
    signatory_name: str | None
    signatory_title: str | None
    date_signed: date | None = None


@dataclass(frozen=True, slots=True)
class Composition:
    mou_id: int
    reference_code: str
    version_number: int
    title: str
    row_version: int
    clauses: tuple[ComposedClause, ...]  # in document order (section, then position)
    parties: tuple[PartyInfo, ...]
    funding_source_ids: tuple[int, ...]
    funding_source_names: tuple[str, ...]
    privacy_officers: tuple[str, ...] = field(default=())
    liaisons: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CompositionEntry:
    """What the composer saves for one included clause (list order = document order)."""

    clause_version_id: int
    override_body: str | None = None


@dataclass(frozen=True, slots=True)
class Gap:
    code: str  # stable key, e.g. "missing:liability", "party_without_tier:12"
    message: str


# --------------------------------------------------------------------------- reading


def _mou(session: Session, mou_id: int) -> Mou:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU {mou_id} does not exist (it may have been deleted)")
    return mou


def section_sorted(clauses: Iterable[ComposedClause]) -> list[ComposedClause]:
    """Group by section in :data:`SECTION_ORDER`, keeping the given order within each."""
    rank = {category: index for index, category in enumerate(SECTION_ORDER)}
    return sorted(clauses, key=lambda c: rank[c.category])  # sorted() is stable


def get_composition(session: Session, mou_id: int) -> Composition:
    mou = _mou(session, mou_id)
    rows = session.exec(
        select(MouClause, ClauseVersion, Clause)
        .join(ClauseVersion, col(ClauseVersion.id) == col(MouClause.clause_version_id))
        .join(Clause, col(Clause.id) == col(ClauseVersion.clause_id))
        .where(MouClause.mou_id == mou_id)
        .order_by(col(MouClause.position), col(MouClause.id))
    ).all()
    clauses = [
        ComposedClause(
            clause_id=clause.id or 0,
            clause_version_id=version.id or 0,
            category=clause.category,
            title=version.title,
            version=version.version,
            current_version=clause.current_version,
            clause_status=clause.status,
            sharing_tier=clause.sharing_tier,
            library_body=version.body,
            override_body=included.override_body,
        )
        for included, version, clause in rows
    ]
    sources = session.exec(
        select(FundingSource.id, FundingSource.name)
        .join(FundingSourceMou, col(FundingSourceMou.funding_source_id) == col(FundingSource.id))
        .where(FundingSourceMou.mou_id == mou_id)
        .order_by(col(FundingSource.name))
    ).all()
    people = session.exec(
        select(MouContact.role, Contact.full_name)
        .join(Contact, col(Contact.id) == col(MouContact.contact_id))
        .where(MouContact.mou_id == mou_id)
        .order_by(col(Contact.full_name))
    ).all()
    return Composition(
        mou_id=mou_id,
        reference_code=mou.reference_code,
        version_number=mou.version_number,
        title=mou.title,
        row_version=mou.row_version,
        clauses=tuple(section_sorted(clauses)),
        parties=tuple(mou_parties(session, mou_id)),
        funding_source_ids=tuple(int(source_id or 0) for source_id, _ in sources),
        funding_source_names=tuple(name for _, name in sources),
        privacy_officers=tuple(n for r, n in people if r == ContactMouRole.PRIVACY_OFFICER),
        liaisons=tuple(n for r, n in people if r == ContactMouRole.LIAISON),
    )


def mou_parties(session: Session, mou_id: int) -> list[PartyInfo]:
    rows = session.exec(
        select(MouParty, Organization, Contact)
        .join(Organization, col(Organization.id) == col(MouParty.organization_id))
        .outerjoin(Contact, col(Contact.id) == col(MouParty.signatory_contact_id))
        .where(MouParty.mou_id == mou_id)
        .order_by(col(MouParty.position), col(MouParty.id))
    ).all()
    return [
        PartyInfo(
            party_id=party.id or 0,
            organization_id=org.id or 0,
            organization_name=org.name,
            address=org.address,
            role=party.role,
            sharing_tier=party.sharing_tier,
            signatory_name=person.full_name if person is not None else None,
            signatory_title=person.title if person is not None else None,
            date_signed=party.date_signed,
        )
        for party, org, person in rows
    ]


# --------------------------------------------------------------------------- completeness


def find_gaps(
    categories: Iterable[ClauseCategory],
    granted_tiers: Iterable[SharingTier | None],
    parties: Sequence[PartyInfo],
    funding_sources_linked: int,
) -> list[Gap]:
    """What an MOU still lacks, in the order a drafter would fix it."""
    present = set(categories)
    gaps: list[Gap] = []
    for category in REQUIRED_CLAUSE_CATEGORIES:
        if category in present:
            continue
        if category == ClauseCategory.EVALUATION_METRICS:
            gaps.append(
                Gap(
                    "missing:evaluation_metrics",
                    "No evaluation metrics: add an evaluation clause saying what is measured "
                    "and when",
                )
            )
        else:
            gaps.append(Gap(f"missing:{category.value}", f"No {category.label.lower()} clause"))
    if ClauseCategory.FUNDING_ARRANGEMENT in present and funding_sources_linked == 0:
        gaps.append(
            Gap(
                "funding_not_backed",
                "The funding arrangement is not backed by the ledger: link at least one "
                "funding source to this MOU (Funding area, edit the source)",
            )
        )
    if not parties:
        gaps.append(Gap("no_parties", "The MOU has no parties"))
    best_granted = max((TIER_RANK[t] for t in granted_tiers if t is not None), default=0)
    for party in parties:
        name = party.organization_name
        if party.sharing_tier is None:
            gaps.append(
                Gap(
                    f"party_without_tier:{party.party_id}",
                    f"{name} has no information-sharing tier",
                )
            )
        elif TIER_RANK[party.sharing_tier] > best_granted:
            gaps.append(
                Gap(
                    f"tier_not_granted:{party.party_id}",
                    f"{name} shares at the {party.sharing_tier.label.lower()} tier, but no "
                    "information-sharing clause in this MOU grants that tier",
                )
            )
        if not party.signatory_name:
            gaps.append(
                Gap(f"party_without_signatory:{party.party_id}", f"{name} has no signatory")
            )
    return gaps


def gaps_of(composition: Composition) -> list[Gap]:
    return find_gaps(
        (c.category for c in composition.clauses),
        (c.sharing_tier for c in composition.clauses),
        composition.parties,
        len(composition.funding_source_ids),
    )


def check_completeness(session: Session, mou_id: int) -> list[Gap]:
    """The gaps of an MOU as saved; an empty list means it is complete."""
    return gaps_of(get_composition(session, mou_id))


# --------------------------------------------------------------------------- writing


def _describe(titles: Sequence[str]) -> str:
    return "; ".join(titles) if titles else "(none)"


def save_composition(
    session: Session,
    mou_id: int,
    entries: Sequence[CompositionEntry],
    party_tiers: Mapping[int, SharingTier | None],
    seen_row_version: int,
) -> None:
    """Replace the MOU's clauses (in ``entries`` order) and set the parties' tiers.

    Refuses: a clause twice, a retired clause the MOU did not already include, and
    reworded text with an unknown variable. Bumps the MOU's ``row_version``.
    """
    mou = _mou(session, mou_id)
    if mou.row_version != seen_row_version:
        raise StaleRecordError(f"the MOU {mou.reference_code}", "mou", mou.id)
    later = session.exec(select(Mou).where(Mou.supersedes_id == mou_id)).first()
    if later is not None:
        raise ConflictError(
            f"{mou.reference_code} version {mou.version_number} was superseded by version "
            f"{later.version_number}; compose the newest version instead (earlier versions "
            "stay as they were)"
        )
    before = get_composition(session, mou_id)
    already = {c.clause_version_id for c in before.clauses}
    versions: dict[int, tuple[ClauseVersion, Clause]] = {}
    ids = [entry.clause_version_id for entry in entries]
    if ids:
        for version, clause in session.exec(
            select(ClauseVersion, Clause)
            .join(Clause, col(Clause.id) == col(ClauseVersion.clause_id))
            .where(col(ClauseVersion.id).in_(ids))
        ):
            versions[version.id or 0] = (version, clause)
    seen_clauses: set[int] = set()
    for entry in entries:
        found = versions.get(entry.clause_version_id)
        if found is None:
            raise NotFoundError(
                f"clause version {entry.clause_version_id} does not exist (deleted meanwhile?)"
            )
        version, clause = found
        if version.clause_id in seen_clauses:
            raise ValidationError(f"the clause “{version.title}” is included twice")
        seen_clauses.add(version.clause_id)
        if clause.status == ClauseStatus.RETIRED and entry.clause_version_id not in already:
            raise ValidationError(
                f"the clause “{version.title}” is retired and cannot be added to an MOU"
            )
        if entry.override_body is not None:
            try:
                validate_clause_text(entry.override_body, field="override")
            except ValidationError as exc:
                raise ValidationError(
                    f"the reworded text of “{version.title}”: {exc.message}", field="override"
                ) from None

    existing = session.exec(select(MouClause).where(MouClause.mou_id == mou_id)).all()
    for row in existing:
        session.delete(row)
    session.flush()
    for position, entry in enumerate(entries):
        override = entry.override_body
        if override is not None and override == versions[entry.clause_version_id][0].body:
            override = None  # identical to the library text: not an override
        session.add(
            MouClause(
                mou_id=mou_id,
                clause_version_id=entry.clause_version_id,
                position=position,
                override_body=override,
            )
        )

    parties = {p.id: p for p in session.exec(select(MouParty).where(MouParty.mou_id == mou_id))}
    names = {p.party_id: p.organization_name for p in before.parties}
    tier_changes: dict[str, tuple[object, object]] = {}
    for party_id, tier in party_tiers.items():
        party = parties.get(party_id)
        if party is None:
            raise NotFoundError(f"party {party_id} is not on the MOU {mou.reference_code}")
        if party.sharing_tier != tier:
            tier_changes[f"sharing_tier ({names.get(party_id, party_id)})"] = (
                party.sharing_tier,
                tier,
            )
            party.sharing_tier = tier
            session.add(party)

    mou.row_version += 1
    mou.updated_at = utc_now()
    session.add(mou)
    session.flush()

    after = get_composition(session, mou_id)

    def label(c: ComposedClause) -> str:
        return f"{c.title} (v{c.version}{', reworded' if c.override_body is not None else ''})"

    old_list = [label(c) for c in before.clauses]
    new_list = [label(c) for c in after.clauses]
    changes: dict[str, tuple[object, object]] = dict(tier_changes)
    if old_list != new_list:
        changes["clauses"] = (_describe(old_list), _describe(new_list))
    for old in before.clauses:
        for new in after.clauses:
            if (
                old.clause_id == new.clause_id
                and old.override_body != new.override_body
                and old.override_body is not None
                and new.override_body is not None
            ):
                changes[f"override ({new.title})"] = (old.override_body, new.override_body)
    if changes:
        added = {c.clause_id for c in after.clauses} - {c.clause_id for c in before.clauses}
        removed = {c.clause_id for c in before.clauses} - {c.clause_id for c in after.clauses}
        summary = (
            f"Clauses of {mou.reference_code} composed: {len(after.clauses)} clause(s), "
            f"{len(added)} added, {len(removed)} removed"
        )
        audit.record(session, ChangeKind.MOU, mou_id, AuditAction.UPDATE, summary, changes)


def update_to_current_versions(
    session: Session, mou_id: int, clause_ids: Iterable[int], seen_row_version: int
) -> int:
    """Move the given clauses of an MOU to their newest version (overrides are kept);
    returns how many moved."""
    composition = get_composition(session, mou_id)
    wanted = set(clause_ids)
    current_ids = dict(
        session.exec(
            select(ClauseVersion.clause_id, ClauseVersion.id)
            .join(Clause, col(Clause.id) == col(ClauseVersion.clause_id))
            .where(
                col(ClauseVersion.clause_id).in_(wanted),
                col(ClauseVersion.version) == col(Clause.current_version),
            )
        ).all()
    )
    moved = 0
    entries: list[CompositionEntry] = []
    for clause in composition.clauses:
        version_id = clause.clause_version_id
        if clause.clause_id in wanted and clause.outdated:
            version_id = int(current_ids[clause.clause_id] or 0)
            moved += 1
        entries.append(CompositionEntry(version_id, clause.override_body))
    if moved:
        save_composition(session, mou_id, entries, {}, seen_row_version)
    return moved


@dataclass(frozen=True, slots=True)
class LibraryClause:
    """A clause the composer may add: an approved clause at its current version."""

    clause_id: int
    clause_version_id: int
    category: ClauseCategory
    title: str
    version: int
    sharing_tier: SharingTier | None
    body: str


def composable_clauses(session: Session) -> list[LibraryClause]:
    """Approved clauses at their current version, by section then title."""
    from partnerdesk.core.mou.clauses import list_clauses

    rank = {category: index for index, category in enumerate(SECTION_ORDER)}
    rows = list_clauses(session, status=ClauseStatus.APPROVED)
    return sorted(
        (
            LibraryClause(
                r.id, r.version_id, r.category, r.title, r.version, r.sharing_tier, r.body
            )
            for r in rows
        ),
        key=lambda c: (rank[c.category], c.title.casefold()),
    )


def superseding_version(session: Session, mou_id: int) -> int | None:
    """The version number of the amendment that superseded ``mou_id``, if any (such an MOU
    is kept as it was and cannot be recomposed)."""
    later = session.exec(select(Mou).where(Mou.supersedes_id == mou_id)).first()
    return later.version_number if later is not None else None


@dataclass(frozen=True, slots=True)
class NewestVersion:
    clause_version_id: int
    version: int
    title: str
    body: str


def newest_versions(session: Session, clause_ids: Iterable[int]) -> dict[int, NewestVersion]:
    """The current library version of each clause (to move an MOU onto it)."""
    wanted = set(clause_ids)
    if not wanted:
        return {}
    rows = session.exec(
        select(ClauseVersion)
        .join(Clause, col(Clause.id) == col(ClauseVersion.clause_id))
        .where(
            col(ClauseVersion.clause_id).in_(wanted),
            col(ClauseVersion.version) == col(Clause.current_version),
        )
    ).all()
    return {v.clause_id: NewestVersion(v.id or 0, v.version, v.title, v.body) for v in rows}
