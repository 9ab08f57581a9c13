"""The catalogue: validation, versions once values exist, retiring and deleting."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from partnerdesk.core.models import Aggregation, DataSource, Direction, IndicatorUnit, TargetKind
from partnerdesk.core.outcomes.catalogue import DEFAULT_CATALOGUE
from partnerdesk.core.outcomes.indicators import (
    IndicatorInput,
    create_indicator,
    delete_indicator,
    get_indicator,
    indicator_versions,
    list_indicators,
    set_active,
    update_indicator,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, StaleRecordError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from tests.core.outcomes.conftest import fill


def test_the_default_catalogue_has_the_five_core_measures_and_working_rates(
    database: Database, catalogue: dict[str, int]
) -> None:
    with database.session() as session:
        rows = list_indicators(session)
    assert len(rows) == len(DEFAULT_CATALOGUE)
    assert sum(row.core for row in rows) == 4  # cost savings come from the unit costs
    share = next(row for row in rows if row.code == "share_handled")
    assert (share.numerator_id, share.denominator_id) == (
        catalogue["handled_calls"],
        catalogue["eligible_calls"],
    )
    assert share.target_text == "at least 60 % by month 12"


def test_an_edit_of_the_definition_is_a_new_version_once_values_exist(
    database: Database, catalogue: dict[str, int]
) -> None:
    arrests = catalogue["arrests"]
    with database.transaction() as session:
        row = get_indicator(session, arrests)
        first = update_indicator(
            session, arrests, replace(row.as_input(), definition="Corrected."), row.row_version
        )
    assert (first.version, first.new_version) == (1, False)  # no values yet: in place
    fill(database, arrests, date(2025, 1, 1), date(2025, 3, 1), 5)
    with database.transaction() as session:
        row = get_indicator(session, arrests)
        second = update_indicator(
            session, arrests, replace(row.as_input(), definition="Custody only."), row.row_version
        )
        versions = indicator_versions(session, arrests)
        history = audit.history(session, ChangeKind.INDICATOR, arrests)
    assert (second.version, second.new_version) == (2, True)
    assert [(v.version, v.definition, v.valid_from) for v in versions] == [
        (1, "Corrected.", None),
        (2, "Custody only.", date(2025, 4, 1)),
    ]
    assert any(e.field == "definition" and e.new_value == "Custody only." for e in history)


def test_a_stale_copy_is_refused(database: Database, catalogue: dict[str, int]) -> None:
    with database.transaction() as session:
        row = get_indicator(session, catalogue["arrests"])
        update_indicator(session, row.id, replace(row.as_input(), core=False), row.row_version)
    with pytest.raises(StaleRecordError), database.transaction() as session:
        update_indicator(session, row.id, row.as_input(), row.row_version)


CHANGE = TargetKind.CHANGE


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "Arrests on behavioral-health calls"}, "name"),
        ({"aggregation": Aggregation.RATE}, "rate"),
        ({"baseline_from": date(2024, 1, 1)}, "baseline"),
        ({"target_value": Decimal(5)}, "target"),
        ({"target_kind": CHANGE, "target_value": Decimal("-150")}, "target"),
        ({"target_kind": CHANGE, "target_value": Decimal("-30.0001")}, "target"),
    ],
)
def test_refusals_name_the_field(
    database: Database, catalogue: dict[str, int], changes: dict[str, object], field: str
) -> None:
    data = IndicatorInput(
        "Welfare checks", IndicatorUnit.COUNT, Direction.LOWER, Aggregation.SUM,
        DataSource.DISPATCH,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused, database.transaction() as session:
        create_indicator(session, replace(data, **changes))  # type: ignore[arg-type]
    assert refused.value.field == field


def test_an_indicator_in_use_is_retired_not_deleted(
    database: Database, catalogue: dict[str, int]
) -> None:
    fill(database, catalogue["arrests"], date(2025, 1, 1), date(2025, 1, 1), 3)
    with pytest.raises(ConflictError, match="1 monthly value"), database.transaction() as s:
        delete_indicator(s, catalogue["arrests"])
    with pytest.raises(ConflictError, match="rate indicator"), database.transaction() as s:
        delete_indicator(s, catalogue["eligible_calls"])
    with database.transaction() as session:
        row = get_indicator(session, catalogue["arrests"])
        set_active(session, row.id, False, row.row_version)
        delete_indicator(session, catalogue["protocol_adherence"])
        names = [r.code for r in list_indicators(session, include_retired=False)]
    assert "arrests" not in names and "protocol_adherence" not in names
