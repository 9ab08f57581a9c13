"""The pipeline: prospects and their rules, how projections weigh them (from their start
date, at their probability, never in "as scheduled"), and awarding one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from sqlmodel import Session

from partnerdesk.core.funding import pipeline
from partnerdesk.core.funding.ledger import LedgerFilter, list_ledger
from partnerdesk.core.funding.pipeline import AwardInput, ProspectInput
from partnerdesk.core.funding.projection import Projection
from partnerdesk.core.funding.scenarios import project
from partnerdesk.core.funding.sources import get_source
from partnerdesk.core.models import FundingSourceKind, LedgerEntryType, ProspectStage
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.money import CENT
from partnerdesk.core.platform.schema import ChangeKind
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY  # FY2027; projections run FY2027-FY2029 from the base year FY2026


def _prospect(name: str = "State stabilization grant", **changes: object) -> ProspectInput:
    data = ProspectInput(
        name=name,
        kind=FundingSourceKind.STATE_GRANT,
        amount_requested=Decimal("730000.00"),
        start_date=date(2027, 7, 1),
        end_date=date(2029, 6, 30),
        stage=ProspectStage.SUBMITTED,
        probability_pct=40,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def _by_name(session: Session, name: str) -> pipeline.ProspectRow:
    return next(row for row in pipeline.list_prospects(session) if row.name == name)


def _projections(session: Session) -> dict[str, Projection]:
    return {
        name: project(session, TODAY, name) for name in ("as scheduled", "expected", "all renewed")
    }


def test_the_demo_pipeline_counts_at_its_probability_from_its_start(
    demo_database: Database,
) -> None:
    with demo_database.session() as session:
        rows = pipeline.list_prospects(session)
        results = _projections(session)
    assert [(r.name, r.stage, r.probability_pct) for r in rows] == [
        ("Medicaid crisis services billing pilot", ProspectStage.SUBMITTED, 60),
        ("Peer respite expansion", ProspectStage.DRAFTING, 30),
    ]
    assert rows[0].weighted == Decimal("216000.00")

    def expected_share(amount: str, days: int, chance: str) -> Decimal:
        # Two years from 1 July 2027 (731 days, with 29 February 2028), spread by day.
        return (Decimal(amount) * 365 / 731 * (Decimal(days) / 365) * Decimal(chance)).quantize(
            CENT, rounding=ROUND_HALF_EVEN
        )

    expected = results["expected"]
    pipeline_by_year = {y.fiscal_year: y.pipeline for y in expected.years}
    assert pipeline_by_year[2027] == Decimal("0.00")  # both start in FY2028
    assert pipeline_by_year[2028] == expected_share("360000", 366, "0.6") + expected_share(
        "150000", 366, "0.3"
    )
    assert pipeline_by_year[2029] == expected_share("360000", 365, "0.6") + expected_share(
        "150000", 365, "0.3"
    )
    lines = [ln for ln in expected.lines if ln.prospect_id is not None and ln.fiscal_year == 2028]
    assert {ln.source for ln in lines} == {
        "Medicaid crisis services billing pilot (pipeline)",
        "Peer respite expansion (pipeline)",
    }
    assert "60 % likely" in next(ln.note for ln in lines if ln.source.startswith("Medicaid"))
    # "As scheduled" counts only money already awarded.
    assert all(y.pipeline == 0 for y in results["as scheduled"].years)
    for index in range(3):
        scheduled, middle, renewed = (results[n].years[index] for n in results)
        assert renewed.revenue >= middle.revenue >= scheduled.revenue
    # The pipeline is part of the revenue, by kind.
    year = expected.years[1]
    assert year.revenue == sum(year.revenue_by_kind.values())
    assert year.revenue_by_kind[FundingSourceKind.INSURANCE_MEDICAID] > 0


def test_changing_a_prospect_changes_the_expected_projection(demo_database: Database) -> None:
    with demo_database.session() as session:
        before = project(session, TODAY, "expected").years[1]
        row = _by_name(session, "Peer respite expansion")
        detail = pipeline.get_prospect(session, row.id)
    with demo_database.transaction() as session:
        pipeline.update_prospect(
            session,
            row.id,
            replace(detail.values, stage=ProspectStage.SUBMITTED, probability_pct=90),
            detail.row_version,
        )
    with demo_database.session() as session:
        raised = project(session, TODAY, "expected").years[1]
        detail = pipeline.get_prospect(session, row.id)
    # 150,000 over two years: FY2028 holds 366/731 of it; 90 % instead of 30 %.
    gain = Decimal("150000") * 366 / 731 * Decimal("0.6")
    assert raised.pipeline - before.pipeline == pytest.approx(gain, abs=Decimal("0.02"))
    with demo_database.transaction() as session:
        pipeline.update_prospect(
            session, row.id, replace(detail.values, stage=ProspectStage.DECLINED),
            detail.row_version,
        )  # fmt: skip
    with demo_database.session() as session:
        declined = project(session, TODAY, "expected").years[1]
        assert declined.pipeline < before.pipeline
        fields = {e.field for e in audit.history(session, ChangeKind.PROSPECT, row.id)}
    assert {"stage", "probability_pct"} <= fields


def test_a_prospect_without_an_end_date_counts_for_one_year(database: Database) -> None:
    with database.transaction() as session:
        prospect_id = pipeline.create_prospect(
            session, _prospect(end_date=None, probability_pct=None, stage=ProspectStage.DRAFTING)
        )
    with database.session() as session:
        row = _by_name(session, "State stabilization grant")
    assert row.end_date == date(2028, 6, 30)
    assert row.probability_pct == pipeline.STAGE_PROBABILITY[ProspectStage.DRAFTING]
    assert row.id == prospect_id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"amount_requested": Decimal(0)}, "amount"),
        ({"amount_requested": Decimal("12.345")}, "amount"),
        ({"end_date": date(2027, 6, 30)}, "end_date"),
        ({"probability_pct": 101}, "probability_pct"),
        ({"stage": ProspectStage.AWARDED}, "stage"),
    ],
)
def test_prospects_that_cannot_be_right_are_refused(
    database: Database, changes: dict[str, object], field: str
) -> None:
    with database.transaction() as session, pytest.raises(ValidationError) as caught:
        pipeline.create_prospect(session, _prospect(**changes))
    assert caught.value.field == field


def test_split_by_fiscal_year_adds_up_to_the_cent() -> None:
    parts = pipeline.split_by_fiscal_year(100_000_01, date(2027, 1, 1), date(2028, 12, 31), 7)
    assert [(year, first) for year, first, _cents in parts] == [
        (2027, date(2027, 1, 1)),
        (2028, date(2027, 7, 1)),
        (2029, date(2028, 7, 1)),
    ]
    assert sum(cents for _y, _f, cents in parts) == 100_000_01
    assert parts[1][2] == 100_000_01 * 366 // 731


def test_awarding_a_prospect_makes_a_source_and_keeps_the_prospect(database: Database) -> None:
    with database.transaction() as session:
        prospect_id = pipeline.create_prospect(session, _prospect())
    award = AwardInput(
        source_name="State crisis stabilization grant",
        amount=Decimal("600000.00"),
        grant_start=date(2027, 7, 1),
        grant_end=date(2029, 6, 30),
        decided_on=date(2026, 11, 20),
        renewal_probability_pct=40,
    )
    with database.transaction() as session, pytest.raises(ValidationError, match="future"):
        pipeline.award_prospect(
            session, prospect_id, replace(award, decided_on=date(2026, 12, 1)), today=TODAY
        )
    with database.transaction() as session:
        source_id = pipeline.award_prospect(session, prospect_id, award, today=TODAY)
    with database.session() as session:
        source = get_source(session, source_id).values
        row = _by_name(session, "State stabilization grant")
        budget = list_ledger(
            session, LedgerFilter(source_id=source_id, entry_type=LedgerEntryType.BUDGETED)
        )
        scheduled = project(session, TODAY, "as scheduled")
    assert (source.kind, source.grant_start, source.grant_end) == (
        FundingSourceKind.STATE_GRANT,
        date(2027, 7, 1),
        date(2029, 6, 30),
    )
    assert "$730,000.00 requested, $600,000.00 awarded" in source.notes
    assert (row.stage, row.source_id, row.amount_awarded) == (
        ProspectStage.AWARDED,
        source_id,
        Decimal("600000.00"),
    )
    assert sorted((e.entry_date, e.memo) for e in budget) == [
        (date(2027, 7, 1), "FY2028 share of the award"),
        (date(2028, 7, 1), "FY2029 share of the award"),
    ]
    assert sum(e.amount for e in budget) == Decimal("600000.00")
    # Awarded money counts in full, even "as scheduled", while the source has no history.
    by_year = {y.fiscal_year: y.pipeline for y in scheduled.years}
    assert by_year[2028] + by_year[2029] == Decimal("600000.00")
    with database.transaction() as session:
        with pytest.raises(ConflictError, match="stays on record"):
            pipeline.delete_prospect(session, prospect_id)
        detail = pipeline.get_prospect(session, prospect_id)
        with pytest.raises(ValidationError, match="stays awarded"):
            pipeline.update_prospect(
                session, prospect_id, replace(detail.values, stage=ProspectStage.DECLINED),
                detail.row_version,
            )  # fmt: skip
        with pytest.raises(ConflictError, match="already awarded"):
            pipeline.award_prospect(session, prospect_id, award, today=TODAY)


def test_deleting_an_open_prospect_is_audited(database: Database) -> None:
    with database.transaction() as session:
        prospect_id = pipeline.create_prospect(session, _prospect())
    with database.transaction() as session:
        pipeline.delete_prospect(session, prospect_id)
    with database.session() as session:
        assert pipeline.list_prospects(session) == []
        events = audit.history(session, ChangeKind.PROSPECT, prospect_id)
    assert events[0].action.value == "delete"
