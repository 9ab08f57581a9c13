"""Composing an MOU from the clause library: which clause versions it includes, in which
order, reworded or not, and the parties' information-sharing tiers.

An MOU's text is a list of :class:`MouClause` rows: each pins one clause *version*, has a
position, and may carry an override (wording for this MOU only; the library clause is left
untouched). Sections are the clause categories, in :data:`SECTION_ORDER`; within a section
clauses keep the order the drafter gave them. What the composition still lacks is
:mod:`~partnerdesk.core.mou.completeness`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from partnerdesk.core.models import (
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
)
from partnerdesk.core.mou.clause_variables import validate_clause_text
from partnerdesk.core.mou.clauses import list_clauses
from partnerdesk.core.mou.indicator_links import CommittedIndicator, committed_indicators
from partnerdesk.core.mou.versions import superseded_by
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind

SECTION_ORDER: tuple[ClauseCategory, ...] = tuple(ClauseCategory)


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
    # The indicators it commits to (its evaluation metrics), checked for recent values
    # when the composition was read with ``today``.
    indicators: tuple[CommittedIndicator, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CompositionEntry:
    """What the composer saves for one included clause (list order = document order)."""

    clause_version_id: int
    override_body: str | None = None


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


def get_composition(session: Session, mou_id: int, today: date | None = None) -> Composition:
    """The MOU's clauses, parties, funding links, people and indicators (whether each
    indicator has recent values is checked only when ``today`` is given)."""
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
        indicators=committed_indicators(session, mou_id, today),
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


# --------------------------------------------------------------------------- writing


def save_composition(
    session: Session,
    mou_id: int,
    entries: Sequence[CompositionEntry],
    party_tiers: Mapping[int, SharingTier | None],
    seen_row_version: int,
) -> None:
    """Replace the MOU's clauses (in ``entries`` order) and set the parties' tiers.

    Refuses: a clause twice, a retired clause the MOU did not already include, and
    reworded text with an unknown variable. A change moves the MOU's ``row_version``.
    """
    mou = _mou(session, mou_id)
    before = after = get_composition(session, mou_id)
    with audit.tracking(
        session,
        mou,
        ChangeKind.MOU,
        # Asked once the change is done, when ``after`` holds the new composition.
        summary=lambda: _composed_summary(mou.reference_code, before, after),
        seen_version=seen_row_version,
        what=f"the MOU {mou.reference_code}",
    ) as tracked:
        later = superseded_by(session, mou_id)
        if later is not None:
            raise ConflictError(
                f"{mou.reference_code} version {mou.version_number} was superseded by version "
                f"{later.version_number}; compose the newest version instead (earlier "
                "versions stay as they were)"
            )
        already = {c.clause_version_id for c in before.clauses}
        library_texts = _checked_entries(session, entries, already)
        _replace_clauses(session, mou_id, entries, library_texts)
        tier_changes = _set_tiers(session, mou, before, party_tiers)
        after = get_composition(session, mou_id)
        for name, (old, new) in (tier_changes | _clause_changes(before, after)).items():
            tracked.add(name, old, new)
    session.flush()


def _checked_entries(
    session: Session, entries: Sequence[CompositionEntry], already: set[int]
) -> dict[int, str]:
    """Refuse what cannot be composed; the library text of each entry's clause version."""
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
    return {version_id: version.body for version_id, (version, _) in versions.items()}


def _replace_clauses(
    session: Session,
    mou_id: int,
    entries: Sequence[CompositionEntry],
    library_texts: Mapping[int, str],
) -> None:
    existing = session.exec(select(MouClause).where(MouClause.mou_id == mou_id)).all()
    for row in existing:
        session.delete(row)
    session.flush()
    for position, entry in enumerate(entries):
        override = entry.override_body
        if override is not None and override == library_texts[entry.clause_version_id]:
            override = None  # identical to the library text: not an override
        session.add(
            MouClause(
                mou_id=mou_id,
                clause_version_id=entry.clause_version_id,
                position=position,
                override_body=override,
            )
        )
    session.flush()


def _set_tiers(
    session: Session,
    mou: Mou,
    before: Composition,
    party_tiers: Mapping[int, SharingTier | None],
) -> dict[str, tuple[object, object]]:
    """Set the parties' information-sharing tiers; the changes, named by organization."""
    parties = {p.id: p for p in session.exec(select(MouParty).where(MouParty.mou_id == mou.id))}
    names = {p.party_id: p.organization_name for p in before.parties}
    changes: dict[str, tuple[object, object]] = {}
    for party_id, tier in party_tiers.items():
        party = parties.get(party_id)
        if party is None:
            raise NotFoundError(f"party {party_id} is not on the MOU {mou.reference_code}")
        if party.sharing_tier != tier:
            changes[f"sharing_tier ({names.get(party_id, party_id)})"] = (party.sharing_tier, tier)
            party.sharing_tier = tier
            session.add(party)
    return changes


def _clause_changes(before: Composition, after: Composition) -> dict[str, tuple[object, object]]:
    """The clause list as a whole, and each rewording that was reworded again."""

    def label(c: ComposedClause) -> str:
        return f"{c.title} (v{c.version}{', reworded' if c.override_body is not None else ''})"

    def describe(titles: Sequence[str]) -> str:
        return "; ".join(titles) if titles else "(none)"

    changes: dict[str, tuple[object, object]] = {}
    old_list = [label(c) for c in before.clauses]
    new_list = [label(c) for c in after.clauses]
    if old_list != new_list:
        changes["clauses"] = (describe(old_list), describe(new_list))
    for old in before.clauses:
        for new in after.clauses:
            if (
                old.clause_id == new.clause_id
                and old.override_body != new.override_body
                and old.override_body is not None
                and new.override_body is not None
            ):
                changes[f"override ({new.title})"] = (old.override_body, new.override_body)
    return changes


def _composed_summary(reference_code: str, before: Composition, after: Composition) -> str:
    added = {c.clause_id for c in after.clauses} - {c.clause_id for c in before.clauses}
    removed = {c.clause_id for c in before.clauses} - {c.clause_id for c in after.clauses}
    return (
        f"Clauses of {reference_code} composed: {len(after.clauses)} clause(s), "
        f"{len(added)} added, {len(removed)} removed"
    )


def update_to_current_versions(
    session: Session, mou_id: int, clause_ids: Iterable[int], seen_row_version: int
) -> int:
    """Move the given clauses of an MOU to their newest version (overrides are kept);
    returns how many moved."""
    composition = get_composition(session, mou_id)
    wanted = set(clause_ids)
    newest = newest_versions(session, wanted)
    moved = 0
    entries: list[CompositionEntry] = []
    for clause in composition.clauses:
        version_id = clause.clause_version_id
        if clause.clause_id in wanted and clause.outdated:
            version_id = newest[clause.clause_id].clause_version_id
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
    later = superseded_by(session, mou_id)
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
