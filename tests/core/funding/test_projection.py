"""Projections: growth, grant ends pro rata, scenarios, costs, the funding cliff."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from partnerdesk.core.funding import ledger as funding
from partnerdesk.core.funding import projection as pj
from partnerdesk.core.funding.ledger import CostInput, EntryInput, SourceInput
from partnerdesk.core.models import CostCategory, FundingSourceKind, LedgerEntryType
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY  # FY2027 is under way; FY2026 (Jul 2025 - Jun 2026) is the base
CENT = Decimal("0.01")


def _funded_source(session: Session, name: str, cents: int, **extra: object) -> int:
    data = SourceInput(name=name, kind=extra.pop("kind", FundingSourceKind.MUNICIPAL_BUDGET))  # type: ignore[arg-type]
    for key, value in extra.items():
        setattr(data, key, value)
    source_id = funding.create_source(session, data)
    funding.create_entry(
        session,
        EntryInput(date(2025, 9, 15), source_id, LedgerEntryType.RECEIVED, Decimal(cents) / 100),
    )
    return source_id


common = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@common
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=10**11), min_size=1, max_size=6),
    years=st.integers(min_value=1, max_value=6),
    rule=st.sampled_from(["as_scheduled", "expected", "all_renewed"]),
)
def test_zero_growth_without_end_dates_repeats_the_base_year(
    database: Database, amounts: list[int], years: int, rule: pj.Rule
) -> None:
    with database.session() as session:
        for index, cents in enumerate(amounts):
            _funded_source(session, f"Source {index}", cents)
        session.flush()
        result = pj.project(session, TODAY, pj.Assumptions(rule=rule, years=years))
        assert [y.fiscal_year for y in result.years] == list(range(2027, 2027 + years))
        for year in result.years:
            assert year.revenue == Decimal(sum(amounts)) / 100
            assert year.revenue_by_source == {
                f"Source {i}": Decimal(c) / 100 for i, c in enumerate(amounts)
            }
        session.rollback()


@common
@given(
    cents=st.integers(min_value=100, max_value=10**10),
    end=st.dates(min_value=date(2026, 7, 1), max_value=date(2030, 6, 29)),
    renewal=st.integers(min_value=0, max_value=100),
)
def test_grant_ending_mid_year_counts_pro_rata_and_never_after_its_end(
    database: Database, cents: int, end: date, renewal: int
) -> None:
    with database.session() as session:
        _funded_source(
            session,
            "Grant",
            cents,
            kind=FundingSourceKind.STATE_GRANT,
            grant_end=end,
            renewal_probability_pct=renewal,
        )
        session.flush()
        scheduled = pj.project(session, TODAY, pj.Assumptions(rule="as_scheduled", years=4))
        expected = pj.project(session, TODAY, pj.Assumptions(rule="expected", years=4))
        base = Decimal(cents) / 100
        for line, hoped in zip(scheduled.lines, expected.lines, strict=True):
            first = date(line.fiscal_year - 1, 7, 1)
            last = date(line.fiscal_year, 6, 30)
            covered = max(0, (min(end, last) - first).days + 1)
            assert line.covered_days == covered
            share = base * covered / ((last - first).days + 1)
            assert line.amount == share.quantize(CENT, rounding=ROUND_HALF_EVEN)
            if first > end:
                assert line.amount == 0  # nothing after the end date
            assert hoped.amount >= line.amount
        session.rollback()


def test_demo_scenarios_and_the_cliff(demo_database: Database) -> None:
    with demo_database.session() as session:
        scheduled = pj.project(session, TODAY, "as scheduled")
        renewed = pj.project(session, TODAY, "all renewed")
        expected = pj.project(session, TODAY, "expected")
    assert scheduled.base_year == 2026
    assert [y.fiscal_year for y in scheduled.years] == [2027, 2028, 2029]
    cliff = scheduled.cliff
    assert cliff is not None and cliff.fiscal_year == 2029
    assert [s.name for s in cliff.sources] == ["Federal crisis response grant"]
    assert "grant ended 2028-06-30" in cliff.sources[0].reason
    assert renewed.cliff is None
    fed_2029 = {ln.fiscal_year: ln for ln in expected.lines if ln.source.startswith("Federal")}
    assert fed_2029[2029].weight == Decimal("0.35")
    # Traceable: every year's revenue is the sum of its lines, each base x growth x weight.
    for year in expected.years:
        lines = [ln for ln in expected.lines if ln.fiscal_year == year.fiscal_year]
        assert sum(ln.amount for ln in lines) == year.revenue
        for ln in lines:
            exact = ln.annual_base * ln.growth_factor * ln.weight
            assert ln.amount == exact.quantize(CENT, rounding=ROUND_HALF_EVEN)
    city = next(b for b in expected.bases if b.name.startswith("City"))
    assert city.base_year_amount == Decimal("480000.00") and city.growth_pct == Decimal("2")


def test_costs_use_entered_budgets_then_inflation(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        funding.create_cost(session, CostInput(2029, CostCategory.OTHER, Decimal("1000000")))
    with demo_database.session() as session:
        result = pj.project(session, TODAY, pj.Assumptions(cost_inflation_pct=Decimal("10")))
    costs = {y.fiscal_year: y for y in result.years}
    assert costs[2027].cost == Decimal("1428000.00")  # entered
    assert costs[2028].cost == Decimal("1570800.00")  # FY2027 + 10 %
    assert costs[2029].cost == Decimal("1000000.00")  # entered again
    assert "FY2027 costs + 10 % a year" in costs[2028].cost_note


def test_partial_base_year_grant_is_annualised(database: Database) -> None:
    with database.session() as session:
        # Started 1 January 2026: half of FY2026 brought in 50,000 -> a yearly rate.
        _funded_source(
            session, "New grant", 5_000_000, grant_start=date(2026, 1, 1), grant_end=None
        )
        session.flush()
        result = pj.project(session, TODAY, "all renewed")
    base = result.bases[0]
    assert base.base_year_coverage == Decimal(181) / Decimal(365)
    assert result.years[0].revenue == (Decimal("50000") * 365 / 181).quantize(CENT)


def test_saved_scenarios(demo_database: Database) -> None:
    pessimistic = pj.Assumptions(
        rule="as_scheduled",
        years=5,
        cost_inflation_pct=Decimal("4.5"),
        overrides={
            "City general fund allocation": pj.SourceOverride(annual_growth_pct=Decimal("-5"))
        },
    )
    with demo_database.transaction() as session:
        scenario_id = pj.save_scenario(session, "Budget cut", pessimistic)
        with pytest.raises(ValidationError, match="built-in"):
            pj.save_scenario(session, "Expected", pessimistic)
        with pytest.raises(ValidationError, match="already"):
            pj.save_scenario(session, "budget CUT", pessimistic)
    with demo_database.session() as session:
        names = [s.name for s in pj.list_scenarios(session)]
        assert names == ["as scheduled", "expected", "all renewed", "Budget cut"]
        result = pj.project(session, TODAY, "budget cut")
    assert result.assumptions.overrides == pessimistic.overrides
    assert len(result.years) == 5
    city = [ln for ln in result.lines if ln.source.startswith("City")]
    assert city[0].amount == Decimal("456000.00")
    with demo_database.transaction() as session:
        pj.delete_scenario(session, scenario_id)
    with demo_database.session() as session, pytest.raises(NotFoundError, match="no scenario"):
        pj.project(session, TODAY, "Budget cut")


def test_assumptions_round_trip_through_json() -> None:
    original = pj.Assumptions(
        rule="all_renewed",
        years=4,
        base_year=2025,
        basis="budget",
        overrides={"X": pj.SourceOverride(Decimal("1.5"), 20, date(2027, 3, 31))},
    )
    assert pj.Assumptions.from_json(original.to_json()) == original
    with pytest.raises(ValidationError):
        pj.validate_assumptions(pj.Assumptions(years=0))
