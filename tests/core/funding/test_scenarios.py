"""Scenarios: the built-in ones, saved ones (names, audit, versions), projecting by name."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnerdesk.core.funding.assumptions import Assumptions, SourceOverride
from partnerdesk.core.funding.scenarios import (
    delete_scenario,
    list_scenarios,
    project,
    save_scenario,
)
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def test_saved_scenarios(demo_database: Database) -> None:
    pessimistic = Assumptions(
        rule="as_scheduled",
        years=5,
        cost_inflation_pct=Decimal("4.5"),
        overrides={"City general fund allocation": SourceOverride(annual_growth_pct=Decimal("-5"))},
    )
    with demo_database.transaction() as session:
        scenario_id = save_scenario(session, "Budget cut", pessimistic)
        with pytest.raises(ValidationError, match="built-in"):
            save_scenario(session, "Expected", pessimistic)
        with pytest.raises(ValidationError, match="already"):
            save_scenario(session, "budget CUT", pessimistic)
    with demo_database.session() as session:
        names = [s.name for s in list_scenarios(session)]
        assert names == ["as scheduled", "expected", "all renewed", "Budget cut"]
        result = project(session, TODAY, "budget cut")
    assert result.assumptions.overrides == pessimistic.overrides
    assert len(result.years) == 5
    city = [ln for ln in result.lines if ln.source.startswith("City")]
    assert city[0].amount == Decimal("456000.00")
    with demo_database.transaction() as session:
        delete_scenario(session, scenario_id)
    with demo_database.session() as session, pytest.raises(NotFoundError, match="no scenario"):
        project(session, TODAY, "Budget cut")


def test_a_saved_scenario_is_edited_under_version_control(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        scenario_id = save_scenario(session, "Lean", Assumptions(years=2))
    with demo_database.session() as session:
        seen = next(s for s in list_scenarios(session) if s.id == scenario_id)
    with demo_database.transaction() as session:
        save_scenario(
            session, "Lean", Assumptions(years=4), scenario_id=scenario_id,
            seen_version=seen.row_version,
        )  # fmt: skip
    with demo_database.session() as session:
        now = next(s for s in list_scenarios(session) if s.id == scenario_id)
    assert now.assumptions.years == 4 and now.row_version == seen.row_version + 1
    with (
        pytest.raises(ConflictError, match='scenario "Lean" was changed by someone else'),
        demo_database.transaction() as session,
    ):
        save_scenario(
            session, "Leaner", Assumptions(years=3), scenario_id=scenario_id,
            seen_version=seen.row_version,
        )  # fmt: skip
