"""Monthly values: the one value rule, the grid, stale copies, agencies combined by rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partnerdesk.core.models import IndicatorUnit, Organization
from partnerdesk.core.models.directory import OrganizationKind
from partnerdesk.core.outcomes.overview import outcome_summary
from partnerdesk.core.outcomes.values import CellChange, check_value, grid_data, set_values
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from tests.conftest import DEMO_TODAY
from tests.core.outcomes.conftest import fill

D = Decimal


@pytest.mark.parametrize(
    ("value", "unit", "milli"),
    [(D(12), IndicatorUnit.COUNT, 12000), (D("14.25"), IndicatorUnit.MINUTES, 14250),
     (D(100), IndicatorUnit.PERCENT, 100000), (D("1.05"), IndicatorUnit.DOLLARS, 1050)],
)  # fmt: skip
def test_values_are_kept_exactly(value: Decimal, unit: IndicatorUnit, milli: int) -> None:
    assert check_value(value, unit) == milli


@pytest.mark.parametrize(
    ("value", "unit", "reason"),
    [(D("2.5"), IndicatorUnit.COUNT, "whole number"), (D(-1), IndicatorUnit.COUNT, "whole"),
     (D("100.1"), IndicatorUnit.PERCENT, "0 to 100"), (D(-3), IndicatorUnit.MINUTES, "negative"),
     (D("1.0001"), IndicatorUnit.MINUTES, "three decimals"),
     (D("1.005"), IndicatorUnit.DOLLARS, "two decimal")],
)  # fmt: skip
def test_implausible_values_are_refused(value: Decimal, unit: IndicatorUnit, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        check_value(value, unit)


def test_saving_cells_is_audited_and_a_stale_cell_stops_the_whole_save(
    database: Database, catalogue: dict[str, int]
) -> None:
    arrests, force = catalogue["arrests"], catalogue["use_of_force"]
    jan, feb = date(2025, 1, 1), date(2025, 2, 1)
    with database.transaction() as session:
        assert set_values(session, [CellChange(arrests, jan, D(30), None)]) == 1
    with pytest.raises(ConflictError, match="changed by someone else"), database.transaction() as s:
        set_values(s, [CellChange(force, feb, D(4), None), CellChange(arrests, jan, D(31), None)])
    with database.session() as session:
        grid = grid_data(session, DEMO_TODAY)
        events = audit.history(session, ChangeKind.INDICATOR_VALUE, list(range(1, 10)))
    assert grid.cells[(arrests, jan)] == D(30)
    assert (force, feb) not in grid.cells  # nothing of the refused save was written
    assert [(e.field, e.old_value, e.new_value) for e in events] == [("value", None, "30")]


def test_a_rate_cannot_be_typed(database: Database, catalogue: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="numerator"), database.transaction() as session:
        set_values(session, [CellChange(catalogue["share_handled"], date(2025, 1, 1), D(5), None)])


def test_agencies_combine_by_the_indicators_rule_and_a_whole_program_value_wins(
    database: Database, catalogue: dict[str, int]
) -> None:
    with database.transaction() as session:
        orgs = [Organization(name=n, name_key=n.lower(), kind=OrganizationKind.OTHER)
                for n in ("North", "South", "East")]  # fmt: skip
        session.add_all(orgs)
        session.flush()
        ids = [o.id or 0 for o in orgs]
    handled, minutes = catalogue["handled_calls"], catalogue["response_time"]
    jan, feb = date(2025, 1, 1), date(2025, 2, 1)
    for agency, calls, median in zip(ids, (10, 20, 40), (12, 30, 14), strict=True):
        fill(database, handled, jan, feb, calls, agency)
        fill(database, minutes, jan, feb, median, agency)
    fill(database, handled, feb, feb, 100)  # the whole program's own figure for February
    with database.session() as session:
        grid = grid_data(session, DEMO_TODAY)
        north = grid_data(session, DEMO_TODAY, ids[0])
    assert grid.cells[(handled, jan)] == D(70)  # added
    assert grid.combined[(handled, jan)] == 3
    assert grid.cells[(handled, feb)] == D(100)
    assert (handled, feb) not in grid.combined
    assert grid.cells[(minutes, jan)] == D(14)  # the median of 12, 30 and 14
    assert north.cells[(handled, jan)] == D(10)
    assert all(column.indicator_id in (handled, minutes) for column in north.columns)


def test_the_summary_compares_the_period_with_the_baseline(
    database: Database, catalogue: dict[str, int]
) -> None:
    arrests = catalogue["arrests"]
    fill(database, arrests, date(2024, 1, 1), date(2024, 12, 1), 50)
    fill(database, arrests, date(2025, 1, 1), date(2025, 6, 1), 40)
    fill(database, arrests, date(2025, 7, 1), date(2025, 12, 1), 30)
    with database.session() as session:
        summary = outcome_summary(
            session, DEMO_TODAY, period_from=date(2025, 1, 1), period_to=date(2025, 12, 1)
        )
        default = outcome_summary(session, DEMO_TODAY)
    row = summary.row(arrests)
    assert (row.baseline.value, row.baseline.months) == (D(50), 12)
    assert (row.current.value, row.current.months, row.current.total) == (D(35), 12, D(420))
    assert row.change is not None and row.change.percent == D(-30)
    assert row.met is True and row.off_target is False  # -30 % by month 12: exactly met
    # Default period: the latest 12 complete months with data after launch.
    assert (default.period_from, default.period_to) == (date(2025, 1, 1), date(2025, 12, 1))
