"""What the ledger adds up to: fiscal years, exact sums, budget vs actual."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from partnerdesk.core.funding.ledger import EntryInput, LedgerFilter, create_entry, list_ledger
from partnerdesk.core.funding.sources import SourceInput, create_source, list_sources
from partnerdesk.core.funding.totals import budget_vs_actual, ledger_fiscal_years, year_totals
from partnerdesk.core.models import FundingSourceKind, LedgerEntryType
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.settings import FISCAL_YEAR_START_MONTH, set_setting


def _source(session: Session, name: str = "City", **extra: object) -> int:
    data = SourceInput(name=name, kind=FundingSourceKind.MUNICIPAL_BUDGET)
    for key, value in extra.items():
        setattr(data, key, value)
    return create_source(session, data)


def test_budget_vs_actual(demo_database: Database) -> None:
    with demo_database.session() as session:
        comparison = budget_vs_actual(session, [2026])
        city = next(r for r in comparison if r.source == "City general fund allocation")
        assert city.budget == Decimal("480000.00")
        assert city.actual == Decimal("480000.00")  # 12 monthly receipts of 40,000
        assert city.variance == 0 and city.percent_received == Decimal("100.0")


def test_fiscal_year_follows_the_configured_start_month(database: Database) -> None:
    with database.transaction() as session:
        set_setting(session, FISCAL_YEAR_START_MONTH, "10")
        source_id = _source(session)
        for day in (date(2026, 9, 30), date(2026, 10, 1)):
            create_entry(
                session, EntryInput(day, source_id, LedgerEntryType.RECEIVED, Decimal("1"))
            )
    with database.session() as session:
        assert year_totals(session, 2026).actual_cents == {source_id: 100}
        assert year_totals(session, 2027).actual_cents == {source_id: 100}
        assert ledger_fiscal_years(session) == [2027, 2026]
        rows = list_ledger(session, LedgerFilter(fiscal_year=2027))
        assert [r.entry_date for r in rows] == [date(2026, 10, 1)]


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
            create_entry(session, EntryInput(day, source_id, entry_type, amount))
            expected += amount
        session.flush()
        totals = year_totals(session, 2026)
        assert from_cents(totals.actual_cents[source_id]) == expected
        assert list_sources(session)[0].received == expected
        session.rollback()


# --------------------------------------------------------------------------- issue #15, defect 9


def test_a_year_under_way_is_compared_with_the_budget_due_so_far(demo_database: Database) -> None:
    """Budget vs actual showed FY2027, five months in, ~$845k "behind" in red: the whole
    year's budget against five months of receipts. One budget line for the year is due
    evenly across it; here 150 of 365 days have passed."""
    today = date(2026, 11, 27)
    with demo_database.session() as session:
        rows = {(r.fiscal_year, r.source): r for r in budget_vs_actual(session, today=today)}
    city = rows[2027, "City general fund allocation"]
    assert city.budget == Decimal("480000.00")
    assert city.due == Decimal("197260.27")  # 480,000 x 150 / 365
    assert city.actual == Decimal("200000.00")  # July to November, 40,000 each
    assert city.variance_to_date == Decimal("2739.73") and not city.behind
    assert city.percent_of_due == Decimal("101.4")
    # A year that is over is due in full.
    past = rows[2026, "City general fund allocation"]
    assert past.due == past.budget and past.variance_to_date == 0
    assert not any(r.behind for r in rows.values())


def test_instalments_are_due_on_their_dates_and_only_a_real_shortfall_is_flagged(
    database: Database,
) -> None:
    from partnerdesk.core.funding.totals import budget_alert_pct, save_budget_alert_pct

    with database.transaction() as session:
        source_id = _source(session)
        for day, kind, amount in (
            (date(2026, 7, 1), LedgerEntryType.BUDGETED, "100000"),
            (date(2027, 1, 1), LedgerEntryType.BUDGETED, "100000"),
            (date(2026, 7, 20), LedgerEntryType.RECEIVED, "99999.96"),
        ):
            create_entry(session, EntryInput(day, source_id, kind, Decimal(amount)))
    with database.session() as session:
        assert budget_alert_pct(session) == Decimal("10")
        [row] = budget_vs_actual(session, [2027], today=date(2026, 11, 27))
    # The January instalment is not due yet; four cents short is not "behind".
    assert row.due == Decimal("100000.00") and row.variance_to_date == Decimal("-0.04")
    assert not row.behind
    with database.session() as session:
        [later] = budget_vs_actual(session, [2027], today=date(2027, 2, 1))
    assert later.due == Decimal("200000.00") and later.behind  # half of it missing
    with database.transaction() as session:
        save_budget_alert_pct(session, Decimal("60"))
    with database.session() as session:
        [tolerant] = budget_vs_actual(session, [2027], today=date(2027, 2, 1))
        assert not tolerant.behind  # 50 % short is within a 60 % threshold
        with pytest.raises(ValidationError, match="above 0 and at most 100"):
            save_budget_alert_pct(session, Decimal("0"))
