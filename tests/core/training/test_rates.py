"""Completion rates: trainings due in a period, completed by their due date, overall and by
agency and role, month by month (what the outcomes area's training indicator calls)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from partnerdesk.core.training import seed
from partnerdesk.core.training.rates import (
    completion_rate,
    monthly_completion_rates,
    months_between,
    rate_table,
)
from tests.core.training.conftest import TODAY, Program

START = date(2026, 1, 5)  # initial training due 2026-04-05


def _initial_week(program: Program, monday: date, people: list[int]) -> None:
    for n in range(5):
        session_id = program.session_of(seed.INITIAL, monday + timedelta(days=n), 8)
        program.attend(session_id, dict.fromkeys(people))


def test_on_time_late_and_missing(program: Program) -> None:
    on_time = program.person("On Time", start=START)
    late = program.person("Late Comer", start=START)
    program.person("Never Came", start=START)
    _initial_week(program, date(2026, 3, 2), [on_time])
    _initial_week(program, date(2026, 5, 4), [late])
    with program.database.session() as session:
        april = completion_rate(session, date(2026, 4, 1), date(2026, 4, 30))
        later = completion_rate(session, date(2026, 4, 1), date(2026, 4, 30), today=TODAY)
    assert (april.due, april.on_time, april.late, april.missing) == (3, 1, 0, 2)
    assert april.rate == Decimal("33.3")
    assert (later.on_time, later.late, later.missing) == (1, 1, 1)


def test_by_agency_and_role(program: Program) -> None:
    officer = program.person("Officer", start=START)
    program.person("Clinician", seed.CLINICIAN, start=START, agency=program.health)
    _initial_week(program, date(2026, 3, 2), [officer])
    with program.database.session() as session:
        police = completion_rate(
            session, date(2026, 4, 1), date(2026, 4, 30), agency=program.police
        )
        health = completion_rate(
            session, date(2026, 4, 1), date(2026, 4, 30), agency=program.health
        )
        clinicians = completion_rate(
            session, date(2026, 4, 1), date(2026, 4, 30), role=program.roles[seed.CLINICIAN]
        )
    assert police.rate == Decimal("100.0") and health.rate == Decimal("0.0")
    assert clinicians.due == 1 and clinicians.on_time == 0


def test_nothing_due_gives_no_rate_rather_than_zero(program: Program) -> None:
    program.person("Officer", start=START)
    with program.database.session() as session:
        empty = completion_rate(session, date(2026, 2, 1), date(2026, 2, 28))
    assert empty.due == 0 and empty.rate is None and empty.describe() == "nothing due"


def test_monthly_series_counts_each_refresher_in_the_month_it_fell_due(program: Program) -> None:
    officer = program.person("Officer", start=START)
    for held in (date(2026, 5, 4), date(2026, 8, 3), date(2026, 11, 20)):  # the last one late
        program.attend(program.session_of(seed.REFRESHER, held), {officer: None})
    with program.database.session() as session:
        months = monthly_completion_rates(
            session,
            date(2026, 7, 1),
            date(2026, 11, 30),
            role=program.roles[seed.OFFICER],
            today=TODAY,
        )
    refreshers = {m.start.month: (m.due, m.on_time, m.late) for m in months}
    # Due 4 July (180 days from the start): met on 4 May. Then 4 August: met on the 3rd.
    # Then 3 November: met on the 20th, late. The de-escalation (due 4 July) was never taken.
    assert refreshers[7] == (2, 1, 0)
    assert refreshers[8] == (1, 1, 0)
    assert refreshers[11] == (1, 0, 1)
    assert [m.start for m in months] == [date(2026, m, 1) for m in range(7, 12)]


def test_people_who_left_count_only_while_they_were_there(program: Program) -> None:
    program.person("Gone", start=START, left=date(2026, 3, 1))
    with program.database.session() as session:
        rate = completion_rate(session, date(2026, 1, 1), date(2026, 12, 31), today=TODAY)
    assert rate.due == 0


def test_months_between_covers_partial_months_at_both_ends() -> None:
    assert months_between(date(2026, 1, 31), date(2026, 3, 1)) == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),
    ]


def test_the_rate_table_has_everyone_then_agencies_then_roles(demo_database: object) -> None:
    from partnerdesk.core.platform.db import Database

    assert isinstance(demo_database, Database)
    with demo_database.session() as session:
        table = rate_table(session, TODAY)
    assert len(table.months) == 12 and table.months[-1][0] == date(2026, 11, 1)
    groups = [(row.group, row.name) for row in table.rows]
    assert groups[0] == ("All", "All responders")
    assert ("Agency", "St. Brigid Regional Hospital") in groups
    assert ("Role", seed.DISPATCHER) in groups
    everyone = table.rows[0].total
    by_agency = [row.total for row in table.rows if row.group == "Agency"]
    assert everyone.due == sum(rate.due for rate in by_agency) > 0
