"""Importing attendance from .xlsx / .ods / .csv: who attended which session, for how long.

The file is read through :func:`partnerdesk.core.platform.spreadsheet.read_table`; every
row is checked before anything is written, and any problem raises ImportFileError naming
file, sheet, row and column: all or nothing, like the ledger and contacts imports.

Columns (headers matched without regard to capitals; usual spellings understood):

- the session: ``Session`` (its number, as the sign-in sheet and the attendance sheet
  show it), or ``Course`` and ``Date`` (any day of the session); or none, when the caller
  names the session for the whole file;
- the person: ``Email`` (preferred), or ``Name`` (must name exactly one responder);
- ``Hours``: hours attended (``7.5``, ``7:30``), or ``yes`` / ``x`` / ``present`` for the
  whole session, ``0`` / ``no`` / ``absent`` for did not attend (removes attendance
  recorded before); a blank cell leaves the person as they are.

Dates are ISO 8601 (``2026-12-01``) or real date cells, never guessed day/month orders.
Importing the same file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.validation import clean
from partnerdesk.core.models import AuditAction, Contact, Responder, TrainingCourse, TrainingSession
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import check_date_format
from partnerdesk.core.platform.errors import ImportFileError, ValidationError
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.schema import ChangeKind, typed_record_id
from partnerdesk.core.platform.spreadsheet import (
    RowProblems,
    Table,
    cell_date,
    cell_text,
    read_table,
)
from partnerdesk.core.training.rules import parse_hours
from partnerdesk.core.training.sessions import (
    AttendanceChange,
    apply_attendance,
    attendance_problem,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "session": ("session", "session id", "session no", "session number", "session #"),
    "course": ("course", "course name", "training"),
    "date": ("date", "session date", "training date", "day"),
    "email": ("email", "e-mail", "email address", "e-mail address"),
    "name": ("name", "full name", "participant", "attendee", "responder"),
    "hours": ("hours", "hours attended", "attended hours", "attended", "present"),
}
PRESENT_WORDS = frozenset({"yes", "y", "x", "present", "attended", "✓", "✔"})
ABSENT_WORDS = frozenset({"no", "n", "absent", "did not attend"})


@dataclass
class AttendanceImportReport:
    path: Path
    dry_run: bool
    rows: int = 0
    blank: int = 0  # rows whose hours were left blank
    sessions: int = 0
    change: AttendanceChange = field(default_factory=AttendanceChange)

    def describe(self) -> str:
        verb = "would record" if self.dry_run else "recorded"
        c = self.change
        text = (
            f"{self.path.name}: {self.rows:,} row(s) read for {self.sessions} session(s); "
            f"{verb} {c.added} attendance(s), {c.changed} change(s) of hours and "
            f"{c.removed} removal(s); {c.unchanged} already as in the file"
        )
        if self.blank:
            text += f"; {self.blank} row(s) with no hours left as they were"
        return text + (". Dry run: nothing was changed." if self.dry_run else ".")


def _columns(table: Table) -> dict[str, str | None]:
    lowered = {header.lower(): header for header in table.headers}
    return {
        name: next((lowered[s] for s in spellings if s in lowered), None)
        for name, spellings in COLUMNS.items()
    }


def _hours_cell(value: Any, record: TrainingSession) -> int | None:
    """Hundredths of an hour; None for a blank cell."""
    text = cell_text(value)
    if not text:
        return None
    word = text.lower()
    if word in PRESENT_WORDS:
        return record.hours_hundredths
    if word in ABSENT_WORDS:
        return 0
    return parse_hours(value if isinstance(value, int | float) else text, allow_zero=True)


class _People:
    """Finding the responder a row names: by email, else by a name only one has."""

    def __init__(self, session: Session) -> None:
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        self.facts: dict[int, tuple[str, date, date | None]] = {}
        for rid, name, email, start, left in session.execute(
            sa.select(
                col(Responder.id),
                col(Contact.full_name),
                col(Contact.email),
                col(Responder.start_date),
                col(Responder.left_date),
            ).join(Contact, col(Contact.id) == col(Responder.contact_id))
        ):
            self.facts[int(rid)] = (str(name), start, left)
            if email:
                self.by_email[str(email).casefold()] = int(rid)
            self.by_name.setdefault(clean(str(name)).casefold(), []).append(int(rid))
        self.contacts = {
            clean(str(n)).casefold()
            for n in session.execute(sa.select(col(Contact.full_name))).scalars()
        }
        self.contact_emails = {
            str(e).casefold() for e in session.execute(sa.select(col(Contact.email))).scalars() if e
        }

    def find(self, email: str, name: str) -> int:
        if email:
            found = self.by_email.get(email.casefold())
            if found is not None:
                return found
            if email.casefold() in self.contact_emails:
                raise ValidationError(f"{email} is in the directory but is not a responder")
            if not name:
                raise ValidationError(f"no responder has the email address {email}")
        key = clean(name).casefold()
        matches = self.by_name.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValidationError(
                f"{len(matches)} responders are named {self.facts[matches[0]][0]}; give their "
                "email address"
            )
        if key in self.contacts:
            raise ValidationError(f"{clean(name)} is in the directory but is not a responder")
        raise ValidationError(f"no responder named {clean(name)!r}")


def _sessions_by_course(session: Session) -> dict[str, list[TrainingSession]]:
    names = {
        int(i): str(n)
        for i, n in session.execute(sa.select(col(TrainingCourse.id), col(TrainingCourse.name)))
    }
    found: dict[str, list[TrainingSession]] = {}
    for record in session.exec(select(TrainingSession)):
        found.setdefault(names.get(record.course_id, "").casefold(), []).append(record)
    return found


def import_attendance(
    session: Session,
    path: str | Path,
    today: date,
    *,
    session_id: int | None = None,
    dry_run: bool = False,
    date_format: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> AttendanceImportReport:
    """Check every row, then record the attendance (see the module docstring). Rows name
    their session, or all belong to ``session_id``; dates written as text other than
    YYYY-MM-DD are read in the declared ``date_format``. Call inside a transaction."""
    date_format = check_date_format(date_format)
    file = Path(path)
    report = AttendanceImportReport(file, dry_run)
    progress.step(0, 0, f"Reading {file.name}…")
    table = read_table(file)
    columns = _columns(table)
    problems = RowProblems(table)
    if not columns["hours"]:
        raise ImportFileError(
            f"{table.where(row=1)}: no Hours column; the columns are "
            f"{', '.join(repr(h) for h in table.headers)}"
        )
    if not (columns["email"] or columns["name"]):
        raise ImportFileError(f"{table.where(row=1)}: no Name or Email column")
    fixed = session.get(TrainingSession, session_id) if session_id is not None else None
    if session_id is not None and fixed is None:
        raise ImportFileError(f"there is no session #{session_id}")
    if fixed is None and not columns["session"] and not (columns["course"] and columns["date"]):
        raise ImportFileError(
            f"{table.where(row=1)}: say which session each row is for: a Session column "
            "(its number), or Course and Date columns"
        )
    people = _People(session)
    by_course = _sessions_by_course(session)
    wanted: dict[int, dict[int, int | None]] = {}  # session id -> responder -> hours
    first_row: dict[tuple[int, int], int] = {}
    records: dict[int, TrainingSession] = {}
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        if index % 500 == 0:
            progress.step(index, total, f"Checking row {index + 1:,} of {total:,}…")
        values = row.values
        record = fixed or _row_session(
            session, values, columns, by_course, row.number, problems, date_format
        )
        person = None
        try:
            person = people.find(
                cell_text(values.get((columns["email"] or "").lower())),
                cell_text(values.get((columns["name"] or "").lower())),
            )
        except ValidationError as exc:
            problems.add(row.number, columns["email"] or columns["name"], exc.message)
        if record is None or person is None:
            continue
        assert record.id is not None
        hours_header = columns["hours"]
        try:
            hours = _hours_cell(values.get(hours_header.lower()), record)
        except ValidationError as exc:
            problems.add(row.number, hours_header, exc.message)
            continue
        report.rows += 1
        name, start, left = people.facts[person]
        if (record.id, person) in first_row:
            problems.add(
                row.number,
                columns["email"] or columns["name"],
                f"{name} is already on row {first_row[(record.id, person)]} for the same session",
            )
            continue
        first_row[(record.id, person)] = row.number
        if hours is None:
            report.blank += 1
            continue
        problem = attendance_problem(record, hours, start, left, name, today) if hours else None
        if problem:
            problems.add(row.number, hours_header, problem)
            continue
        records[record.id] = record
        wanted.setdefault(record.id, {})[person] = hours
    problems.raise_if_any()
    report.sessions = len(records)
    for number, (record_id, hours_by_person) in enumerate(wanted.items(), start=1):
        progress.step(number, len(wanted), f"Recording session {number} of {len(wanted)}…")
        _merge(
            report.change,
            apply_attendance(session, records[record_id], hours_by_person, today, dry_run=dry_run),
        )
    if not dry_run and (report.change.added or report.change.changed or report.change.removed):
        audit.record(
            session,
            ChangeKind.TRAINING_SESSION,
            fixed.id if fixed else None,
            AuditAction.IMPORT,
            summary=f"attendance imported from {file.name}: {report.change.added} added, "
            f"{report.change.changed} changed, {report.change.removed} removed",
        )
    return report


def _row_session(
    session: Session,
    values: Mapping[str, Any],
    columns: Mapping[str, str | None],
    by_course: Mapping[str, list[TrainingSession]],
    number: int,
    problems: RowProblems,
    date_format: str | None,
) -> TrainingSession | None:
    """The session a row names by number, or by course and a day of it."""
    header = columns["session"]
    text = cell_text(values.get(header.lower())) if header else ""
    if text:
        digits = text.lstrip("#").removeprefix("S-").strip()
        session_id = typed_record_id(digits)
        record = session.get(TrainingSession, session_id) if session_id is not None else None
        if record is None:
            problems.add(number, header, f"there is no session {text!r}")
        return record
    course_header, date_header = columns["course"], columns["date"]
    if not (course_header and date_header):
        problems.add(number, header, "the session number is empty")
        return None
    course = cell_text(values.get(course_header.lower()))
    try:
        day = cell_date(values.get(date_header.lower()), date_format)
    except ValidationError as exc:
        problems.add(number, date_header, exc.message.removeprefix("date: "))
        return None
    candidates = by_course.get(course.casefold())
    if not candidates:
        problems.add(number, course_header, f"there is no course {course!r}")
        return None
    matches = [r for r in candidates if r.start_date <= day <= r.end_date]
    if len(matches) != 1:
        problems.add(
            number,
            date_header,
            f"{len(matches) or 'no'} {course} session(s) on {day.isoformat()}"
            + ("; give the session number" if matches else ""),
        )
        return None
    return matches[0]


def _merge(total: AttendanceChange, part: AttendanceChange) -> None:
    total.added += part.added
    total.changed += part.changed
    total.removed += part.removed
    total.unchanged += part.unchanged
    total.lines.extend(part.lines)
