"""Obligation rules and their items in the database: scheduling, following the rule and the
grant period (ids kept), recording submissions, what is refused, and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import Session, col, select

from partnerdesk.core.funding import obligations, sources
from partnerdesk.core.funding.obligation_queries import ObligationFilter, list_obligations
from partnerdesk.core.funding.obligations import ItemInput, RuleInput
from partnerdesk.core.funding.sources import SourceInput
from partnerdesk.core.models import (
    FundingSourceKind,
    Obligation,
    ObligationKind,
    ObligationSchedule,
    ObligationStatus,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, StaleRecordError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def _grant(session: Session, start: date | None = date(2026, 1, 1), end: date | None = None) -> int:
    return sources.create_source(
        session,
        SourceInput(
            name="State crisis grant",
            kind=FundingSourceKind.STATE_GRANT,
            grant_start=start,
            grant_end=end if end is not None or start is None else date(2027, 12, 31),
        ),
    )


def _quarterly(source_id: int, **changes: object) -> RuleInput:
    data = RuleInput(source_id, ObligationKind.PROGRESS_REPORT, "Quarterly progress report")
    return replace(data, **changes)  # type: ignore[arg-type]


def _items(session: Session, rule_id: int) -> list[Obligation]:
    return list(
        session.exec(
            select(Obligation)
            .where(Obligation.rule_id == rule_id)
            .order_by(col(Obligation.sequence))
        )
    )


def test_a_rule_schedules_its_items_and_says_so_in_the_audit(database: Database) -> None:
    with database.transaction() as session:
        rule_id = obligations.create_rule(session, _quarterly(_grant(session)))
    with database.session() as session:
        items = _items(session, rule_id)
        assert [i.due_date for i in items[:2]] == [date(2026, 4, 30), date(2026, 7, 30)]
        assert len(items) == 8 and all(i.status is ObligationStatus.UPCOMING for i in items)
        events = audit.history(session, ChangeKind.OBLIGATION_RULE, rule_id)
        assert any(
            e.field == "schedule_text" and "each quarter" in (e.new_value or "") for e in events
        )
        scheduled = audit.history(session, ChangeKind.OBLIGATION, [i.id or 0 for i in items])
        assert len(scheduled) == 8 and all("scheduled" in (e.summary or "") for e in scheduled)


def test_changing_the_rule_moves_open_items_and_keeps_their_ids(database: Database) -> None:
    with database.transaction() as session:
        rule_id = obligations.create_rule(session, _quarterly(_grant(session)))
    with database.session() as session:
        before = _items(session, rule_id)
        detail = obligations.get_rule(session, rule_id)
    with database.transaction() as session:
        obligations.update_rule(
            session, rule_id, replace(detail.values, offset_days=45), detail.row_version
        )
    with database.session() as session:
        after = _items(session, rule_id)
    assert [i.id for i in after] == [i.id for i in before]
    assert after[0].due_date == date(2026, 5, 15)
    with database.session() as session, pytest.raises(StaleRecordError):
        obligations.update_rule(session, rule_id, detail.values, detail.row_version)


def test_items_follow_the_grant_period_and_submitted_ones_stay(database: Database) -> None:
    with database.transaction() as session:
        source_id = _grant(session)
        rule_id = obligations.create_rule(session, _quarterly(source_id))
    with database.session() as session:
        first, second, *_rest = _items(session, rule_id)
    assert first.id is not None and second.id is not None
    with database.transaction() as session:
        obligations.submit_item(session, first.id, submitted_on=date(2026, 4, 28), today=TODAY)
    # The grant is cut short to six months: two quarters remain; the submitted one is kept.
    with database.transaction() as session:
        data = sources.get_source(session, source_id)
        sources.update_source(
            session,
            source_id,
            replace(data.values, grant_start=date(2026, 2, 1), grant_end=date(2026, 7, 31)),
            data.row_version,
        )
    with database.session() as session:
        items = _items(session, rule_id)
    assert [(i.id, i.status) for i in items] == [
        (first.id, ObligationStatus.SUBMITTED),
        (second.id, ObligationStatus.UPCOMING),
    ]
    # The submitted report keeps the period it was sent for; the open one moved.
    assert items[0].period_start == date(2026, 1, 1)
    assert (items[1].period_start, items[1].period_end) == (date(2026, 5, 1), date(2026, 7, 31))
    assert items[1].due_date == date(2026, 8, 30)


def test_removed_items_are_audited_when_the_grant_ends_earlier(database: Database) -> None:
    with database.transaction() as session:
        source_id = _grant(session)
        rule_id = obligations.create_rule(session, _quarterly(source_id))
    with database.session() as session:
        last = _items(session, rule_id)[-1]
    with database.transaction() as session:
        data = sources.get_source(session, source_id)
        sources.update_source(
            session, source_id, replace(data.values, grant_end=date(2027, 6, 30)), data.row_version
        )
    with database.session() as session:
        assert len(_items(session, rule_id)) == 6
        events = audit.history(session, ChangeKind.OBLIGATION, last.id or 0)
    assert events[0].action.value == "delete" and "no longer scheduled" in (events[0].summary or "")


def test_a_rule_needing_the_grant_period_is_refused_without_one(database: Database) -> None:
    with database.transaction() as session:
        source_id = _grant(session, start=None)
        with pytest.raises(ValidationError, match="no grant period") as caught:
            obligations.create_rule(session, _quarterly(source_id))
        assert caught.value.field == "schedule"
        once = _quarterly(
            source_id, schedule=ObligationSchedule.ONCE, due_date=date(2027, 2, 1), title=""
        )
        rule_id = obligations.create_rule(session, once)
        detail = obligations.get_rule(session, rule_id)
    assert detail.values.title == "Progress report"  # the kind's name when left empty
    with database.session() as session:
        assert [i.due_date for i in _items(session, rule_id)] == [date(2027, 2, 1)]


def test_recording_a_submission_and_an_acceptance(database: Database) -> None:
    with database.transaction() as session:
        rule_id = obligations.create_rule(session, _quarterly(_grant(session)))
    with database.session() as session:
        item_id = _items(session, rule_id)[0].id or 0
    with database.transaction() as session:
        with pytest.raises(ValidationError, match="in the future") as caught:
            obligations.submit_item(session, item_id, submitted_on=date(2026, 12, 1), today=TODAY)
        assert caught.value.field == "submitted_on"
        with pytest.raises(ConflictError, match="not submitted yet"):
            obligations.accept_item(session, item_id, accepted_on=TODAY, today=TODAY)
        obligations.submit_item(
            session, item_id, submitted_on=date(2026, 5, 3), today=TODAY, notes="Sent by portal"
        )
        with pytest.raises(ValidationError, match="between the submission"):
            obligations.accept_item(session, item_id, accepted_on=date(2026, 5, 1), today=TODAY)
        detail = obligations.accept_item(
            session, item_id, accepted_on=date(2026, 6, 1), today=TODAY
        )
    assert detail.values == ItemInput(
        ObligationStatus.ACCEPTED, date(2026, 5, 3), date(2026, 6, 1), "Sent by portal"
    )
    with database.session() as session:
        [row] = [
            r for r in list_obligations(session, TODAY, ObligationFilter("all")) if r.id == item_id
        ]
        assert row.describe() == "accepted 2026-06-01"
        fields = {e.field for e in audit.history(session, ChangeKind.OBLIGATION, item_id)}
    assert {"status", "submitted_on", "accepted_on", "notes"} <= fields


def test_undoing_a_submission_recorded_by_mistake(database: Database) -> None:
    with database.transaction() as session:
        rule_id = obligations.create_rule(session, _quarterly(_grant(session)))
    with database.session() as session:
        item_id = _items(session, rule_id)[0].id or 0
    with database.transaction() as session:
        obligations.submit_item(session, item_id, submitted_on=date(2026, 5, 3), today=TODAY)
    with database.transaction() as session:
        seen = obligations.get_item(session, item_id)
        obligations.save_item(
            session, item_id, ItemInput(ObligationStatus.UPCOMING), today=TODAY,
            seen_version=seen.row_version,
        )  # fmt: skip
    with database.session() as session:
        row = next(r for r in list_obligations(session, TODAY) if r.id == item_id)
    assert row.overdue and row.submitted_on is None
    assert row.describe() == "211 days overdue"


def test_a_stale_copy_of_an_item_is_refused(database: Database) -> None:
    with database.transaction() as session:
        rule_id = obligations.create_rule(session, _quarterly(_grant(session)))
    with database.session() as session:
        item_id = _items(session, rule_id)[0].id or 0
        seen = obligations.get_item(session, item_id)
    with database.transaction() as session:
        obligations.submit_item(session, item_id, submitted_on=date(2026, 5, 3), today=TODAY)
    with (
        pytest.raises(StaleRecordError, match="Quarterly progress report"),
        database.transaction() as session,
    ):
        obligations.save_item(
            session, item_id, ItemInput(ObligationStatus.UPCOMING, notes="mine"),
            today=TODAY, seen_version=seen.row_version,
        )  # fmt: skip


def test_a_rule_with_submitted_items_cannot_be_deleted(database: Database) -> None:
    with database.transaction() as session:
        source_id = _grant(session)
        rule_id = obligations.create_rule(session, _quarterly(source_id))
        spare_id = obligations.create_rule(session, _quarterly(source_id, title="Spare"))
    with database.session() as session:
        item_id = _items(session, rule_id)[0].id or 0
    with database.transaction() as session:
        obligations.submit_item(session, item_id, submitted_on=date(2026, 5, 3), today=TODAY)
    with pytest.raises(ConflictError, match="1 submitted item"), database.transaction() as session:
        obligations.delete_rule(session, rule_id)
    with database.transaction() as session:
        assert obligations.delete_rule(session, spare_id) == 8
    with database.session() as session:
        assert _items(session, spare_id) == []
        assert audit.history(session, ChangeKind.OBLIGATION_RULE, spare_id)[0].action.value == (
            "delete"
        )


def test_deleting_a_source_takes_its_open_obligations_along(database: Database) -> None:
    with database.transaction() as session:
        source_id = _grant(session)
        rule_id = obligations.create_rule(session, _quarterly(source_id))
    with database.transaction() as session:
        sources.delete_source(session, source_id)
    with database.session() as session:
        assert _items(session, rule_id) == []
        assert list_obligations(session, TODAY, ObligationFilter("all")) == []
