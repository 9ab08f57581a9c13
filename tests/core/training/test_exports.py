"""The files training produces, read back as a user would: the workbook in a spreadsheet
program, the sign-in sheet in Word, the printable matrix in a browser, the calendar."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
from icalendar import Calendar

from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.program.calendar import export_calendar
from partnerdesk.core.training import seed
from partnerdesk.core.training.attendance_import import import_attendance
from partnerdesk.core.training.readiness import STATUS_FILL, readiness
from partnerdesk.core.training.report import matrix_html, write_matrix_report
from partnerdesk.core.training.roster import SHEETS, export_roster
from partnerdesk.core.training.rules import Status
from partnerdesk.core.training.sessions import list_sessions
from partnerdesk.core.training.sign_in import (
    ATTENDANCE_HEADERS,
    WALK_IN_LINES,
    write_attendance_sheet,
    write_sign_in_sheet,
)
from tests.core.training.conftest import TODAY, Program


def _upcoming_make_up(database: Database) -> int:
    """The demo's booked make-up refresher (next week)."""
    with database.session() as session:
        return next(row.id for row in list_sessions(session) if row.start_date > TODAY)


def test_the_workbook_holds_roster_readiness_matrix_rates_and_sessions(
    demo_database: Database, tmp_path: Path
) -> None:
    with demo_database.session() as session:
        report = export_roster(session, tmp_path / "training.xlsx", TODAY)
    book = openpyxl.load_workbook(tmp_path / "training.xlsx")
    assert book.sheetnames == list(SHEETS)
    roster = list(book["Roster"].iter_rows(values_only=True))
    assert roster[0][:4] == ("Name", "Email", "Agency", "Role")
    assert len(roster) - 1 == report.people == 30
    by_name = {row[0]: row for row in roster[1:]}
    assert by_name["Daniel Okafor"][7] == "Overdue" and by_name["Daniel Okafor"][8] == 1
    assert by_name["Megan O'Brien"][7].startswith("Left ")
    assert book["Roster"].freeze_panes == "A2" and book["Roster"].auto_filter.ref
    lines = list(book["Readiness"].iter_rows(values_only=True))
    luis = next(row for row in lines if row[0] == "Luis Ortega" and row[3] == seed.INITIAL)
    assert luis[4] == "Overdue" and luis[7] == 24 and luis[8] == 40  # hours as numbers
    due = add_months(TODAY, -15) + timedelta(days=90)  # his start + 90 days
    assert luis[5] is not None and luis[5].date() == due  # a date cell
    matrix = book["Matrix"]
    assert matrix.page_setup.orientation == "landscape"
    header = [cell.value for cell in matrix[1]]
    column = header.index(seed.REFRESHER) + 1
    daniel = next(row for row in matrix.iter_rows(min_row=2) if row[0].value == "Daniel Okafor")
    cell = daniel[column - 1]
    assert cell.value.startswith("Overdue") and cell.font.bold
    assert cell.fill.fgColor.rgb.endswith(STATUS_FILL[Status.OVERDUE][1:].upper())
    rates = list(book["Completion rates"].iter_rows(values_only=True))
    assert rates[1][:2] == ("All", "All responders")
    assert len(list(book["Sessions"].iter_rows())) - 1 == report.sessions == 15


def test_the_workbook_neutralises_formulas_in_names(program: Program, tmp_path: Path) -> None:
    program.person("=HYPERLINK(1)", email="x@lakeside.example")
    with program.database.session() as session:
        export_roster(session, tmp_path / "t.xlsx", TODAY)
    roster = openpyxl.load_workbook(tmp_path / "t.xlsx")["Roster"]
    assert roster["A2"].value == "'=HYPERLINK(1)" and roster["A2"].data_type == "s"


def test_the_sign_in_sheet_lists_who_needs_the_session_with_lines_to_sign(
    demo_database: Database, tmp_path: Path
) -> None:
    make_up = _upcoming_make_up(demo_database)
    with demo_database.session() as session:
        path, listed = write_sign_in_sheet(session, make_up, tmp_path / "sign-in.docx", TODAY)
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == f"Sign-in sheet: {seed.REFRESHER}"
    assert f"Session: S-{make_up}" in document.paragraphs[1].text
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "#", "Name", "Agency", "Role", "Hours", "Signature"
    ]  # fmt: skip
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeats on every page
    names = [row.cells[1].text for row in table.rows[1:]]
    # Those overdue and those falling due within six weeks; not those just trained.
    for name in ("Daniel Okafor", "Peter Kowalski", "Sophie Laurent", "Andre Williams"):
        assert name in names
    assert "Kevin Marsh" not in names and "Megan O'Brien" not in names
    assert len(names) == listed + WALK_IN_LINES and names[-1] == ""
    assert document.core_properties.identifier == f"partnerdesk:training-session:{make_up}"


