"""The demo partnership: a new user's first look must show every feature alive."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.funding.grant_terms import match_statuses
from partnerdesk.core.funding.obligation_queries import ObligationFilter, list_obligations
from partnerdesk.core.funding.pipeline import list_prospects
from partnerdesk.core.models import (
    REQUIRED_CLAUSE_CATEGORIES,
    FundingSource,
    FundingSourceKind,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    MouParty,
    ObligationKind,
    ObligationStatus,
    Organization,
    ResponseModel,
    Review,
)
from partnerdesk.core.mou.clauses import list_clauses
from partnerdesk.core.mou.reminders import upcoming_reviews
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.errors import ConflictError
from partnerdesk.core.program.demo import load_demo
from partnerdesk.core.program.info import table_counts

# Whatever day a user first runs the demo on: month ends, a leap day, fiscal-year edges,
# the first of a month.
DEMO_DAYS = [
    date(2026, 11, 27),
    date(2026, 12, 1),
    date(2027, 1, 31),
    date(2027, 3, 1),
    date(2027, 6, 30),
    date(2027, 7, 1),
    date(2027, 8, 15),
    date(2028, 2, 29),
]


@pytest.fixture(scope="module", params=DEMO_DAYS, ids=str)
def demo_at(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, date]]:
    """A demo database per day, shared by the read-only checks below."""
    today: date = request.param
    database = open_database(
        DatabaseLocation.for_path(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    )
    with database.transaction() as session:
        load_demo(session, today)
    yield database, today
    database.close()


def test_demo_fills_every_table_but_saved_scenarios(demo_at: tuple[Database, date]) -> None:
    database, _ = demo_at
    counts = table_counts(database)
    empty = {table for table, count in counts.items() if count == 0}
    # Saved scenarios are the user's; the calendar table fills on the first export, the
    # deleted records on the first deletion.
    assert empty == {"projection_scenario", "calendar_event", "deleted_record"}


def test_demo_funding_mix_is_40_35_25(demo_at: tuple[Database, date]) -> None:
    database, _ = demo_at
    kinds = (
        FundingSourceKind.MUNICIPAL_BUDGET,
        FundingSourceKind.HEALTHCARE_PARTNERSHIP,
        FundingSourceKind.COMMUNITY_FOUNDATION,
    )
    with database.session() as session:
        rows = session.execute(
            sa.select(col(FundingSource.kind), sa.func.sum(col(LedgerEntry.amount_cents)))
            .join(FundingSource, col(FundingSource.id) == col(LedgerEntry.funding_source_id))
            .where(
                col(LedgerEntry.entry_type) == LedgerEntryType.RECEIVED,
                col(FundingSource.kind).in_(kinds),
            )
            .group_by(col(FundingSource.kind))
        ).all()
    received = {kind: Decimal(total) for kind, total in rows}
    total = sum(received.values())
    assert total > 0
    shares = {kind: received.get(kind, Decimal(0)) / total for kind in kinds}
    assert shares[FundingSourceKind.MUNICIPAL_BUDGET] == pytest.approx(
        Decimal("0.40"), abs=Decimal("0.02")
    )
    assert shares[FundingSourceKind.HEALTHCARE_PARTNERSHIP] == pytest.approx(
        Decimal("0.35"), abs=Decimal("0.02")
    )
    assert shares[FundingSourceKind.COMMUNITY_FOUNDATION] == pytest.approx(
        Decimal("0.25"), abs=Decimal("0.02")
    )


def test_demo_federal_grant_ends_within_three_years(demo_at: tuple[Database, date]) -> None:
    database, today = demo_at
    with database.session() as session:
        grants = session.exec(
            select(FundingSource).where(FundingSource.kind == FundingSourceKind.FEDERAL_GRANT)
        ).all()
    ends = [grant.grant_end for grant in grants if grant.grant_end is not None]
    assert any(today < end <= add_months(today, 36) for end in ends), (today, ends)


def test_demo_agreements_in_force_have_signing_parties(demo_at: tuple[Database, date]) -> None:
    database, _ = demo_at
    with database.session() as session:
        in_force = session.exec(select(Mou).where(col(Mou.effective_date).is_not(None))).all()
        assert in_force
        for mou in in_force:
            parties = session.exec(select(MouParty).where(MouParty.mou_id == mou.id)).all()
            signed = [p for p in parties if p.signatory_contact_id is not None]
            assert len(signed) >= 2, mou.reference_code
            effective = mou.effective_date
            assert effective is not None
            assert all(p.date_signed is not None and p.date_signed <= effective for p in parties)


def test_demo_shows_a_review_coming_up_and_one_overdue(demo_at: tuple[Database, date]) -> None:
    database, today = demo_at
    with database.session() as session:
        upcoming = upcoming_reviews(session, today, within_days=90)
        models = {mou.id: mou.response_model for mou in session.exec(select(Mou))}
        open_reviews = session.exec(
            select(Review).where(col(Review.completed_date).is_(None))
        ).all()

    coming_up = [r for r in upcoming if not r.overdue]
    assert any(models[r.mou_id] == ResponseModel.CO_RESPONDER_TEAM for r in coming_up), [
        (r.reference_code, r.due_date) for r in upcoming
    ]
    assert any(r.overdue for r in upcoming)
    assert any(r.due_date < today for r in open_reviews)
    # Completed reviews lie in the past.
    with database.session() as session:
        done = session.exec(select(Review).where(col(Review.completed_date).is_not(None))).all()
    assert done
    assert all(r.completed_date is not None and r.completed_date <= today for r in done)


def test_demo_covers_every_required_clause_category(demo_at: tuple[Database, date]) -> None:
    database, _ = demo_at
    with database.session() as session:
        categories = {row.category for row in list_clauses(session)}
    assert set(REQUIRED_CLAUSE_CATEGORIES) <= categories


def test_demo_federal_grant_has_reports_a_match_and_a_renewal_application(
    demo_at: tuple[Database, date],
) -> None:
    database, today = demo_at
    with database.session() as session:
        federal = session.exec(
            select(FundingSource).where(FundingSource.kind == FundingSourceKind.FEDERAL_GRANT)
        ).one()
        rows = list_obligations(session, today, ObligationFilter("all"))
        [match] = match_statuses(session, today)
        prospects = list_prospects(session)
    assert federal.grant_end is not None
    by_kind = {kind: [r for r in rows if r.kind is kind] for kind in ObligationKind}
    for kind in (ObligationKind.PROGRESS_REPORT, ObligationKind.FINANCIAL_REPORT):
        quarters = by_kind[kind]
        assert len(quarters) == 12  # three years of grant quarters
        assert all(
            r.period_end is not None and r.due_date == r.period_end + timedelta(days=30)
            for r in quarters
        )
    overdue = [r for r in rows if r.overdue]
    assert [r.kind for r in overdue] == [ObligationKind.PROGRESS_REPORT], (today, overdue)
    assert all(
        r.status is not ObligationStatus.UPCOMING
        for r in rows
        if r.due_date < today and not r.overdue
    )
    [renewal] = by_kind[ObligationKind.RENEWAL_APPLICATION]
    assert renewal.due_date == add_months(federal.grant_end, -9) and renewal.due_date > today
    assert match.share_pct == Decimal(25) and match.source == federal.name
    assert [p.stage.value for p in prospects] == ["submitted", "drafting"]


# --------------------------------------------------------------------------- refusing, forcing


def test_demo_refuses_a_database_that_holds_records(demo_database: Database) -> None:
    before = table_counts(demo_database)

    with pytest.raises(ConflictError) as caught, demo_database.transaction() as session:
        load_demo(session, date(2027, 3, 1))

    assert "--force" in caught.value.message
    assert table_counts(demo_database) == before


def test_demo_refuses_even_a_single_organization(database: Database) -> None:
    with database.transaction() as session:
        session.add(Organization(name="Our Agency", name_key="our agency", kind="hospital"))
    with pytest.raises(ConflictError), database.transaction() as session:
        load_demo(session, date(2026, 11, 27))
    counts = table_counts(database)
    assert counts["organization"] == 1
    assert sum(counts.values()) == 1


def test_demo_force_replaces_everything(
    demo_database: Database, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with demo_database.transaction() as session:
        session.add(Organization(name="Extra Agency", name_key="extra agency", kind="other"))
    with demo_database.transaction() as session:
        load_demo(session, date(2026, 11, 27), force=True)

    fresh = open_database(
        DatabaseLocation.for_path(tmp_path_factory.mktemp("fresh") / "fresh.sqlite3")
    )
    try:
        with fresh.transaction() as session:
            load_demo(session, date(2026, 11, 27))
        assert table_counts(demo_database) == table_counts(fresh)
    finally:
        fresh.close()
    with Session(demo_database.engine) as session:
        names = set(session.exec(select(Organization.name)))
    assert "Extra Agency" not in names


def test_demo_reviews_are_scheduled_by_the_rule(demo_at: tuple[Database, date]) -> None:
    """Issue #15, defect 7: the demo scheduled the next review one year after the last
    one was *due*, the rule says one year after it was *completed*: the first edit of the
    MOU (an amendment, say) silently moved the date by the days in between."""
    from partnerdesk.core.mou.reviews import last_completed_review, next_review_due_date

    database, _today = demo_at
    with database.session() as session:
        for review in session.exec(select(Review).where(col(Review.completed_date).is_(None))):
            mou = session.get(Mou, review.mou_id)
            assert mou is not None
            rule = next_review_due_date(
                mou.effective_date,
                mou.review_interval_months,
                last_completed_review(session, review.mou_id),
            )
            assert review.due_date == rule, mou.reference_code
