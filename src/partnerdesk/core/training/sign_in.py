"""The papers of a session: the printable sign-in sheet (.docx) and the attendance sheet
(.xlsx) that comes back filled in and imports (:mod:`.attendance_import`).

Both list the same people: responders on the session's day whose role requires the course
and who still need it on that day (a one-off course not completed yet, a refresher
overdue or falling due within six weeks), and anyone already recorded as
attending; when nobody needs it, everyone whose role requires the course. The sign-in
sheet leaves blank lines for people who walk in.

python-docx and openpyxl are imported inside the functions (start-up time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.settings import load_settings
from partnerdesk.core.platform.workbooks import SheetWriter, discard
from partnerdesk.core.training.readiness import readiness
from partnerdesk.core.training.rules import Status, format_hours, hours_decimal
from partnerdesk.core.training.sessions import SessionDetail, get_session

WALK_IN_LINES = 6
# Who still needs a recurring course (a refresher) on the session's day: those overdue or
# due within this many days of it; a one-off course: everyone who has not completed it.
NEED_WINDOW_DAYS = 45
ATTENDANCE_HEADERS = ("Session", "Course", "Date", "Name", "Email", "Agency", "Role", "Hours")


@dataclass(frozen=True, slots=True)
class SignInLine:
    responder_id: int
    name: str
    email: str
    agency: str
    role: str
    hours: int | None  # already recorded


@dataclass(frozen=True)
class SessionPapers:
    detail: SessionDetail
    lines: tuple[SignInLine, ...]


def session_papers(session: Session, session_id: int) -> SessionPapers:
    """The session and the people its sheets list (see the module docstring)."""
    detail = get_session(session, session_id)
    row = detail.row
    recorded = {a.responder_id: a.hours for a in detail.attendees}
    standing = readiness(session, row.start_date, window_days=NEED_WINDOW_DAYS)
    required: list[SignInLine] = []
    needing: list[SignInLine] = []
    for person in standing.people:
        item = person.item(row.course_id)
        line = SignInLine(
            person.responder_id,
            person.name,
            person.email,
            person.agency,
            person.role,
            recorded.get(person.responder_id),
        )
        if person.responder_id in recorded:
            needing.append(line)
        elif item is not None and person.active:
            required.append(line)
            if item.status in (Status.OVERDUE, Status.DUE_SOON) or (
                not item.recurring and item.status is not Status.COMPLETE
            ):
                needing.append(line)
    chosen = needing if len(needing) > len(recorded) else needing + required
    unique = {line.responder_id: line for line in chosen}
    missing = set(recorded) - set(unique)
    for attendee in detail.attendees:  # attended, though no longer a responder or role
        if attendee.responder_id in missing:
            unique[attendee.responder_id] = SignInLine(
                attendee.responder_id, attendee.name, "", attendee.agency, "", attendee.hours
            )
    lines = sorted(unique.values(), key=lambda line: (line.agency.casefold(), line.name.casefold()))
    return SessionPapers(detail, tuple(lines))


@dataclass(frozen=True, slots=True)
class AttendanceChoice:
    """A person the attendance dialog offers for a session."""

    responder_id: int
    name: str
    agency: str
    role: str
    requires_course: bool
    hours: int | None  # recorded so far


def attendance_choices(session: Session, session_id: int) -> list[AttendanceChoice]:
    """Everyone who was a responder on the session's days (and anyone recorded as
    attending), those whose role requires the course first, then by name."""
    detail = get_session(session, session_id)
    row = detail.row
    recorded = {a.responder_id: a for a in detail.attendees}
    choices: dict[int, AttendanceChoice] = {}
    for day in dict.fromkeys((row.start_date, row.end_date)):
        for person in readiness(session, day).people:
            if person.active and person.responder_id not in choices:
                attended = recorded.get(person.responder_id)
                choices[person.responder_id] = AttendanceChoice(
                    person.responder_id,
                    person.name,
                    person.agency,
                    person.role,
                    person.item(row.course_id) is not None,
                    attended.hours if attended else None,
                )
    for attendee in detail.attendees:
        if attendee.responder_id not in choices:
            choices[attendee.responder_id] = AttendanceChoice(
                attendee.responder_id, attendee.name, attendee.agency, "", False, attendee.hours
            )
    return sorted(choices.values(), key=lambda c: (not c.requires_course, c.name.casefold()))


# --------------------------------------------------------------------------- the .docx sheet


def write_sign_in_sheet(
    session: Session, session_id: int, path: str | Path, today: date
) -> tuple[Path, int]:
    """The printable sign-in sheet; returns the path and the number of named lines."""
    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise ValidationError(f"{target.name}: the sign-in sheet is saved as .docx", "path")
    papers = session_papers(session, session_id)
    program = load_settings(session).program_name
    document = _sign_in_document(papers, program, today)
    with atomic_output(target) as temporary:
        document.save(str(temporary))
    return target, len(papers.lines)


def _sign_in_document(papers: SessionPapers, program: str, today: date) -> Any:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt

    row = papers.detail.row
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.6))
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(f"Sign-in sheet: {row.course}", level=1)
    facts = [
        ("Session", f"S-{row.id}"),
        ("Date", row.dates()),
        ("Hours", format_hours(row.hours)),
        ("Place", row.place or "—"),
        ("Trainers", row.trainers or "—"),
    ]
    if program:
        facts.insert(0, ("Program", program))
    paragraph = document.add_paragraph()
    for label, value in facts:
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(f"{value}    ")
    document.add_paragraph(
        "Sign on your line when you arrive. If you leave before the end, write the hours you "
        "attended. Not listed? Use a blank line at the end and print your name and agency."
    )
    headers = ("#", "Name", "Agency", "Role", "Hours", "Signature")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    widths = (Inches(0.35), Inches(1.9), Inches(1.7), Inches(1.25), Inches(0.6), Inches(1.5))
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every printed page
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, title, width in zip(header.cells, headers, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(title).bold = True
    numbered = [
        (line.name, line.agency, line.role, format_hours(line.hours) if line.hours else "")
        for line in papers.lines
    ] + [("", "", "", "")] * WALK_IN_LINES
    for number, values in enumerate(numbered, start=1):
        cells = table.add_row()
        cells.height = Inches(0.42)
        cells.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, value, width in zip(cells.cells, (str(number), *values, ""), widths, strict=True):
            cell.width = width
            cell.text = value
    document.add_paragraph()
    document.add_paragraph(
        "Trainer's signature: ______________________________    Date: ______________"
    )
    footer = section.footer.paragraphs[0]
    footer.text = (
        f"Session S-{row.id} · {row.course} · {row.dates()} · printed {today.isoformat()} by "
        "PartnerDesk. Record the attendance in PartnerDesk (Training › Record attendance) or "
        "fill in its attendance sheet (.xlsx) and import it."
    )
    props = document.core_properties
    props.title = f"Sign-in sheet: {row.course}"[:255]
    props.subject = f"Training session S-{row.id}"
    props.identifier = f"partnerdesk:training-session:{row.id}"
    props.category = "Training sign-in sheet"
    return document


# --------------------------------------------------------------------------- the .xlsx sheet


def write_attendance_sheet(session: Session, session_id: int, path: str | Path) -> tuple[Path, int]:
    """The attendance sheet to fill in (Hours) and import back; returns path and lines."""
    from openpyxl import Workbook

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(f"{target.name}: the attendance sheet is saved as .xlsx", "path")
    papers = session_papers(session, session_id)
    row = papers.detail.row
    with atomic_output(target) as temporary:
        workbook = Workbook(write_only=True)
        try:
            sheet = SheetWriter(workbook, "Attendance", [9, 34, 12, 28, 32, 32, 24, 9])
            sheet.header(list(ATTENDANCE_HEADERS), filters=True)
            for line in papers.lines:
                sheet.append(
                    [
                        row.id,
                        row.course,
                        sheet.day(row.start_date),
                        line.name,
                        line.email,
                        line.agency,
                        line.role,
                        hours_decimal(line.hours) if line.hours is not None else None,
                    ]
                )
            sheet.filter_to_end(len(ATTENDANCE_HEADERS))
            notes = SheetWriter(workbook, "How to fill in", [100])
            for text in (
                "Write in Hours what each person attended: 8, 7.5 or 7:30; 'yes' for the whole "
                f"session ({format_hours(row.hours)}); 0 or 'no' for someone who did not come.",
                "Leave Hours blank to leave a person as they are. Add people who walked in on "
                "new lines (Session number, and their Email or Name as in PartnerDesk).",
                "Then import this file: PartnerDesk › Training › Import attendance (Ctrl+I), or "
                "`partnerdesk training attendance import FILE`. Nothing is recorded if any "
                "row has a problem; every problem is listed by row and column.",
            ):
                notes.append([text])
            workbook.save(temporary)
        except BaseException:
            discard(workbook)
            raise
    return target, len(papers.lines)
