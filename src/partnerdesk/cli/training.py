"""`partnerdesk training ...`: readiness of every responder, sessions, attendance import,
the training workbook and the printable matrix, sign-in sheets, completion rates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from partnerdesk.cli.common import RECORD_ID, date_format_option, emit_json, open_db, today

if TYPE_CHECKING:
    from datetime import date

    from partnerdesk.core.training.rates import CompletionRate
    from partnerdesk.core.training.readiness import PersonReadiness, ReadinessItem


@click.group("training")
def training_group() -> None:
    """Joint training: who is current, overdue or due; sessions; attendance; exports."""


# --------------------------------------------------------------------------- status


def item_payload(person: PersonReadiness, item: ReadinessItem, day: date) -> dict[str, Any]:
    from partnerdesk.core.training.rules import hours_decimal

    s = item.standing
    return {
        "responder_id": person.responder_id,
        "contact_id": person.contact_id,
        "name": person.name,
        "agency": person.agency,
        "role": person.role,
        "course": item.course,
        "requirement_id": item.requirement_id,
        "recurring": item.recurring,
        "status": s.status.value,
        "due_date": s.due_date,
        "days_until_due": s.days_until_due(day),
        "last_completed": s.last_completed,
        "hours_so_far": hours_decimal(s.hours_so_far),
        "hours_required": hours_decimal(s.hours_required),
        "shown_as": item.describe(day),
    }


@training_group.command("status")
@click.option("--overdue", is_flag=True, help="Only what is overdue.")
@click.option(
    "--due-within",
    type=click.IntRange(0, 3660),
    metavar="DAYS",
    help="Only what is overdue or due within DAYS (also sets the 'due soon' window).",
)
@click.option("--agency", metavar="NAME", help="Only the responders of this organization.")
@click.option("--role", metavar="ROLE", help="Only the responders in this role.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def status_command(
    ctx: click.Context,
    overdue: bool,
    due_within: int | None,
    agency: str | None,
    role: str | None,
    as_json: bool,
) -> None:
    """Where every responder stands on every requirement of their role: complete, due
    soon, overdue, in progress or not started, with the hours so far. Overdue first."""
    from partnerdesk.core.training.readiness import readiness
    from partnerdesk.core.training.responders import find_agency
    from partnerdesk.core.training.roles import find_role
    from partnerdesk.core.training.rules import DUE_SOON_DAYS, SEVERITY, Status

    day = today()
    window = DUE_SOON_DAYS if due_within is None else due_within
    with open_db(ctx) as database, database.session() as session:
        agency_id = find_agency(session, agency).id if agency else None
        role_id = find_role(session, role).id if role else None
        result = readiness(session, day, window_days=window, agency_id=agency_id, role_id=role_id)
    wanted = {Status.OVERDUE} if overdue else None
    if due_within is not None and not overdue:
        wanted = {Status.OVERDUE, Status.DUE_SOON}
    lines = [
        (person, item)
        for person in result.people
        if person.active
        for item in person.items
        if wanted is None or item.status in wanted
    ]
    lines.sort(
        key=lambda pair: (
            SEVERITY[pair[1].status],
            pair[1].standing.due_date or day,
            pair[0].name.casefold(),
        )
    )
    if as_json:
        emit_json([item_payload(person, item, day) for person, item in lines])
        return
    people = sum(1 for person in result.people if person.active)
    counts = result.items_by_status()
    click.echo(
        f"{people} responder(s) on {day.isoformat()}; their requirements: "
        + ", ".join(
            f"{counts[s]} {s.label.lower()}"
            + (f" (within {window} days)" if s is Status.DUE_SOON else "")
            for s in Status
        )
    )
    if not lines:
        click.echo("  Nothing to show." if wanted else "  No requirements yet.")
        return
    click.echo(f"  {'Name':<24} {'Agency':<28} {'Role':<22} {'Course':<34} Status")
    for person, item in lines:
        click.echo(
            f"  {person.name[:24]:<24} {person.agency[:28]:<28} {person.role[:22]:<22} "
            f"{item.course[:34]:<34} {item.describe(day)}"
        )


# --------------------------------------------------------------------------- sessions


@training_group.command("sessions")
@click.option("--upcoming", is_flag=True, help="Only sessions from today on.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def sessions_command(ctx: click.Context, upcoming: bool, as_json: bool) -> None:
    """Training sessions, newest first: course, dates, hours, place, trainers, attendance."""
    from partnerdesk.core.training.rules import format_hours, hours_decimal
    from partnerdesk.core.training.sessions import list_sessions

    day = today()
    with open_db(ctx) as database, database.session() as session:
        rows = [row for row in list_sessions(session) if not upcoming or row.end_date >= day]
    if as_json:
        emit_json(
            [
                {
                    "id": row.id,
                    "course": row.course,
                    "start_date": row.start_date,
                    "end_date": row.end_date,
                    "hours": hours_decimal(row.hours),
                    "place": row.place or None,
                    "capacity": row.capacity,
                    "trainers": list(row.trainer_names),
                    "attendees": row.attendees,
                }
                for row in rows
            ]
        )
        return
    if not rows:
        click.echo("No sessions.")
        return
    for row in rows:
        click.echo(
            f"  S-{row.id:<5} {row.dates():<26} {row.course[:36]:<36} "
            f"{format_hours(row.hours):>7}  {row.seats():>8} attended  {row.place}"
        )


# --------------------------------------------------------------------------- attendance


@training_group.group("attendance")
def attendance_group() -> None:
    """Attendance of sessions."""


@attendance_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--session", "session_id", type=RECORD_ID, metavar="ID", help="Every row is for this session."
)
@click.option("--dry-run", is_flag=True, help="Check and report; change nothing.")
@date_format_option
@click.pass_context
def attendance_import_command(
    ctx: click.Context,
    file: Path,
    session_id: int | None,
    dry_run: bool,
    date_format: str | None,
) -> None:
    """Record attendance from .xlsx/.ods/.csv (columns Session or Course and Date, Email or
    Name, Hours). All or nothing: every bad cell is reported by row and column. Dates are
    date cells or YYYY-MM-DD; another order (03/04/2026) is read only with --date-format."""
    from partnerdesk.core.training.attendance_import import import_attendance

    with open_db(ctx) as database, database.transaction() as session:
        report = import_attendance(
            session, file, today(), session_id=session_id, dry_run=dry_run, date_format=date_format
        )
    click.echo(report.describe())
    for line in report.change.lines:
        click.echo(f"  {line}")


# --------------------------------------------------------------------------- files


@training_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def export_command(ctx: click.Context, file: Path) -> None:
    """Write the training workbook (FILE.xlsx: roster, readiness, matrix, completion rates,
    sessions) or the printable matrix (FILE.html)."""
    from partnerdesk.core.training.report import write_matrix_report
    from partnerdesk.core.training.roster import export_roster

    with open_db(ctx) as database, database.session() as session:
        if file.suffix.lower() in (".html", ".htm"):
            write_matrix_report(session, file, today())
            click.echo(f"Wrote {file} (the readiness matrix, ready to print)")
            return
        report = export_roster(session, file, today())
    click.echo(
        f"Wrote {report.path} ({report.people} responders, {report.items} requirement lines, "
        f"{report.sessions} sessions)"
    )


@training_group.command("sign-in")
@click.argument("session_id", type=RECORD_ID, metavar="SESSION")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def sign_in_command(ctx: click.Context, session_id: int, file: Path) -> None:
    """Write a session's sign-in sheet (FILE.docx, to print) or its attendance sheet
    (FILE.xlsx, to fill in and import)."""
    from partnerdesk.core.training.sign_in import write_attendance_sheet, write_sign_in_sheet

    with open_db(ctx) as database, database.session() as session:
        if file.suffix.lower() == ".xlsx":
            path, lines = write_attendance_sheet(session, session_id, file)
        else:
            path, lines = write_sign_in_sheet(session, session_id, file, today())
    click.echo(f"Wrote {path} ({lines} people listed)")


@training_group.command("seed")
@click.pass_context
def seed_command(ctx: click.Context) -> None:
    """Load the standard roles, courses and requirements into an empty catalogue."""
    from partnerdesk.core.training.seed import load_standard_catalogue

    with open_db(ctx) as database, database.transaction() as session:
        roles, courses = load_standard_catalogue(session)
    click.echo(f"Loaded {len(roles)} roles and {len(courses)} courses with their requirements.")


# --------------------------------------------------------------------------- rates


def rate_payload(rate: CompletionRate) -> dict[str, Any]:
    return {
        "start": rate.start,
        "end": rate.end,
        "due": rate.due,
        "on_time": rate.on_time,
        "late": rate.late,
        "missing": rate.missing,
        "rate": rate.rate,
    }


@training_group.command("rates")
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def rates_command(ctx: click.Context, months: int, as_json: bool) -> None:
    """Completion rates (trainings due, completed by their due date) for everyone, by
    agency and by role, month by month."""
    from partnerdesk.core.training.rates import rate_table

    with open_db(ctx) as database, database.session() as session:
        table = rate_table(session, today(), months)
    if as_json:
        emit_json(
            [
                {
                    "group": row.group.lower(),
                    "name": row.name,
                    "total": rate_payload(row.total),
                    "months": [rate_payload(month) for month in row.months],
                }
                for row in table.rows
            ]
        )
        return
    first, last = table.months[0][0], table.months[-1][1]
    click.echo(f"Completion rate, {first.isoformat()} to {last.isoformat()} (on time / due):")
    for row in table.rows:
        click.echo(
            f"  {row.group:<7} {row.name[:40]:<40} {row.total.describe():>22}"
            f"  late {row.total.late}, missing {row.total.missing}"
        )
