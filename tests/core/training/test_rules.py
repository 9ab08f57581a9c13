"""The readiness rules on their own: hours, split attendance, recurrence from the last
completion, role changes and people who left."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.training.rules import (
    Credit,
    Rule,
    Spell,
    Status,
    completions,
    format_hours,
    hours_decimal,
    is_active_on,
    next_due,
    occurrences,
    parse_hours,
    requirement_base,
    spell_on,
    standing,
)

START = date(2026, 1, 5)
INITIAL = Rule(1, role_id=1, course_id=10, hours=4000, due_within_days=90)
REFRESHER = Rule(2, role_id=1, course_id=11, hours=400, due_within_days=180, recurrence_months=3)


@pytest.mark.parametrize(
    ("typed", "hundredths"),
    [
        ("40", 4000),
        ("7.5", 750),
        ("7.25 h", 725),
        ("7:30", 750),
        (" 8 hours ", 800),
        (8, 800),
        (7.5, 750),
        (0.1, 10),
        (Decimal("2.05"), 205),
    ],
)
def test_hours_are_read_exactly_as_typed(typed: object, hundredths: int) -> None:
    assert parse_hours(typed) == hundredths


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("abc", "not a number"),
        ("7.125", "two decimals"),
        ("-1", "more than zero"),
        ("0", "more than zero"),
        ("1001", "more than 1,000"),
        ("7,5", "not a number"),
        ("7:75", "not a number"),
        (True, "not a number"),
        (float("nan"), "not a number"),
    ],
)
def test_impossible_hours_are_refused_with_the_reason(typed: object, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        parse_hours(typed, "hours")
    assert caught.value.field == "hours"


def test_zero_hours_are_allowed_where_they_mean_did_not_attend() -> None:
    assert parse_hours("0", allow_zero=True) == 0


def test_hours_read_back_without_trailing_zeros() -> None:
    assert format_hours(4000) == "40 h"
    assert format_hours(750) == "7.5 h"
    assert str(hours_decimal(725)) == "7.25"


def test_forty_hours_split_over_five_days_complete_on_the_fifth() -> None:
    days = [START + timedelta(days=n) for n in range(5)]
    credits = [Credit(day, 800) for day in days]
    done, hours = completions(credits, 4000, recurring=False)
    assert done == [days[4]] and hours == 4000
    after_three = standing(INITIAL, START, credits[:3], days[2] + timedelta(days=1))
    assert after_three.status is Status.IN_PROGRESS
    assert after_three.hours_so_far == 2400
    complete = standing(INITIAL, START, credits, days[4])
    assert complete.status is Status.COMPLETE and complete.last_completed == days[4]
    assert complete.due_date is None


def test_unfinished_initial_training_is_overdue_after_its_deadline_with_hours_so_far() -> None:
    credits = [Credit(START + timedelta(days=n), 800) for n in range(3)]
    late = standing(INITIAL, START, credits, START + timedelta(days=100))
    assert late.status is Status.OVERDUE
    assert late.due_date == START + timedelta(days=90)
    assert late.hours_so_far == 2400 and late.hours_required == 4000


def test_nothing_attended_before_the_window_reads_not_started_then_due_soon() -> None:
    assert standing(INITIAL, START, [], START).status is Status.NOT_STARTED
    due_soon = standing(INITIAL, START, [], START + timedelta(days=70), window_days=30)
    assert due_soon.status is Status.DUE_SOON and due_soon.days_until_due(START) == 90


def test_refresher_is_due_three_months_after_the_last_completion_not_the_schedule() -> None:
    on_time = date(2026, 3, 10)
    late = date(2026, 7, 20)  # due 10 June: done late, so the next moves to 20 October
    credits = [Credit(on_time, 400), Credit(late, 400)]
    result = standing(REFRESHER, START, credits, date(2026, 8, 1))
    assert result.last_completed == late
    assert result.due_date == date(2026, 10, 20)
    assert result.status is Status.COMPLETE
    history = occurrences(REFRESHER, START, credits)
    assert [(o.due, o.completed) for o in history] == [
        (START + timedelta(days=180), on_time),
        (date(2026, 6, 10), late),
        (date(2026, 10, 20), None),
    ]


def test_a_refresher_missed_is_overdue_and_one_coming_up_is_due_soon() -> None:
    credits = [Credit(date(2026, 3, 10), 400)]
    assert standing(REFRESHER, START, credits, date(2026, 6, 11)).status is Status.OVERDUE
    assert standing(REFRESHER, START, credits, date(2026, 5, 20)).status is Status.DUE_SOON


def test_refresher_hours_restart_after_each_completion() -> None:
    credits = [Credit(date(2026, 3, 10), 300), Credit(date(2026, 3, 20), 300)]
    done, toward_next = completions(credits, 400, recurring=True)
    assert done == [date(2026, 3, 20)] and toward_next == 0
    partial = standing(
        REFRESHER, START, [*credits, Credit(date(2026, 4, 1), 200)], date(2026, 4, 2)
    )
    assert partial.status is Status.COMPLETE and partial.hours_so_far == 200


def test_month_end_completions_stay_at_month_end() -> None:
    credits = [Credit(date(2026, 11, 30), 400)]
    assert standing(REFRESHER, START, credits, date(2026, 12, 1)).due_date == date(2027, 2, 28)


def test_a_course_both_roles_require_keeps_its_schedule_across_a_role_change() -> None:
    officer, supervisor = 1, 2
    spells = [Spell(officer, START), Spell(supervisor, date(2026, 9, 1))]
    courses_by_role = {officer: frozenset({10, 11}), supervisor: frozenset({11, 12})}
    # The refresher (11) both require: its clock started with the first role.
    assert requirement_base(spells, 1, 11, courses_by_role, START) == START
    # New-system training (12) only the supervisor needs: due from the change of role.
    assert requirement_base(spells, 1, 12, courses_by_role, START) == date(2026, 9, 1)
    assert spell_on(spells, date(2026, 8, 31)) == 0 and spell_on(spells, date(2026, 9, 1)) == 1
    assert spell_on(spells, START - timedelta(days=1)) is None


def test_training_before_a_role_change_counts_but_the_new_deadline_is_never_earlier() -> None:
    yearly = Rule(3, role_id=2, course_id=12, hours=800, due_within_days=60, recurrence_months=12)
    changed = date(2026, 9, 1)
    long_ago = [Credit(date(2025, 1, 15), 800)]  # would have been due 15 January 2026
    result = standing(yearly, changed, long_ago, date(2026, 9, 2))
    assert result.due_date == changed + timedelta(days=60)
    assert result.status is Status.COMPLETE
    once = Rule(4, role_id=2, course_id=13, hours=2000, due_within_days=60)
    assert standing(once, changed, [Credit(date(2025, 5, 1), 2000)], changed).status is (
        Status.COMPLETE
    )


def test_people_count_from_their_start_until_the_day_before_they_left() -> None:
    left = date(2026, 6, 30)
    assert not is_active_on(START, left, START - timedelta(days=1))
    assert is_active_on(START, left, START)
    assert is_active_on(START, left, left - timedelta(days=1))
    assert not is_active_on(START, left, left)
    assert is_active_on(START, None, date(2199, 1, 1))


@given(
    base_offset=st.integers(0, 400),
    days=st.lists(st.integers(0, 900), max_size=12),
    hours=st.lists(st.sampled_from([100, 200, 400, 800]), min_size=12, max_size=12),
    months=st.sampled_from([None, 1, 3, 12]),
)
def test_the_next_due_date_is_the_last_occurrence_of_the_schedule(
    base_offset: int, days: list[int], hours: list[int], months: int | None
) -> None:
    rule = Rule(9, 1, 1, hours=400, due_within_days=90, recurrence_months=months)
    base = START + timedelta(days=base_offset)
    credits = [
        Credit(START + timedelta(days=d), h) for d, h in zip(sorted(days), hours, strict=False)
    ]
    met, _ = completions(credits, rule.hours, rule.recurring)
    schedule = occurrences(rule, base, credits)
    if rule.recurring or not met:
        assert next_due(rule, base, met) == schedule[-1].due
    # Each completion since the role began closes one occurrence; earlier ones only set
    # when the first falls due. A one-off requirement is met once.
    completed = [o.completed for o in schedule if o.completed]
    assert completed == ([d for d in met if d >= base] if rule.recurring else met[:1])
    assert schedule[0].due >= base + timedelta(days=rule.due_within_days)
