"""The ledger: its lines as a list (filtered in SQL, for 200,000 of them) and editing a
line. Each line is an exact amount on a date against a source: budgeted/committed,
received, or an adjustment (the only kind that may be negative); see :mod:`.totals` for
what the lines add up to.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.funding.totals import fiscal_start_month
from partnerdesk.core.models import (
    AuditAction,
    FundingSource,
    LedgerEntry,
    LedgerEntryType,
    Mou,
)
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.dates import fiscal_year_bounds
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.money import amount_cents, from_cents, parse_amount, to_cents
from partnerdesk.core.platform.schema import ChangeKind

# --------------------------------------------------------------------------- the list


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One ledger line as a list shows it; kept small because a ledger can hold 200,000."""

    id: int
    entry_date: date
    source: str
    entry_type: LedgerEntryType
    amount_cents: int
    memo: str

    @property
    def amount(self) -> Decimal:
        return from_cents(self.amount_cents)


@dataclass(frozen=True)
class LedgerFilter:
    """What the ledger list shows; applied in SQL so a 200,000-row ledger filters fast."""

    fiscal_year: int | None = None
    source_id: int | None = None
    entry_type: LedgerEntryType | None = None
    text: str = ""


def _ledger_statement(session: Session, where: LedgerFilter) -> Any:
    statement = sa.select(
        col(LedgerEntry.id),
        col(LedgerEntry.entry_date),
        col(FundingSource.name),
        col(LedgerEntry.entry_type),
        col(LedgerEntry.amount_cents),
        col(LedgerEntry.memo),
    ).join(FundingSource, col(FundingSource.id) == col(LedgerEntry.funding_source_id))
    if where.fiscal_year is not None:
        first, last = fiscal_year_bounds(where.fiscal_year, fiscal_start_month(session))
        statement = statement.where(col(LedgerEntry.entry_date).between(first, last))
    if where.source_id is not None:
        statement = statement.where(col(LedgerEntry.funding_source_id) == where.source_id)
    if where.entry_type is not None:
        statement = statement.where(col(LedgerEntry.entry_type) == where.entry_type)
    for word in where.text.split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        matches = [
            col(LedgerEntry.memo).ilike(pattern, escape="\\"),
            col(FundingSource.name).ilike(pattern, escape="\\"),
            sa.cast(col(LedgerEntry.entry_date), sa.String).ilike(pattern, escape="\\"),
        ]
        cents = _word_cents(word)
        if cents is not None:  # "1,250.50" or "$480000" finds that amount
            matches.append(col(LedgerEntry.amount_cents).in_([cents, -cents]))
        statement = statement.where(sa.or_(*matches))
    return statement.order_by(col(LedgerEntry.entry_date).desc(), col(LedgerEntry.id).desc())


def _word_cents(word: str) -> int | None:
    if not any(ch.isdigit() for ch in word):
        return None
    try:
        return abs(to_cents(parse_amount(word)))
    except ValidationError:
        return None


def list_ledger(session: Session, where: LedgerFilter | None = None) -> list[LedgerRow]:
    """Ledger lines, newest first. Repeated texts (source names, memos such as "FY2027
    commitment") are shared between rows rather than copied 200,000 times."""
    statement = _ledger_statement(session, where or LedgerFilter())
    intern = sys.intern
    days: dict[date, date] = {}
    return [
        LedgerRow(
            entry_id,
            days.setdefault(day, day),
            intern(source),
            entry_type,
            cents,
            intern(memo) if memo else "",
        )
        for entry_id, day, source, entry_type, cents, memo in session.execute(
            statement, execution_options={"yield_per": 10_000}
        )
    ]


# --------------------------------------------------------------------------- editing


@dataclass
class EntryInput:
    entry_date: date
    funding_source_id: int
    entry_type: LedgerEntryType
    amount: Decimal
    memo: str = ""
    mou_id: int | None = None
    # The grant whose local match this money counts towards (see grant_terms.py).
    match_for_source_id: int | None = None


@dataclass(frozen=True)
class EntryDetail:
    id: int
    row_version: int
    values: EntryInput


def validate_amount(
    amount: Decimal | int | float | str, entry_type: LedgerEntryType, *, allow_zero: bool = False
) -> int:
    """Cents of a ledger amount (the editor's, or a cell of an imported ledger): the amount
    rule of :func:`amount_cents`, and only adjustments may be negative. Zero is a typing
    slip in an editor, but an imported ledger may carry zero lines and keeps them."""
    cents = amount_cents(amount)
    if cents < 0 and entry_type != LedgerEntryType.ADJUSTMENT:
        raise ValidationError(
            "only an adjustment can be negative; record a correction as an adjustment",
            field="amount",
        )
    if cents == 0 and not allow_zero:
        raise ValidationError("the amount is zero", field="amount")
    return cents


