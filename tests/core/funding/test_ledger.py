"""Funding sources, ledger entries and program costs: editing rules, audit, exact totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from partnerdesk.core.funding import ledger as funding
from partnerdesk.core.funding.ledger import (
    CostInput,
    EntryInput,
    LedgerFilter,
    SourceInput,
)
from partnerdesk.core.models import (
    AuditEvent,
    CostCategory,
    FundingSourceKind,
    LedgerEntry,
    LedgerEntryType,
)
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.settings import FISCAL_YEAR_START_MONTH, set_setting


def _source(session: Session, name: str = "City", **extra: object) -> int:
    data = SourceInput(name=name, kind=FundingSourceKind.MUNICIPAL_BUDGET)
    for key, value in extra.items():
        setattr(data, key, value)
    return funding.create_source(session, data)


def _events(session: Session, entity: str, entity_id: int) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent).where(
                AuditEvent.entity_type == entity, AuditEvent.entity_id == entity_id
            )
        )
    )


def test_source_create_update_delete_is_audited(database: Database) -> None:
    with database.transaction() as session:
        source_id = _source(session, "  City   general fund ", annual_growth_pct=Decimal("2.5"))
    with database.transaction() as session:
        detail = funding.get_source(session, source_id)
        assert detail.values.name == "City general fund"
        assert detail.values.annual_growth_pct == Decimal("2.5")
        detail.values.renewal_probability_pct = 60
        funding.update_source(session, source_id, detail.values, detail.row_version)
    with database.transaction() as session:
        assert funding.get_source(session, source_id).row_version == 2
        events = _events(session, "funding_source", source_id)
        changed = [
            e for e in events if e.field == "renewal_probability_pct" and e.action.value == "update"
        ]
        assert changed and (changed[0].old_value, changed[0].new_value) == ("100", "60")
        funding.delete_source(session, source_id)
    with database.session() as session:
        assert funding.list_sources(session) == []
        assert any(
            e.action.value == "delete" for e in _events(session, "funding_source", source_id)
        )


def test_stale_source_edit_is_refused(database: Database) -> None:
    with database.transaction() as session:
        source_id = _source(session)
    with database.transaction() as session:
        seen = funding.get_source(session, source_id)
        funding.update_source(session, source_id, seen.values, seen.row_version)  # no change
        data = funding.get_source(session, source_id).values
        data.notes = "first save"
        funding.update_source(session, source_id, data, seen.row_version)
    data.notes = "second save from an old copy"
    with (
        pytest.raises(ConflictError, match="changed by someone else"),
        database.transaction() as session,
    ):
        funding.update_source(session, source_id, data, seen.row_version)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"renewal_probability_pct": 101}, "renewal_probability_pct"),
        ({"annual_growth_pct": Decimal("1.234")}, "annual_growth_pct"),
        ({"grant_start": date(2026, 7, 1), "grant_end": date(2026, 6, 30)}, "grant_end"),
    ],
)
def test_source_validation_names_the_field(
    database: Database, changes: dict[str, object], field: str
) -> None:
    with database.transaction() as session, pytest.raises(ValidationError) as caught:
        _source(session, **changes) if "name" not in changes else funding.create_source(
            session, SourceInput(name=str(changes["name"]), kind=FundingSourceKind.OTHER)
        )
    assert caught.value.field == field


def test_duplicate_source_names_are_refused_case_insensitively(database: Database) -> None:
    with database.transaction() as session:
        _source(session, "Valley Health")
    with database.transaction() as session, pytest.raises(ValidationError, match="already"):
        _source(session, "valley health")


def test_source_with_entries_cannot_be_deleted(database: Database) -> None:
    with database.transaction() as session:
        source_id = _source(session)
        funding.create_entry(
            session,
            EntryInput(date(2026, 8, 1), source_id, LedgerEntryType.RECEIVED, Decimal("10.00")),
        )
    with database.transaction() as session, pytest.raises(ConflictError, match="1 ledger"):
        funding.delete_source(session, source_id)


def test_entry_rules(database: Database) -> None:
    with database.transaction() as session:
        source_id = _source(session)
    with database.transaction() as session:
        with pytest.raises(ValidationError, match="only an adjustment"):
            funding.create_entry(
                session,
                EntryInput(date(2026, 8, 1), source_id, LedgerEntryType.RECEIVED, Decimal("-5")),
            )
        with pytest.raises(ValidationError, match="two decimal"):
            funding.create_entry(
                session,
                EntryInput(date(2026, 8, 1), source_id, LedgerEntryType.RECEIVED, Decimal("1.005")),
            )
        entry_id = funding.create_entry(
            session,
            EntryInput(date(2026, 8, 1), source_id, LedgerEntryType.ADJUSTMENT, Decimal("-5.25")),
        )
    with database.transaction() as session:
        detail = funding.get_entry(session, entry_id)
        assert detail.values.amount == Decimal("-5.25")
        detail.values.memo = "corrected"
        funding.update_entry(session, entry_id, detail.values, detail.row_version)
        with pytest.raises(ConflictError):
            funding.update_entry(session, entry_id, detail.values, detail.row_version)
    with database.transaction() as session:
        assert funding.delete_entries(session, [entry_id]) == 1
        deleted = [
            e for e in _events(session, "ledger_entry", entry_id) if e.action.value == "delete"
        ]
        assert any(e.field == "amount" and e.old_value == "-5.25" for e in deleted)


def test_costs_crud_and_budget_vs_actual(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        cost_id = funding.create_cost(
            session, CostInput(2030, CostCategory.TRAINING, Decimal("1200.50"), "academy")
        )
        version, data = funding.get_cost(session, cost_id)
        data.amount = Decimal("1300")
        funding.update_cost(session, cost_id, data, version)
    with demo_database.transaction() as session:
        rows = [c for c in funding.list_costs(session) if c.id == cost_id]
        assert rows[0].amount == Decimal("1300.00")
        with pytest.raises(ValidationError):
            funding.create_cost(session, CostInput(2030, CostCategory.OTHER, Decimal("-1")))
        funding.delete_cost(session, cost_id)
        comparison = funding.budget_vs_actual(session, [2026])
        city = next(r for r in comparison if r.source == "City general fund allocation")
        assert city.budget == Decimal("480000.00")
        assert city.actual == Decimal("480000.00")  # 12 monthly receipts of 40,000
        assert city.variance == 0 and city.percent_received == Decimal("100.0")


def test_fiscal_year_follows_the_configured_start_month(database: Database) -> None:
    with database.transaction() as session:
        set_setting(session, FISCAL_YEAR_START_MONTH, "10")
        source_id = _source(session)
        for day in (date(2026, 9, 30), date(2026, 10, 1)):
            funding.create_entry(
                session, EntryInput(day, source_id, LedgerEntryType.RECEIVED, Decimal("1"))
            )
    with database.session() as session:
        assert funding.year_totals(session, 2026).actual_cents == {source_id: 100}
        assert funding.year_totals(session, 2027).actual_cents == {source_id: 100}
        assert funding.ledger_fiscal_years(session) == [2027, 2026]
        rows = funding.list_ledger(session, LedgerFilter(fiscal_year=2027))
        assert [r.entry_date for r in rows] == [date(2026, 10, 1)]


def test_ledger_filter_runs_in_sql(demo_database: Database) -> None:
    with demo_database.session() as session:
        everything = funding.list_ledger(session)
        federal = next(s for s in funding.list_sources(session) if "Federal" in s.name)
        only = funding.list_ledger(session, LedgerFilter(source_id=federal.id))
        assert only and all(r.source == federal.name for r in only)
        budgeted = funding.list_ledger(session, LedgerFilter(entry_type=LedgerEntryType.BUDGETED))
        assert len(budgeted) == 8
        text = funding.list_ledger(session, LedgerFilter(text="march 2026"))
        assert text and all("March 2026" in r.memo for r in text)
        assert len(everything) > len(only)


amounts = st.integers(min_value=1, max_value=10**11)
entries = st.lists(
    st.tuples(
        st.sampled_from([LedgerEntryType.RECEIVED, LedgerEntryType.ADJUSTMENT]),
        st.integers(min_value=-(10**9), max_value=10**11),
        st.integers(min_value=0, max_value=364),
    ).filter(lambda e: e[1] != 0 and (e[1] > 0 or e[0] == LedgerEntryType.ADJUSTMENT)),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=entries)
def test_totals_equal_the_exact_decimal_sum(database: Database, lines: list[tuple]) -> None:
    with database.session() as session:
        source_id = _source(session)
        expected = Decimal(0)
        for entry_type, cents, offset in lines:
            day = date.fromordinal(date(2025, 7, 1).toordinal() + offset)  # all in FY2026
            amount = Decimal(cents) / 100
            funding.create_entry(session, EntryInput(day, source_id, entry_type, amount))
            expected += amount
        session.flush()
        totals = funding.year_totals(session, 2026)
        assert from_cents(totals.actual_cents[source_id]) == expected
        assert funding.list_sources(session)[0].received == expected
        session.rollback()


def test_ledger_rows_are_small(demo_database: Database) -> None:
    with demo_database.session() as session:
        row = funding.list_ledger(session)[0]
    assert not hasattr(row, "__dict__")  # slots: no per-row dictionary
    assert isinstance(row.amount, Decimal)
    assert session.exec(select(LedgerEntry)).first() is not None