def test_a_sign_in_sheet_must_be_a_docx(demo_database: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"saved as \.docx"), demo_database.session() as s:
        write_sign_in_sheet(s, _upcoming_make_up(demo_database), tmp_path / "x.pdf", TODAY)


def test_the_attendance_sheet_comes_back_and_the_matrix_turns_green(
    program: Program, tmp_path: Path
) -> None:
    avery = program.person("Avery Stone", start=TODAY - timedelta(days=200))
    held = program.session_of(seed.REFRESHER, TODAY - timedelta(days=1))
    with program.database.session() as session:
        path, listed = write_attendance_sheet(session, held, tmp_path / "attendance.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Attendance"]
    assert [c.value for c in sheet[1]] == list(ATTENDANCE_HEADERS)
    assert listed == 1 and sheet["D2"].value == "Avery Stone" and sheet["H2"].value is None
    sheet["H2"] = 4  # the trainer fills in the hours
    book.save(path)
    with program.database.transaction() as session:
        import_attendance(session, path, TODAY)
        person = readiness(session, TODAY).people[0]
    assert person.responder_id == avery
    item = person.item(program.courses[seed.REFRESHER])
    assert item is not None and item.status is Status.COMPLETE


def test_the_printable_matrix_shows_status_in_words_and_colour(
    program: Program, tmp_path: Path
) -> None:
    program.person("<b>Not bold</b>", email="nb@lakeside.example")
    with program.database.session() as session:
        path = write_matrix_report(session, tmp_path / "matrix.html", TODAY)
        html = matrix_html(readiness(session, TODAY), "Lakeside & Co")
    text = path.read_text(encoding="utf-8")
    assert "&lt;b&gt;Not bold&lt;/b&gt;" in text and "<b>Not bold" not in text
    assert "Lakeside &amp; Co — training readiness" in html
    assert f"background:{STATUS_FILL[Status.OVERDUE]}" in html and "Overdue " in html
    assert "Legend:" in html and "thead" in html and "size: landscape" in html


def test_calendar_events_for_sessions_and_due_dates_move_and_cancel(
    program: Program, tmp_path: Path
) -> None:
    avery = program.person("Avery Stone", start=TODAY - timedelta(days=200))
    blake = program.person("Blake Moss", start=TODAY - timedelta(days=200))
    upcoming = program.session_of(seed.REFRESHER, TODAY + timedelta(days=10))
    with program.database.transaction() as session:
        export_calendar(session, tmp_path / "first.ics", today=TODAY)
    first = _events(tmp_path / "first.ics")
    session_key = next(uid for uid in first if uid.startswith(f"training-session-{upcoming}-"))
    due_key = next(
        uid
        for uid, ev in first.items()
        if uid.startswith(f"training-due-{program.courses[seed.REFRESHER]}-")
    )
    assert "2 people" in str(first[due_key]["SUMMARY"])
    assert "Avery Stone (Lakeside Police)" in str(first[due_key]["DESCRIPTION"])
    held = program.session_of(seed.REFRESHER, TODAY - timedelta(days=1))
    program.attend(held, {avery: None})
    with program.database.transaction() as session:
        export_calendar(session, tmp_path / "second.ics", today=TODAY)
    second = _events(tmp_path / "second.ics")
    assert "Blake Moss" in str(second[due_key]["SUMMARY"])  # one person left on that date
    assert int(second[due_key]["SEQUENCE"]) == 1
    assert str(second[session_key]["STATUS"]) == "CONFIRMED"
    program.attend(held, {blake: None})
    with program.database.transaction() as session:
        export_calendar(session, tmp_path / "third.ics", today=TODAY)
    third = _events(tmp_path / "third.ics")
    assert str(third[due_key]["STATUS"]) == "CANCELLED"  # nobody due that day any more


def _events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_demo_calendar_is_not_flooded(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.transaction() as session:
        export = export_calendar(session, tmp_path / "demo.ics", today=TODAY)
    assert export.events < 60  # 15 sessions, a few due dates, the MOUs