def _validate_entry(session: Session, data: EntryInput) -> int:
    if session.get(FundingSource, data.funding_source_id) is None:
        raise ValidationError("choose a funding source", field="source")
    if data.mou_id is not None and session.get(Mou, data.mou_id) is None:
        raise ValidationError(f"MOU #{data.mou_id} does not exist", field="mou")
    if data.match_for_source_id is not None:
        if data.match_for_source_id == data.funding_source_id:
            raise ValidationError("a grant's own money cannot be its match", field="match_for")
        if session.get(FundingSource, data.match_for_source_id) is None:
            raise ValidationError("that grant no longer exists", field="match_for")
    if not date(1900, 1, 1) <= data.entry_date <= date(2200, 12, 31):
        raise ValidationError(f"{data.entry_date} is not a plausible date", field="date")
    return validate_amount(data.amount, data.entry_type)


def _entry_columns(data: EntryInput, cents: int) -> dict[str, Any]:
    """The stored values of an entry the editor gave (checked: ``cents`` is its amount)."""
    return {
        "entry_date": data.entry_date,
        "funding_source_id": data.funding_source_id,
        "entry_type": data.entry_type,
        "amount_cents": cents,
        "memo": data.memo.strip() or None,
        "mou_id": data.mou_id,
        "match_for_source_id": data.match_for_source_id,
    }


def _entry_snapshot(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "entry_date": entry.entry_date,
        "funding_source_id": entry.funding_source_id,
        "entry_type": entry.entry_type,
        "amount": from_cents(entry.amount_cents),
        "memo": entry.memo,
        "mou_id": entry.mou_id,
        "match_for_source_id": entry.match_for_source_id,
    }


def _describe_entry(session: Session, entry: LedgerEntry) -> str:
    source = session.get(FundingSource, entry.funding_source_id)
    name = source.name if source is not None else f"source #{entry.funding_source_id}"
    return f"{entry.entry_type.label} {from_cents(entry.amount_cents)} from {name}"


def get_entry(session: Session, entry_id: int) -> EntryDetail:
    entry = session.get(LedgerEntry, entry_id)
    if entry is None:
        raise NotFoundError(f"ledger entry #{entry_id} does not exist")
    return EntryDetail(
        entry_id,
        entry.row_version,
        EntryInput(
            entry.entry_date,
            entry.funding_source_id,
            entry.entry_type,
            from_cents(entry.amount_cents),
            entry.memo or "",
            entry.mou_id,
            entry.match_for_source_id,
        ),
    )


def create_entry(session: Session, data: EntryInput) -> int:
    entry = LedgerEntry(**_entry_columns(data, _validate_entry(session, data)))
    session.add(entry)
    session.flush()
    assert entry.id is not None
    audit.record(
        session,
        ChangeKind.LEDGER_ENTRY,
        entry.id,
        AuditAction.CREATE,
        summary=_describe_entry(session, entry),
        changes=audit.diff({}, _entry_snapshot(entry)),
    )
    return entry.id


def update_entry(session: Session, entry_id: int, data: EntryInput, seen_version: int) -> None:
    entry = session.get(LedgerEntry, entry_id)
    if entry is None:
        raise NotFoundError(f"ledger entry #{entry_id} was deleted by someone else")
    with audit.tracking(
        session,
        entry,
        ChangeKind.LEDGER_ENTRY,
        summary=lambda: _describe_entry(session, entry),
        seen_version=seen_version,
        what=f"ledger entry #{entry_id}",
        snapshot=_entry_snapshot,  # the amount as money, not as cents
    ):
        for column, value in _entry_columns(data, _validate_entry(session, data)).items():
            setattr(entry, column, value)


def delete_entries(session: Session, entry_ids: Sequence[int]) -> int:
    """Delete ledger entries (each one recorded in the audit log with what it was)."""
    deleted: list[str] = []
    # One deletion however many lines: Undo brings back what one Delete removed.
    with trash.deleting(session, ChangeKind.LEDGER_ENTRY, None, "") as deletion:
        for entry_id in entry_ids:
            entry = session.get(LedgerEntry, entry_id)
            if entry is None:
                raise NotFoundError(f"ledger entry #{entry_id} was already deleted")
            summary = _describe_entry(session, entry)
            snapshot = _entry_snapshot(entry)
            deletion.delete(entry)
            audit.record(
                session,
                ChangeKind.LEDGER_ENTRY,
                entry_id,
                AuditAction.DELETE,
                summary=f"{summary} on {snapshot['entry_date']}",
                changes={key: (value, None) for key, value in snapshot.items()},
            )
            deleted.append(f"{summary} on {snapshot['entry_date']}")
        deletion.label = (
            f"ledger entry {deleted[0]}" if len(deleted) == 1 else f"{len(deleted)} ledger entries"
        )
        deletion.entity_id = entry_ids[0] if len(deleted) == 1 else None
    return len(deleted)
