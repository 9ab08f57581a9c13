"""Funding sources: the list with their all-time totals, and editing a source (its rules,
its funder, the MOUs it pays for). Every change is audited; a change to the linked MOUs
alone still moves the source's version, so an older copy cannot write the links back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.funding.grant_terms import forget_grant_setup, keep_grant_setup
from partnerdesk.core.funding.obligations import sync_source
from partnerdesk.core.models import (
    AuditAction,
    FundingSource,
    FundingSourceKind,
    FundingSourceMou,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    Organization,
)
from partnerdesk.core.mou.versions import current_versions, superseded_by
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.schema import ChangeKind, typed_record_id
from partnerdesk.core.platform.text_limits import text_problem

# --------------------------------------------------------------------------- the list


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: int
    name: str
    kind: FundingSourceKind
    funder: str
    restricted: bool
    grant_end: date | None
    renewal_probability_pct: int
    received: Decimal
    budgeted: Decimal
    grant_start: date | None = None
    annual_growth_pct: Decimal = Decimal("0")
    active: bool = True
    entries: int = 0


def list_sources(session: Session) -> list[SourceRow]:
    totals = (
        select(
            LedgerEntry.funding_source_id,
            sa.func.sum(
                sa.case((col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED, 0), else_=1)
                * LedgerEntry.amount_cents
            ).label("actual"),
            sa.func.sum(
                sa.case((col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED, 1), else_=0)
                * LedgerEntry.amount_cents
            ).label("budget"),
            sa.func.count().label("n"),
        )
        .group_by(col(LedgerEntry.funding_source_id))
        .subquery()
    )
    statement = (
        sa.select(
            FundingSource, col(Organization.name), totals.c.actual, totals.c.budget, totals.c.n
        )
        .outerjoin(Organization, col(Organization.id) == col(FundingSource.funder_organization_id))
        .outerjoin(totals, totals.c.funding_source_id == FundingSource.id)
        .order_by(col(FundingSource.name))
    )
    rows: list[SourceRow] = []
    for source, funder, actual, budget, count in session.execute(statement):
        assert source.id is not None
        rows.append(
            SourceRow(
                id=source.id,
                name=source.name,
                kind=source.kind,
                funder=funder or "",
                restricted=source.restricted,
                grant_end=source.grant_end,
                renewal_probability_pct=source.renewal_probability_pct,
                received=from_cents(int(actual or 0)),
                budgeted=from_cents(int(budget or 0)),
                grant_start=source.grant_start,
                annual_growth_pct=Decimal(source.annual_growth_bp) / 100,
                active=source.active,
                entries=int(count or 0),
            )
        )
    return rows


# --------------------------------------------------------------------------- editing


@dataclass
class SourceInput:
    """A source as a dialog or an import supplies it. Growth is a percent (2.5 = +2.5 %)."""

    name: str
    kind: FundingSourceKind
    funder_organization_id: int | None = None
    restricted: bool = False
    grant_start: date | None = None
    grant_end: date | None = None
    renewal_probability_pct: int = 100
    annual_growth_pct: Decimal = Decimal("0")
    mou_ids: Sequence[int] = ()
    notes: str = ""
    active: bool = True


@dataclass(frozen=True)
class SourceDetail:
    id: int
    row_version: int
    values: SourceInput


def _validate_source(session: Session, data: SourceInput, source_id: int | None) -> tuple[str, int]:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("a funding source needs a name", field="name")
    if reason := text_problem(FundingSource, "name", name):
        raise ValidationError(reason, field="name")
    clash = session.exec(
        select(FundingSource.id).where(sa.func.lower(FundingSource.name) == name.lower())
    ).first()
    if clash is not None and clash != source_id:
        raise ValidationError(f'there is already a funding source named "{name}"', field="name")
    if not 0 <= data.renewal_probability_pct <= 100:
        raise ValidationError(
            f"the renewal probability must be 0 to 100 %, not {data.renewal_probability_pct}",
            field="renewal_probability_pct",
        )
    growth_bp = Decimal(data.annual_growth_pct) * 100
    if growth_bp != growth_bp.to_integral_value():
        raise ValidationError(
            "give the growth with at most two decimals (e.g. 2.25 %)", field="annual_growth_pct"
        )
    if not -100 < data.annual_growth_pct <= 1000:
        raise ValidationError(
            f"a growth of {data.annual_growth_pct} % a year is not plausible "
            "(give more than -100 and at most 1000)",
            field="annual_growth_pct",
        )
    if data.grant_start and data.grant_end and data.grant_end < data.grant_start:
        raise ValidationError(
            f"the grant ends ({data.grant_end}) before it starts ({data.grant_start})",
            field="grant_end",
        )
    if (
        data.funder_organization_id is not None
        and session.get(Organization, data.funder_organization_id) is None
    ):
        raise ValidationError("the funder organization no longer exists", field="funder")
    for mou_id in data.mou_ids:
        if session.get(Mou, mou_id) is None:
            raise ValidationError(f"MOU #{mou_id} does not exist", field="mous")
    return name, int(growth_bp)


def _source_mou_ids(session: Session, source_id: int, *, current_only: bool = False) -> list[int]:
    """The MOU versions the source is linked to. An amendment carries the links of the
    version it replaces; editors show and change the current versions' links only (one
    line per agreement), and the earlier versions keep theirs as history."""
    statement = select(FundingSourceMou.mou_id).where(
        FundingSourceMou.funding_source_id == source_id
    )
    if current_only:
        statement = statement.where(col(FundingSourceMou.mou_id).in_(current_versions()))
    return sorted(session.exec(statement))


def _mous_text(mou_ids: Sequence[int]) -> str:
    """The linked MOUs as the audit log names them ("3,7")."""
    return ",".join(str(i) for i in sorted(mou_ids))


def get_source(session: Session, source_id: int) -> SourceDetail:
    source = session.get(FundingSource, source_id)
    if source is None:
        raise NotFoundError(f"funding source #{source_id} does not exist")
    return SourceDetail(
        source_id,
        source.row_version,
        SourceInput(
            name=source.name,
            kind=source.kind,
            funder_organization_id=source.funder_organization_id,
            restricted=source.restricted,
            grant_start=source.grant_start,
            grant_end=source.grant_end,
            renewal_probability_pct=source.renewal_probability_pct,
            annual_growth_pct=Decimal(source.annual_growth_bp) / 100,
            mou_ids=_source_mou_ids(session, source_id, current_only=True),
            notes=source.notes or "",
            active=source.active,
        ),
    )


def _apply_source(source: FundingSource, data: SourceInput, name: str, growth_bp: int) -> None:
    source.name = name
    source.kind = data.kind
    source.funder_organization_id = data.funder_organization_id
    source.restricted = data.restricted
    source.grant_start = data.grant_start
    source.grant_end = data.grant_end
    source.renewal_probability_pct = data.renewal_probability_pct
    source.annual_growth_bp = growth_bp
    source.notes = data.notes.strip() or None
    source.active = data.active


def _set_source_mous(
    session: Session, source_id: int, mou_ids: Sequence[int], *, current_only: bool = True
) -> None:
    wanted = set(mou_ids)
    current = set(_source_mou_ids(session, source_id, current_only=current_only))
    for mou_id in current - wanted:
        link = session.get(FundingSourceMou, (source_id, mou_id))
        if link is not None:
            session.delete(link)
    for mou_id in wanted - current:
        session.add(FundingSourceMou(funding_source_id=source_id, mou_id=mou_id))


def create_source(session: Session, data: SourceInput) -> int:
    name, growth_bp = _validate_source(session, data, None)
    source = FundingSource(name=name, kind=data.kind)
    _apply_source(source, data, name, growth_bp)
    session.add(source)
    session.flush()
    assert source.id is not None
    _set_source_mous(session, source.id, data.mou_ids)
    audit.record(
        session,
        ChangeKind.FUNDING_SOURCE,
        source.id,
        AuditAction.CREATE,
        summary=name,
        changes=audit.diff({}, {**audit.column_snapshot(source), "mous": _mous_text(data.mou_ids)}),
    )
    return source.id


def update_source(session: Session, source_id: int, data: SourceInput, seen_version: int) -> None:
    source = session.get(FundingSource, source_id)
    if source is None:
        raise NotFoundError(f"funding source #{source_id} was deleted by someone else")
    linked = _source_mou_ids(session, source_id, current_only=True)
    with audit.tracking(
        session,
        source,
        ChangeKind.FUNDING_SOURCE,
        summary=lambda: source.name,
        seen_version=seen_version,
        what=f'funding source "{source.name}"',
    ) as tracked:
        name, growth_bp = _validate_source(session, data, source_id)
        # Links first: their queries flush, and the source itself must be written in one
        # UPDATE (its version moves once).
        _set_source_mous(session, source_id, data.mou_ids)
        period = (source.grant_start, source.grant_end)
        _apply_source(source, data, name, growth_bp)
        tracked.add("mous", _mous_text(linked), _mous_text(data.mou_ids))
    if period != (source.grant_start, source.grant_end):
        session.flush()
        sync_source(session, source_id)  # reports follow the grant period


def delete_source(session: Session, source_id: int) -> None:
    """Delete a source that has no ledger entries (the ledger must keep its history:
    a source with entries is made inactive instead)."""
    source = session.get(FundingSource, source_id)
    if source is None:
        raise NotFoundError(f"funding source #{source_id} does not exist")
    entries = session.execute(
        sa.select(sa.func.count()).where(col(LedgerEntry.funding_source_id) == source_id)
    ).scalar_one()
    if entries:
        raise ConflictError(
            f'"{source.name}" has {entries:,} ledger entries and cannot be deleted; '
            "delete those entries first, or untick Active to retire the source"
        )
    label = f"funding source “{source.name}”"
    with trash.deleting(session, ChangeKind.FUNDING_SOURCE, source_id, label) as deletion:
        # Its grant setup goes through the grants' own audited commands; the deletion keeps
        # copies first, so that undoing it brings the setup back with the source.
        keep_grant_setup(deletion, source_id)
        forget_grant_setup(session, source_id)
        deletion.delete_where(
            FundingSourceMou, col(FundingSourceMou.funding_source_id) == source_id
        )
        deletion.delete(source)
    audit.record(
        session, ChangeKind.FUNDING_SOURCE, source_id, AuditAction.DELETE, summary=source.name
    )


def find_source(session: Session, id_or_name: str) -> int:
    """A source id from what a user typed: its number, or its name (any capitals)."""
    text = " ".join(id_or_name.split())
    number = typed_record_id(text)  # ASCII digits only: "²" is a name, not an id
    if number is not None:
        if session.get(FundingSource, number) is None:
            raise NotFoundError(f"there is no funding source #{text}")
        return number
    found = session.exec(
        select(FundingSource.id).where(sa.func.lower(FundingSource.name) == text.lower())
    ).first()
    if found is None:
        names = "; ".join(name for _id, name in source_choices(session)) or "none yet"
        raise NotFoundError(f'there is no funding source named "{text}" (sources: {names})')
    return int(found)


# --------------------------------------------------------------------------- choices for editors


def source_choices(session: Session) -> list[tuple[int, str]]:
    statement = sa.select(col(FundingSource.id), col(FundingSource.name)).order_by(
        col(FundingSource.name)
    )
    return [(int(i), str(n)) for i, n in session.execute(statement)]


def organization_choices(session: Session) -> list[tuple[int, str]]:
    """Who can be a source's funder."""
    statement = sa.select(col(Organization.id), col(Organization.name)).order_by(
        col(Organization.name)
    )
    return [(int(i), str(n)) for i, n in session.execute(statement)]


def mou_choices(session: Session) -> list[tuple[int, str]]:
    """The MOUs a source or a ledger entry can be tied to: the current version of each
    agreement not archived, named with its version ("RIV-CR-01 v2 — title")."""
    statement = (
        sa.select(col(Mou.id), col(Mou.reference_code), col(Mou.version_number), col(Mou.title))
        .where(col(Mou.archived).is_(False), col(Mou.id).in_(current_versions()))
        .order_by(col(Mou.reference_code))
    )
    return [
        (int(i), f"{code} v{version} — {title}")
        for i, code, version, title in session.execute(statement)
    ]


def mou_choice(session: Session, mou_id: int) -> tuple[int, str]:
    """How one MOU version is named among :func:`mou_choices` (also an earlier version or
    an archived one, which an existing link may name)."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        return mou_id, f"MOU #{mou_id} (deleted)"
    kept = " (archived)" if mou.archived else ""
    if superseded_by(session, mou_id) is not None:
        kept = " (superseded)"
    return mou_id, f"{mou.reference_code} v{mou.version_number} — {mou.title}{kept}"
