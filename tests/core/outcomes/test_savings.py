"""Savings: avoided events against the baseline rate, priced exactly, beside the cost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partnerdesk.core.funding.costs import CostInput, create_cost
from partnerdesk.core.models import CostCategory
from partnerdesk.core.outcomes.savings import (
    avoided_events,
    monthly_program_cost,
    priced,
    savings_for_period,
)
from partnerdesk.core.outcomes.unit_costs import UnitCostInput, create_unit_cost
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.settings import FISCAL_YEAR_START_MONTH, set_setting
from tests.conftest import DEMO_TODAY
from tests.core.outcomes.conftest import fill, values_of

D = Decimal
JAN, FEB, MAR = (date(2025, m, 1) for m in (1, 2, 3))


def test_avoided_events_count_only_months_with_a_value() -> None:
    avoided = avoided_events(D("46.5"), values_of([(JAN, 40), (MAR, 30)]), [JAN, FEB, MAR])
    assert (avoided.events, avoided.actual, avoided.months) == (D(23), D(70), 2)
    more = avoided_events(D(10), values_of([(JAN, 12)]), [JAN])
    assert more.events == D(-2)  # more events than before: a negative saving, shown


def test_pricing_rounds_once_to_the_cent_half_even() -> None:
    assert priced(D("0.5"), D("2.5"), D("0.01")) == D("0.01")  # 0.0125 -> 0.01
    assert priced(D(3), D("0.15"), D("11500")) == D("5175.00")
    assert priced(D("1") / 3, D(1), D("100")) == D("33.33")


def test_a_month_costs_a_twelfth_of_its_fiscal_year() -> None:
    costs = monthly_program_cost([date(2025, 6, 1), date(2025, 7, 1)], {2026: D("1200000")}, 7)
    assert costs == {date(2025, 7, 1): D(100000)}  # June 2025 is FY2025: no cost lines


def test_savings_of_a_period_beside_the_program_cost(
    database: Database, catalogue: dict[str, int]
) -> None:
    arrests = catalogue["arrests"]
    fill(database, arrests, date(2024, 1, 1), date(2024, 12, 1), 50)
    fill(database, arrests, JAN, date(2025, 12, 1), 30)
    with database.transaction() as session:
        set_setting(session, FISCAL_YEAR_START_MONTH, "1")
        create_unit_cost(session, UnitCostInput("Booking", D("1150"), "PD study", arrests))
        create_unit_cost(session, UnitCostInput("Jail day", D("145.10"), "per diem", arrests,
                                                D("2.5")))  # fmt: skip
        create_cost(session, CostInput(2025, CostCategory.PERSONNEL, D("600000")))
    with database.session() as session:
        savings = savings_for_period(
            session, DEMO_TODAY, period_from=JAN, period_to=date(2025, 12, 1)
        )
    lines = {line.name: line for line in savings.lines}
    assert lines["Booking"].avoided == D(240)  # (50 - 30) x 12 months
    assert lines["Booking"].savings == D("276000.00")
    assert lines["Jail day"].savings == D("87060.00")  # 240 x 2.5 x 145.10
    assert savings.total == D("363060.00")
    assert savings.program_cost == D("600000.00")
    assert savings.per_dollar == D("0.61")
    assert savings.uncosted_months == []
