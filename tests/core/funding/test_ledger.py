"""Ledger entries: editing rules and audit, the list filtered in SQL, small rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from partnerdesk.core.funding import ledger
from partnerdesk.core.funding.ledger import EntryInput, LedgerFilter
from partnerdesk.core.funding.sources import SourceInput, create_source, list_sources
from partnerdesk.core.models import FundingSourceKind, LedgerEntry, LedgerEntryType
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind


def _source(session: Session, name: str = "City", **extra: object) -> int:
    data = SourceInput(name=name, kind=FundingSourceKind.MUNICIPAL_BUDGET)
    for key, value in extra.items():
        setattr(data, key, value)
    return create_source(session, data)


def test_entry_rules(database: Database) -> None:
    with database.transaction() as session:
        source_id = _source(session)
    with database.transaction() as session:
        with pytest.raises(ValidationError, match="only an adjustment"):
            ledger.create_entry(
                session,
                EntryInput(date(2026, 8, 1), source_id, LedgerEntryType.RECEIVED, Decimal("-5")),
            )
        with pytest.raises(ValidationError, match="two decimal"):
            ledger.create_entry(
                session,
                EntryInput(date(2026, 8, 1), source_id, LedgerEntryType.RECEIVED, Decimal("1.005")),
            )
        entry_id = ledger.create_entry(
            session,
            EntryInput(date(2026, 8, 1), source_id, LedgerEntryType.ADJUSTMENT, Decimal("-5.25")),
        )
    with database.transaction() as session:
        detail = ledger.get_entry(session, entry_id)
        assert detail.values.amount == Decimal("-5.25")
        detail.values.memo = "corrected"
        ledger.update_entry(session, entry_id, detail.values, detail.row_version)
        with pytest.raises(ConflictError):
            ledger.update_entry(session, entry_id, detail.values, detail.row_version)
    with database.transaction() as session:
        assert ledger.delete_entries(session, [entry_id]) == 1
        deleted = [
            e
            for e in audit.history(session, ChangeKind.LEDGER_ENTRY, entry_id)
            if e.action.value == "delete"
        ]
        assert any(e.field == "amount" and e.old_value == "-5.25" for e in deleted)


def test_ledger_filter_runs_in_sql(demo_database: Database) -> None:
    with demo_database.session() as session:
        everything = ledger.list_ledger(session)
        federal = next(s for s in list_sources(session) if "Federal" in s.name)
        only = ledger.list_ledger(session, LedgerFilter(source_id=federal.id))
        assert only and all(r.source == federal.name for r in only)
        budgeted = ledger.list_ledger(session, LedgerFilter(entry_type=LedgerEntryType.BUDGETED))
        assert len(budgeted) == 8
        text = ledger.list_ledger(session, LedgerFilter(text="march 2026"))
        assert text and all("March 2026" in r.memo for r in text)
        assert len(everything) > len(only)


def test_ledger_rows_are_small(demo_database: Database) -> None:
    with demo_database.session() as session:
        row = ledger.list_ledger(session)[0]
    assert not hasattr(row, "__dict__")  # slots: no per-row dictionary
    assert isinstance(row.amount, Decimal)
    assert session.exec(select(LedgerEntry)).first() is not None
