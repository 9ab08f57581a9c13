"""The projection engine: growth, grant ends pro rata, costs, the funding cliff; exact and
traceable. Most cases run through :func:`scenarios.project` on a database, as the program
does; the engine itself reads nothing (see the first test).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from partnerdesk.core.funding.assumptions import Assumptions, Rule
from partnerdesk.core.funding.costs import CostInput, create_cost
from partnerdesk.core.funding.ledger import EntryInput, create_entry
from partnerdesk.core.funding.projection import ProspectInfo, compute_projection
from partnerdesk.core.funding.scenarios import project
from partnerdesk.core.funding.sources import SourceInput, create_source
from partnerdesk.core.funding.totals import SourceInfo
from partnerdesk.core.models import (
    CostCategory,
    FundingSourceKind,
    LedgerEntryType,
    ProspectStage,
)
from partnerdesk.core.platform.db import Database
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY  # FY2027 is under way; FY2026 (Jul 2025 - Jun 2026) is the base
CENT = Decimal("0.01")


def _funded_source(session: Session, name: str, cents: int, **extra: object) -> int:
    data = SourceInput(name=name, kind=extra.pop("kind", FundingSourceKind.MUNICIPAL_BUDGET))  # type: ignore[arg-type]
    for key, value in extra.items():
        setattr(data, key, value)
    source_id = create_source(session, data)
    create_entry(
        session,
        EntryInput(date(2025, 9, 15), source_id, LedgerEntryType.RECEIVED, Decimal(cents) / 100),
    )
    return source_id


common = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_the_engine_projects_from_given_totals_without_a_database() -> None:
    grant = SourceInfo(7, "Grant", FundingSourceKind.STATE_GRANT, True, None,
                       date(2027, 12, 31), 50, 0, True)  # fmt: skip
    city = SourceInfo(8, "City", FundingSourceKind.MUNICIPAL_BUDGET, False, None, None,
                      100, 1000, True)  # fmt: skip
    result = compute_projection(
        "test",
        Assumptions(rule="expected", years=2),
        base_year=2026,
        start_month=7,
        infos={7: grant, 8: city},
        base_cents={7: 36_500_00, 8: 100_000_00},
        cost_table={2026: {CostCategory.PERSONNEL: 120_000_00}},
    )
    assert result.base_revenue == Decimal("136500.00")
    first, second = result.years
    # FY2028 (Jul 2027 - Jun 2028): the grant covers 184 of 366 days, half the rest renewed.
    grant_2028 = next(ln for ln in result.lines if ln.source == "Grant" and ln.fiscal_year == 2028)
    assert grant_2028.covered_days == 184 and grant_2028.year_days == 366
    assert grant_2028.amount == (Decimal("36500") * (Decimal(184) / 366 + Decimal(182) / 366 / 2)
                                 ).quantize(CENT)  # fmt: skip
    assert first.revenue_by_source == {"City": Decimal("110000.00"), "Grant": Decimal("36500.00")}
    assert second.revenue_by_source["City"] == Decimal("121000.00")  # +10 % a year, compounded
    assert first.cost == Decimal("123600.00")  # FY2026 costs + 3 % a year
    assert result.cliff is None


@common
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=10**11), min_size=1, max_size=6),
    years=st.integers(min_value=1, max_value=6),
    rule=st.sampled_from(["as_scheduled", "expected", "all_renewed"]),
)
def test_zero_growth_without_end_dates_repeats_the_base_year(
    database: Database, amounts: list[int], years: int, rule: Rule
) -> None:
    with database.session() as session:
        for index, cents in enumerate(amounts):
            _funded_source(session, f"Source {index}", cents)
        session.flush()
        result = project(session, TODAY, Assumptions(rule=rule, years=years))
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
        scheduled = project(session, TODAY, Assumptions(rule="as_scheduled", years=4))
        expected = project(session, TODAY, Assumptions(rule="expected", years=4))
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
        scheduled = project(session, TODAY, "as scheduled")
        renewed = project(session, TODAY, "all renewed")
        expected = project(session, TODAY, "expected")
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
        create_cost(session, CostInput(2029, CostCategory.OTHER, Decimal("1000000")))
    with demo_database.session() as session:
        result = project(session, TODAY, Assumptions(cost_inflation_pct=Decimal("10")))
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
        result = project(session, TODAY, "all renewed")
    base = result.bases[0]
    assert base.base_year_coverage == Decimal(181) / Decimal(365)
    assert result.years[0].revenue == (Decimal("50000") * 365 / 181).quantize(CENT)


def test_the_engine_weighs_prospects_by_rule_and_stops_counting_an_award_with_history() -> None:
    city = SourceInfo(8, "City", FundingSourceKind.MUNICIPAL_BUDGET, False, None, None,
                      100, 0, True)  # fmt: skip
    won = SourceInfo(9, "Foundation award", FundingSourceKind.COMMUNITY_FOUNDATION, False,
                     date(2028, 1, 1), date(2028, 6, 30), 100, 0, True)  # fmt: skip
    open_one = ProspectInfo(
        1, "State pilot", FundingSourceKind.STATE_GRANT, ProspectStage.SUBMITTED,
        Decimal("366000"), date(2027, 7, 1), date(2028, 6, 30), 25,
    )  # fmt: skip
    declined = ProspectInfo(
        2, "Declined", FundingSourceKind.DONATION, ProspectStage.DECLINED,
        Decimal("50000"), date(2027, 7, 1), date(2028, 6, 30), 0,
    )  # fmt: skip
    awarded = ProspectInfo(
        3, "Won", FundingSourceKind.COMMUNITY_FOUNDATION, ProspectStage.AWARDED,
        Decimal("36600"), date(2028, 1, 1), date(2028, 6, 30), 100, 9, "Foundation award",
    )  # fmt: skip

    def run(rule: Rule, base: dict[int, int]) -> list[Decimal]:
        result = compute_projection(
            "test", Assumptions(rule=rule, years=3), base_year=2026, start_month=7,
            infos={8: city, 9: won}, base_cents=base, cost_table={},
            prospects=[open_one, declined, awarded],
        )  # fmt: skip
        return [year.pipeline for year in result.years]

    # FY2028 has 366 days: the open prospect's whole period, a quarter likely; the award
    # (182 of its days fall in FY2028) in full.
    assert run("expected", {8: 100_00}) == [Decimal("0.00"), Decimal("128100.00"), Decimal("0.00")]
    assert run("all_renewed", {8: 100_00}) == run("expected", {8: 100_00})
    assert run("as_scheduled", {8: 100_00}) == [0, Decimal("36600.00"), 0]
    # Once the award's source has revenue in the base year, its own line carries it.
    assert run("as_scheduled", {8: 100_00, 9: 500_00}) == [0, 0, 0]


# --------------------------------------------------------------------------- negative bases

RULES: tuple[Rule, ...] = ("as_scheduled", "expected", "all_renewed")


def _by_rule(session: Session, years: int = 4) -> dict[Rule, dict[tuple[int, str], Decimal]]:
    return {
        rule: {
            (line.fiscal_year, line.source): line.amount
            for line in project(session, TODAY, Assumptions(rule=rule, years=years)).lines
        }
        for rule in RULES
    }


def test_a_refund_larger_than_the_receipts_is_not_projected_as_recurring(
    database: Database,
) -> None:
    """The issue's case: a grant ended in the base year, whose refund adjustment exceeded
    its receipts, projected -5,000 a year under "all renewed" and 0 under "as scheduled"."""
    with database.session() as session:
        grant = _funded_source(
            session, "Returned grant", 10_000_00, kind=FundingSourceKind.STATE_GRANT,
            grant_end=date(2026, 6, 30), renewal_probability_pct=60,
        )  # fmt: skip
        create_entry(
            session,
            EntryInput(date(2026, 3, 1), grant, LedgerEntryType.ADJUSTMENT, Decimal("-15000")),
        )
        session.flush()
        amounts = _by_rule(session)
        expected = project(session, TODAY, "expected")
        session.rollback()
    for rule in RULES:
        assert set(amounts[rule].values()) == {Decimal("0.00")}, rule
    assert expected.base_revenue == Decimal("-5000.00")  # the base year itself is as recorded
    assert any("Returned grant" in note and "-$5,000.00" in note for note in expected.notes)
    assert expected.cliff is None or not expected.cliff.sources


@st.composite
def ledgers(draw: st.DrawFn) -> list[dict[str, object]]:
    """A few sources, each with grant dates, renewal, growth and base-year entries
    (receipts, budgets and adjustments either way: refunds may exceed receipts)."""
    sources = []
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        start = draw(st.none() | st.dates(date(2024, 1, 1), date(2026, 6, 30)))
        end = draw(st.none() | st.dates(start or date(2025, 7, 1), date(2031, 6, 30)))
        entries = draw(
            st.lists(
                st.tuples(
                    st.dates(date(2025, 7, 1), date(2026, 6, 30)),
                    st.sampled_from(list(LedgerEntryType)),
                    st.integers(min_value=-(10**9), max_value=10**9),
                ),
                min_size=1,
                max_size=5,
            )
        )
        sources.append(
            {
                "name": f"Source {index}",
                "grant_start": start,
                "grant_end": end,
                "renewal_probability_pct": draw(st.integers(0, 100)),
                "annual_growth_pct": Decimal(draw(st.integers(-9_999, 100_000))) / 100,
                "entries": entries,
            }
        )
    return sources


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledger=ledgers())
def test_all_renewed_is_never_below_expected_nor_expected_below_as_scheduled(
    database: Database, ledger: list[dict[str, object]]
) -> None:
    with database.session() as session:
        for spec in ledger:
            entries = spec.pop("entries")
            data = SourceInput(name=str(spec.pop("name")), kind=FundingSourceKind.STATE_GRANT)
            for key, value in spec.items():
                setattr(data, key, value)
            source_id = create_source(session, data)
            for day, kind, cents in entries:  # type: ignore[attr-defined]
                if kind != LedgerEntryType.ADJUSTMENT:
                    cents = abs(cents)  # only adjustments may be negative
                cents = cents or 1  # the editor refuses zero
                create_entry(session, EntryInput(day, source_id, kind, Decimal(cents) / 100))
        session.flush()
        amounts = _by_rule(session)
        session.rollback()
    for key, scheduled in amounts["as_scheduled"].items():
        assert amounts["all_renewed"][key] >= amounts["expected"][key] >= scheduled >= 0, key


@settings(max_examples=120, deadline=None)
@given(
    base=st.dictionaries(
        st.integers(1, 5), st.integers(min_value=-(10**13), max_value=10**13), min_size=1
    ),
    ends=st.lists(st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31)), min_size=5),
    starts=st.lists(st.none() | st.dates(date(2020, 1, 1), date(2035, 12, 31)), min_size=5),
    renewals=st.lists(st.integers(0, 100), min_size=5),
    growths=st.lists(st.integers(-9_999, 100_000), min_size=5),
    start_month=st.integers(1, 12),
    years=st.integers(1, 15),
)
def test_the_engine_keeps_the_scenario_order_for_any_base(
    base: dict[int, int],
    ends: list[date | None],
    starts: list[date | None],
    renewals: list[int],
    growths: list[int],
    start_month: int,
    years: int,
) -> None:
    infos = {
        i: SourceInfo(i, f"S{i}", FundingSourceKind.FEDERAL_GRANT, False, starts[i - 1],
                      ends[i - 1], renewals[i - 1], growths[i - 1], True)
        for i in base
    }  # fmt: skip
    results = {
        rule: compute_projection(
            rule, Assumptions(rule=rule, years=years), base_year=2026, start_month=start_month,
            infos=infos, base_cents=base, cost_table={},
        )
        for rule in RULES
    }  # fmt: skip
    lines = {
        rule: {(ln.fiscal_year, ln.source): ln.amount for ln in result.lines}
        for rule, result in results.items()
    }
    for key, scheduled in lines["as_scheduled"].items():
        assert lines["all_renewed"][key] >= lines["expected"][key] >= scheduled >= 0, key
    for rule in RULES:
        for year in results[rule].years:
            assert year.revenue >= 0
