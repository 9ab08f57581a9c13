"""When reviews fall due, completing and snoozing them, and what the dashboard counts."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerdesk.core.models import MouStatus, ReviewOutcome
from partnerdesk.core.mou.register import find_mou, get_mou, list_mous
from partnerdesk.core.mou.reminders import ReminderKind, reminders
from partnerdesk.core.mou.reviews import (
    complete_review,
    next_review_due_date,
    open_review,
    review_history,
    snooze_review,
)
from partnerdesk.core.platform.dates import add_months, is_month_end
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.program.dashboard import dashboard_summary
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY
pure = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300)

# --------------------------------------------------------------------------- the date rule


@pytest.mark.parametrize(
    ("effective", "interval", "last", "expected"),
    [
        # Before any review: the effective date plus the interval.
        (date(2026, 3, 15), 12, None, date(2027, 3, 15)),
        # After a review: the completion date plus the interval.
        (date(2026, 3, 15), 12, date(2027, 3, 20), date(2028, 3, 20)),
        # A 29 February anniversary falls on 28 February in a non-leap year...
        (date(2028, 2, 29), 12, None, date(2029, 2, 28)),
        (date(2024, 1, 1), 12, date(2028, 2, 29), date(2029, 2, 28)),
        # ...and on the 29th again when the interval lands in a leap year.
        (date(2028, 2, 29), 48, None, date(2032, 2, 29)),
        # Month ends stay month ends.
        (date(2026, 4, 30), 1, None, date(2026, 5, 31)),
        (date(2026, 8, 31), 6, None, date(2027, 2, 28)),
        (date(2026, 1, 31), 1, None, date(2026, 2, 28)),
        # No effective date yet: nothing is due.
        (None, 12, None, None),
    ],
)
def test_next_review_due_date(
    effective: date | None, interval: int, last: date | None, expected: date | None
) -> None:
    assert next_review_due_date(effective, interval, last) == expected


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))


@given(effective=dates, interval=st.integers(1, 60), gap=st.integers(0, 4000))
@pure
def test_next_due_is_after_the_last_completion_and_within_the_interval(
    effective: date, interval: int, gap: int
) -> None:
    completed = effective + timedelta(days=gap)
    due = next_review_due_date(effective, interval, completed)
    assert due is not None
    assert due > completed
    # Never later than the same day `interval` months on (the month end at most).
    months_later = add_months(completed.replace(day=1), interval)
    assert (due.year, due.month) == (months_later.year, months_later.month)
    assert due.day <= completed.day or is_month_end(due)
    if is_month_end(completed):
        assert is_month_end(due)


@given(effective=dates, interval=st.integers(1, 60))
@pure
def test_before_the_first_review_the_effective_date_counts(effective: date, interval: int) -> None:
    due = next_review_due_date(effective, interval, None)
    assert due == add_months(effective, interval)
    assert due is not None and due > effective


# --------------------------------------------------------------------------- completing


def test_completing_a_review_schedules_the_next_and_keeps_history(
    demo_database: Database,
) -> None:
    with demo_database.transaction() as session:
        mou_id = find_mou(session, "RIV-HD-01")
        complete_review(
            session,
            mou_id,
            completed_date=date(2026, 11, 20),
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=TODAY,
            reviewer="Dr. Samuel Achebe",
            notes="Diversion numbers on target.",
        )
    with demo_database.session() as session:
        history = review_history(session, mou_id)
        assert history[0].is_open and history[0].due_date == date(2027, 11, 20)
        done = history[1]
        assert (done.completed_date, done.outcome, done.reviewer, done.notes) == (
            date(2026, 11, 20),
            ReviewOutcome.RENEWED_UNCHANGED,
            "Dr. Samuel Achebe",
            "Diversion numbers on target.",
        )
        assert len([r for r in history if not r.is_open]) == 2  # the earlier one stays
        # The MOU was under review; it is active again.
        assert get_mou(session, mou_id, today=TODAY).recorded_status == MouStatus.ACTIVE


def test_the_dashboard_counts_drop_after_completing_the_overdue_review(
    demo_database: Database,
) -> None:
    with demo_database.session() as session:
        before = dashboard_summary(session, TODAY)
    assert before.reviews_overdue == 1
    with demo_database.transaction() as session:
        complete_review(
            session,
            find_mou(session, "RIV-HD-01"),
            completed_date=TODAY,
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=TODAY,
        )
    with demo_database.session() as session:
        after = dashboard_summary(session, TODAY)
    assert after.reviews_overdue == 0
    assert after.reviews_due_90 == before.reviews_due_90


def test_terminated_outcome_ends_the_agreement(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        mou_id = find_mou(session, "RIV-HD-01")
        complete_review(
            session,
            mou_id,
            completed_date=TODAY,
            outcome=ReviewOutcome.TERMINATED,
            today=TODAY,
        )
    with demo_database.session() as session:
        assert open_review(session, mou_id) is None
        row = next(r for r in list_mous(session, today=TODAY) if r.id == mou_id)
        assert row.status == MouStatus.TERMINATED and row.next_review_due is None


@pytest.mark.parametrize(
    ("completed", "words"),
    [
        (TODAY + timedelta(days=1), "in the future"),
        (date(2024, 1, 1), "before the agreement took effect"),
        (date(2025, 11, 1), "a later review was already recorded"),
    ],
)
def test_impossible_completion_dates_are_refused(
    demo_database: Database, completed: date, words: str
) -> None:
    with pytest.raises(ValidationError, match=words), demo_database.transaction() as session:
        complete_review(
            session,
            find_mou(session, "RIV-HD-01"),
            completed_date=completed,
            outcome=ReviewOutcome.AMENDED,
            today=TODAY,
        )


def test_a_draft_is_not_reviewed(demo_database: Database) -> None:
    with pytest.raises(ConflictError, match="in negotiation"), demo_database.transaction() as s:
        complete_review(
            s,
            find_mou(s, "RIV-DS-01"),
            completed_date=TODAY,
            outcome=ReviewOutcome.AMENDED,
            today=TODAY,
        )


# --------------------------------------------------------------------------- snoozing


def test_snoozing_moves_the_review_out_of_the_overdue_count(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        mou_id = find_mou(session, "RIV-HD-01")
        snooze_review(
            session,
            mou_id,
            until=date(2027, 1, 15),
            reason="Hospital board meets in January",
            today=TODAY,
        )
    with demo_database.session() as session:
        summary = dashboard_summary(session, TODAY)
        assert summary.reviews_overdue == 0
        item = next(i for i in summary.attention if i.mou_id == mou_id)
        assert item.due_date == date(2027, 1, 15) and item.snoozed
        row = next(r for r in list_mous(session, today=TODAY) if r.id == mou_id)
        assert row.next_review_due == date(2027, 1, 15) and row.review_snoozed
        review = open_review(session, mou_id)
        assert review is not None and review.snooze_reason == "Hospital board meets in January"
    # Once the snoozed date passes, it is overdue again.
    with demo_database.session() as session:
        assert dashboard_summary(session, date(2027, 1, 16)).reviews_overdue >= 1


@pytest.mark.parametrize(
    ("until", "reason", "words"),
    [
        (date(2027, 1, 15), "  ", "say why"),
        (date(2026, 11, 10), "later", "after the due date"),
        (date(2026, 11, 20), "later", "after today"),
        (date(2027, 12, 1), "later", "past the next one"),
    ],
)
def test_bad_snoozes_are_refused(
    demo_database: Database, until: date, reason: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words), demo_database.transaction() as session:
        snooze_review(
            session, find_mou(session, "RIV-HD-01"), until=until, reason=reason, today=TODAY
        )


def test_completing_a_snoozed_review_clears_the_snooze(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        mou_id = find_mou(session, "RIV-HD-01")
        snooze_review(session, mou_id, until=date(2027, 1, 15), reason="board", today=TODAY)
    with demo_database.transaction() as session:
        complete_review(
            session,
            mou_id,
            completed_date=TODAY,
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=TODAY,
        )
    with demo_database.session() as session:
        review = open_review(session, mou_id)
        assert review is not None
        assert (review.due_date, review.snoozed_until) == (date(2027, 11, 27), None)


# ------------------------------------------------------------------ properties on a database


_codes = itertools.count(1)  # hypothesis runs many examples in one database


@pytest.fixture
def two_orgs(database: Database) -> list[int]:
    from partnerdesk.core.models import Organization, OrganizationKind

    with database.transaction() as session:
        orgs = [
            Organization(name=n, name_key=n.lower(), kind=OrganizationKind.OTHER)
            for n in ("North Agency", "South Agency")
        ]
        session.add_all(orgs)
        session.flush()
        return [o.id for o in orgs if o.id is not None]


@given(
    effective=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    interval=st.integers(1, 60),
    review_after=st.integers(0, 900),
    snooze_days=st.integers(1, 400),
    look_ahead=st.integers(-400, 400),
)
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    max_examples=25,
    deadline=None,
)
def test_completion_snooze_and_overdue_agree_everywhere(
    database: Database,
    two_orgs: list[int],
    effective: date,
    interval: int,
    review_after: int,
    snooze_days: int,
    look_ahead: int,
) -> None:
    from partnerdesk.core.models import PartyRole, ResponseModel
    from partnerdesk.core.mou.commands import create_mou
    from partnerdesk.core.mou.validation import MouInput, PartyInput

    completed = effective + timedelta(days=review_after)
    with database.transaction() as session:
        mou = create_mou(
            session,
            MouInput(
                reference_code=f"P-{next(_codes)}",
                title="Property",
                response_model=ResponseModel.OTHER,
                parties=[PartyInput(two_orgs[0], PartyRole.LEAD_AGENCY), PartyInput(two_orgs[1])],
                status=MouStatus.ACTIVE,
                effective_date=effective,
                review_interval_months=interval,
            ),
            today=completed,
        )
        assert mou.id is not None
        mou_id = mou.id
        first = open_review(session, mou_id)
        assert first is not None and first.due_date == add_months(effective, interval)
        complete_review(
            session,
            mou_id,
            completed_date=completed,
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=completed,
        )
        review = open_review(session, mou_id)
        assert review is not None
        due = review.due_date
        # After the last completion, within the interval.
        assert completed < due <= add_months(completed, interval)
        until = due + timedelta(days=snooze_days)
        limit = add_months(due, interval)
        if until < limit:
            snooze_review(session, mou_id, until=until, reason="property", today=completed)
            due = until
    today = due + timedelta(days=look_ahead)
    with database.session() as session:
        mine = [i for i in reminders(session, today, None) if i.mou_id == mou_id]
        review_items = [i for i in mine if i.kind is ReminderKind.REVIEW]
        assert [i.due_date for i in review_items] == [due]
        assert review_items[0].overdue == (today > due)
        summary_due = next(r for r in list_mous(session, today=today) if r.id == mou_id)
        assert summary_due.next_review_due == due
        assert (summary_due.days_until_review or 0) < 0 if today > due else True


# --------------------------------------------------------------------------- issue #15, defect 7


def test_an_amendment_with_the_same_dates_keeps_the_review_date(demo_database: Database) -> None:
    """An amendment moved the next review from 2027-01-26 to 2027-02-01 without a word."""
    from partnerdesk.core.mou.commands import amend_mou

    with demo_database.session() as session:
        mou_id = find_mou(session, "RIV-CR-01")
        before = get_mou(session, mou_id, today=TODAY).next_review_due
    assert before == date(2027, 1, 26)
    with demo_database.transaction() as session:
        new_id = amend_mou(session, mou_id, None, None, today=TODAY).id
        assert new_id is not None
    with demo_database.session() as session:
        assert get_mou(session, new_id, today=TODAY).next_review_due == before


def test_what_saving_does_to_the_review_date_is_said_before_saving(
    demo_database: Database,
) -> None:
    from dataclasses import replace

    from partnerdesk.core.mou.register import amendment_terms, mou_input_of
    from partnerdesk.core.mou.reviews import schedule_after

    with demo_database.session() as session:
        co = find_mou(session, "RIV-CR-01")
        terms = mou_input_of(session, co)
        same = schedule_after(session, co, terms)
        assert (same.scheduled, same.due, same.moves) == (
            date(2027, 1, 26),
            date(2027, 1, 26),
            False,
        )
        assert same.reason == "12 months after the last review, completed 26 Jan 2026"
        # A six-monthly review moves it, and says why.
        sooner = schedule_after(session, co, replace(terms, review_interval_months=6))
        assert sooner.moves and sooner.due == date(2026, 7, 26)
        # An amendment in negotiation leaves the schedule of the version in force alone.
        draft = amendment_terms(session, co)
        moved = replace(draft, effective_date=date(2027, 3, 1), review_interval_months=24)
        assert schedule_after(session, co, moved, amendment=True).moves is False
        # Signed and active at once, its own terms count.
        active = replace(moved, status=MouStatus.ACTIVE)
        signed = schedule_after(session, co, active, amendment=True)
        assert signed.due == date(2028, 1, 26) and signed.moves
        # The mobile crisis MOU has never been reviewed: its effective date counts.
        mobile = find_mou(session, "RIV-MC-01")
        later = replace(mou_input_of(session, mobile), effective_date=date(2026, 4, 15))
        change = schedule_after(session, mobile, later)
        assert (change.scheduled, change.due) == (date(2027, 3, 1), date(2027, 4, 15))
        assert change.reason == ("12 months after the effective date 15 Apr 2026: the first review")


def test_a_review_after_the_expiry_date_is_warned_about(demo_database: Database) -> None:
    from dataclasses import replace

    from partnerdesk.core.mou.register import mou_input_of
    from partnerdesk.core.mou.reviews import review_after_expiry, schedule_after

    assert review_after_expiry(date(2027, 2, 1), date(2027, 1, 31)) == (
        "the review due 01 Feb 2027 falls after the agreement expires on 31 Jan 2027: "
        "review it by then, or renew the agreement (Amend) before it ends"
    )
    assert review_after_expiry(date(2027, 1, 31), date(2027, 1, 31)) == ""
    assert review_after_expiry(date(2027, 1, 31), None) == ""
    with demo_database.session() as session:
        co = find_mou(session, "RIV-CR-01")
        shorter = replace(mou_input_of(session, co), expiry_date=date(2027, 1, 10))
        change = schedule_after(session, co, shorter)
    assert "falls after the agreement expires on 10 Jan 2027" in change.warning


def test_a_rescheduled_review_says_why_in_the_history(demo_database: Database) -> None:
    from dataclasses import replace

    from partnerdesk.core.mou.commands import update_mou
    from partnerdesk.core.mou.history import mou_history
    from partnerdesk.core.mou.register import mou_input_of

    with demo_database.transaction() as session:
        mobile = find_mou(session, "RIV-MC-01")
        seen = get_mou(session, mobile, today=TODAY).row_version
        data = replace(mou_input_of(session, mobile), effective_date=date(2026, 4, 15))
        update_mou(session, mobile, data, seen, today=TODAY)
    with demo_database.session() as session:
        summaries = [r.summary for r in mou_history(session, mobile)]
    assert any(
        "rescheduled from 01 Mar 2027 to 15 Apr 2027: 12 months after the effective date "
        "15 Apr 2026: the first review" in (s or "")
        for s in summaries
    ), summaries
