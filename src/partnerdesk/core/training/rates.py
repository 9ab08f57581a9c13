"""Training completion rates: of the trainings that fell due in a period, how many were
completed by their due date, overall or by agency and role, per month.

What counts (the measure evaluations report as "training completion rate"):

- each time a requirement falls due for a responder is one *due training*: the initial
  training once, a quarterly refresher each quarter (see :func:`.rules.occurrences`);
- it counts in the period its due date falls in, for the role the person held then, and
  only while the person was a responder (people who left count until they left);
- it is *on time* when completed on or before its due date, *late* when completed after,
  *missing* when not completed yet; one still open whose due date has not passed is not
  judged yet and left out;
- ``rate`` = on time / due, in percent (None when nothing fell due).

:func:`completion_rate` and :func:`monthly_completion_rates` are what another area (the
outcomes indicators) calls; :func:`rate_table` is the Training area's and the workbook's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlmodel import Session

from partnerdesk.core.platform.collector import collector_paused
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.training.readiness import TrainingData, load_training_data
from partnerdesk.core.training.rules import is_active_on, occurrences, requirement_base


@dataclass(frozen=True, slots=True)
class DueTraining:
    """One time a requirement fell due for one person."""

    responder_id: int
    agency_id: int | None
    role_id: int
    course_id: int
    due: date
    completed: date | None

    @property
    def on_time(self) -> bool:
        return self.completed is not None and self.completed <= self.due


@dataclass(frozen=True, slots=True)
class CompletionRate:
    start: date
    end: date
    due: int
    on_time: int
    late: int

    @property
    def missing(self) -> int:
        return self.due - self.on_time - self.late

    @property
    def rate(self) -> Decimal | None:
        """On time / due, in percent to one decimal (None when nothing fell due)."""
        if not self.due:
            return None
        return (Decimal(self.on_time * 100) / self.due).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_EVEN
        )

    def describe(self) -> str:
        if self.rate is None:
            return "nothing due"
        return f"{self.rate} % ({self.on_time} of {self.due})"


def due_trainings(data: TrainingData, today: date) -> Iterator[DueTraining]:
    """Every due training judged by ``today`` (see the module docstring)."""
    for person in data.people:
        spells = person.spells
        for index, spell in enumerate(spells):
            spell_end = spells[index + 1].start if index + 1 < len(spells) else None
            for rule in data.rules_by_role.get(spell.role_id, ()):
                base = requirement_base(
                    spells, index, rule.course_id, data.courses_by_role, person.start_date
                )
                credits = data.credits_of(person.responder_id, rule.course_id)
                for occurrence in occurrences(rule, base, credits):
                    due = occurrence.due
                    if due < spell.start or (spell_end is not None and due >= spell_end):
                        continue
                    if not is_active_on(person.start_date, person.left_date, due):
                        continue
                    if occurrence.completed is None and due >= today:
                        continue  # not judged yet
                    yield DueTraining(
                        person.responder_id,
                        person.agency_id,
                        spell.role_id,
                        rule.course_id,
                        due,
                        occurrence.completed,
                    )


def _tally(items: Iterable[DueTraining], start: date, end: date) -> CompletionRate:
    due = on_time = late = 0
    for item in items:
        if start <= item.due <= end:
            due += 1
            if item.on_time:
                on_time += 1
            elif item.completed is not None:
                late += 1
    return CompletionRate(start, end, due, on_time, late)


def _judged(
    session: Session, end: date, agency: int | None, role: int | None, today: date | None
) -> list[DueTraining]:
    """The due trainings of one agency and/or role, judged on ``today`` (default: the day
    after ``end``, as the period closed)."""
    judged = today or end + timedelta(days=1)
    with collector_paused():  # tens of thousands of small records (see readiness)
        return [
            item
            for item in due_trainings(load_training_data(session, judged), judged)
            if (agency is None or item.agency_id == agency)
            and (role is None or item.role_id == role)
        ]


def completion_rate(
    session: Session,
    start: date,
    end: date,
    agency: int | None = None,
    role: int | None = None,
    *,
    today: date | None = None,
) -> CompletionRate:
    """The completion rate of trainings due from ``start`` to ``end`` (both included), of
    one agency (organization id) and/or role (role id) when given. Judged on ``today``
    (default: the day after ``end``, i.e. as the period closed)."""
    return _tally(_judged(session, end, agency, role, today), start, end)


def _by_month(
    items: Iterable[DueTraining], months: list[tuple[date, date]]
) -> list[CompletionRate]:
    """:func:`_tally` of each calendar month of ``months`` (as :func:`months_between` gives
    them), in one pass over ``items`` rather than one per month."""
    index = {(first.year, first.month): n for n, (first, _last) in enumerate(months)}
    counts = [[0, 0, 0] for _ in months]  # due, on time, late
    for item in items:
        n = index.get((item.due.year, item.due.month))
        if n is not None:
            tally = counts[n]
            tally[0] += 1
            if item.on_time:
                tally[1] += 1
            elif item.completed is not None:
                tally[2] += 1
    return [
        CompletionRate(first, last, due, on_time, late)
        for (first, last), (due, on_time, late) in zip(months, counts, strict=True)
    ]


def months_between(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months from the one ``start`` falls in to the one ``end`` falls in,
    as (first day, last day)."""
    months: list[tuple[date, date]] = []
    first = start.replace(day=1)
    while first <= end:
        following = add_months(first, 1)
        months.append((first, following - timedelta(days=1)))
        first = following
    return months


def monthly_completion_rates(
    session: Session,
    start: date,
    end: date,
    agency: int | None = None,
    role: int | None = None,
    *,
    today: date | None = None,
) -> list[CompletionRate]:
    """:func:`completion_rate` for each calendar month from ``start`` to ``end``."""
    return _by_month(_judged(session, end, agency, role, today), months_between(start, end))


@dataclass(frozen=True)
class RateRow:
    """One line of the rate table: everyone, an agency or a role, month by month."""

    group: str  # "All", "Agency", "Role"
    name: str
    months: tuple[CompletionRate, ...]
    total: CompletionRate


@dataclass(frozen=True)
class RateTable:
    months: tuple[tuple[date, date], ...]
    rows: tuple[RateRow, ...]


def rate_table(session: Session, today: date, months: int = 12) -> RateTable:
    """Completion rates of the last ``months`` months (the current one included), for
    everyone, then by agency and by role."""
    first = add_months(today.replace(day=1), -(months - 1))
    periods = months_between(first, today)
    with collector_paused():  # tens of thousands of small records (see readiness)
        data = load_training_data(session, today)
        items = list(due_trainings(data, today))
    agencies = {p.agency_id: p.agency or "(no organization)" for p in data.people}

    def row(group: str, name: str, chosen: list[DueTraining]) -> RateRow:
        months = _by_month(chosen, periods)
        total = CompletionRate(
            periods[0][0],
            periods[-1][1],
            sum(m.due for m in months),
            sum(m.on_time for m in months),
            sum(m.late for m in months),
        )
        return RateRow(group, name, tuple(months), total)

    rows = [row("All", "All responders", items)]
    for agency_id, name in sorted(agencies.items(), key=lambda pair: pair[1].casefold()):
        rows.append(row("Agency", name, [i for i in items if i.agency_id == agency_id]))
    for role_id, name in data.roles.items():
        chosen = [i for i in items if i.role_id == role_id]
        if chosen or role_id in data.rules_by_role:
            rows.append(row("Role", name, chosen))
    return RateTable(tuple(periods), tuple(rows))
