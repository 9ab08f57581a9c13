"""Importing attendance: all or nothing, every bad cell named by row and column, the same
file twice changes nothing, dates only as ISO text or real date cells."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa

from partnerdesk.core.directory.contact_commands import ContactInput, create_contact
from partnerdesk.core.platform.errors import ImportFileError
from partnerdesk.core.training import seed
from partnerdesk.core.training.attendance_import import import_attendance
from partnerdesk.core.training.readiness import readiness
from partnerdesk.core.training.rules import Status
from tests.core.training.conftest import TODAY, Program

HELD = TODAY - timedelta(days=6)


def _csv(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _import(program: Program, path: Path, **options: Any) -> Any:
    with program.database.transaction() as session:
        return import_attendance(session, path, TODAY, **options)


def _attendance(program: Program) -> list[tuple[int, int, int]]:
    with program.database.session() as session:
        rows = session.execute(
            sa.text(
                "SELECT session_id, responder_id, hours_hundredths FROM training_attendance "
                "ORDER BY session_id, responder_id"
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


@pytest.fixture
def people(program: Program) -> dict[str, int]:
    return {
        "avery": program.person("Avery Stone", email="avery@lakeside.example"),
        "blake": program.person("Blake Moss"),
    }


def test_a_filled_in_sheet_records_attendance_and_importing_again_changes_nothing(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    held = program.session_of(seed.REFRESHER, HELD)
    path = _csv(
        tmp_path / "att.csv",
        [
            ["Session", "Name", "Email", "Hours"],
            [held, "Avery Stone", "AVERY@lakeside.example", "yes"],
            [held, "Blake Moss", "", "2.5"],
        ],
    )
    report = _import(program, path)
    assert (report.change.added, report.sessions, report.rows) == (2, 1, 2)
    assert _attendance(program) == [(held, people["avery"], 400), (held, people["blake"], 250)]
    again = _import(program, path)
    assert (again.change.added, again.change.changed, again.change.unchanged) == (0, 0, 2)
    assert "2 already as in the file" in again.describe()


def test_dry_run_reports_and_changes_nothing(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    held = program.session_of(seed.REFRESHER, HELD)
    path = _csv(tmp_path / "att.csv", [["Session", "Name", "Hours"], [held, "Blake Moss", 4]])
    report = _import(program, path, dry_run=True)
    assert report.change.added == 1 and "Dry run: nothing was changed" in report.describe()
    assert _attendance(program) == []


def test_every_bad_cell_is_named_and_nothing_is_recorded(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    held = program.session_of(seed.REFRESHER, HELD)
    upcoming = program.session_of(seed.REFRESHER, TODAY + timedelta(days=5))
    with program.database.transaction() as session:
        create_contact(session, ContactInput("Casey Contact", organization_id=program.police))
    path = _csv(
        tmp_path / "att.csv",
        [
            ["Session", "Name", "Hours"],
            [held, "Avery Stone", "4"],  # row 2: fine, but nothing is recorded
            [held, "Kim Park", "4"],  # row 3: nobody by that name
            [held, "Blake Moss", "four"],  # row 4: not hours
            [held, "Blake Moss", "9"],  # row 5: longer than the session (4 h)
            ["999", "Blake Moss", "1"],  # row 6: no such session
            [upcoming, "Blake Moss", "1"],  # row 7: not held yet
            [held, "Avery Stone", "1"],  # row 8: twice for the same session
            [held, "Casey Contact", "4"],  # row 9: in the directory, not a responder
        ],
    )
    with pytest.raises(ImportFileError) as caught:
        _import(program, path)
    message = str(caught.value)
    assert message.startswith("nothing was imported: 7 problem(s) found")
    assert "att.csv, row 3, column \"Name\": no responder named 'Kim Park'" in message
    assert "row 4, column \"Hours\": 'four' is not a number of hours" in message
    assert 'row 5, column "Hours": 9 h is more than the session lasted (4 h)' in message
    assert "row 6, column \"Session\": there is no session '999'" in message
    assert 'row 7, column "Hours": the session of' in message and "not taken place" in message
    assert 'row 8, column "Name": Avery Stone is already on row 2' in message
    assert 'row 9, column "Name": Casey Contact is in the directory but is not a responder' in (
        message
    )
    assert _attendance(program) == []


def test_a_name_two_responders_share_needs_their_email(program: Program, tmp_path: Path) -> None:
    program.person("Sam Lee", email="sam.lee@lakeside.example")
    other = program.person("Sam Lee", email="sam.lee2@lakeside.example", agency=program.health)
    held = program.session_of(seed.REFRESHER, HELD)
    ambiguous = _csv(tmp_path / "a.csv", [["Session", "Name", "Hours"], [held, "sam lee", "4"]])
    with pytest.raises(ImportFileError, match="2 responders are named Sam Lee; give their email"):
        _import(program, ambiguous)
    by_email = _csv(
        tmp_path / "b.csv",
        [["Session", "Email", "Hours"], [held, "sam.lee2@lakeside.example", "4"]],
    )
    _import(program, by_email)
    assert _attendance(program) == [(held, other, 400)]


def test_sessions_found_by_course_and_date_with_iso_or_real_dates_only(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    first = program.session_of(seed.INITIAL, HELD - timedelta(days=1), 16, days=2)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Course", "Date", "Name", "Hours"])
    sheet.append([seed.INITIAL, HELD, "Avery Stone", 16])  # a real date cell (2nd day)
    sheet.append([seed.INITIAL.upper(), (HELD - timedelta(days=1)).isoformat(), "Blake Moss", 8])
    workbook.save(tmp_path / "ok.xlsx")
    report = _import(program, tmp_path / "ok.xlsx")
    assert report.change.added == 2
    assert _attendance(program) == [(first, people["avery"], 1600), (first, people["blake"], 800)]
    ambiguous = _csv(
        tmp_path / "us.csv",
        [["Course", "Date", "Name", "Hours"], [seed.INITIAL, "11/20/2026", "Avery Stone", "8"]],
    )
    with pytest.raises(
        ImportFileError, match="row 2, column \"Date\": '11/20/2026' is not written as YYYY-MM-DD"
    ):
        _import(program, ambiguous)


def test_a_declared_date_format_is_read_and_nothing_else_is_guessed(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    """As in the ledger import: 03/04 is read only once the file's order is declared."""
    first = program.session_of(seed.INITIAL, HELD - timedelta(days=1), 16, days=2)
    day = HELD - timedelta(days=1)
    us = _csv(
        tmp_path / "us.csv",
        [["Course", "Date", "Name", "Hours"], [seed.INITIAL, f"{day:%m/%d/%Y}", "Avery Stone", 8]],
    )
    with pytest.raises(ImportFileError, match="declared format DD/MM/YYYY"):
        _import(program, us, date_format="DD/MM/YYYY")
    assert _attendance(program) == []
    assert _import(program, us, date_format="MM/DD/YYYY").change.added == 1
    assert _attendance(program) == [(first, people["avery"], 800)]


def test_one_session_for_the_whole_file_and_words_for_present_and_absent(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    held = program.session_of(seed.REFRESHER, HELD)
    program.attend(held, {people["blake"]: 400})
    path = _csv(
        tmp_path / "att.csv", [["Name", "Attended"], ["Avery Stone", "x"], ["Blake Moss", "absent"]]
    )
    report = _import(program, path, session_id=held)
    assert (report.change.added, report.change.removed) == (1, 1)
    assert _attendance(program) == [(held, people["avery"], 400)]


def test_blank_hours_leave_a_person_as_they_are(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    held = program.session_of(seed.REFRESHER, HELD)
    program.attend(held, {people["blake"]: 200})
    path = _csv(tmp_path / "att.csv", [["Session", "Name", "Hours"], [held, "Blake Moss", ""]])
    report = _import(program, path)
    assert report.blank == 1 and _attendance(program) == [(held, people["blake"], 200)]


def test_a_file_that_does_not_say_which_session_is_refused(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    path = _csv(tmp_path / "att.csv", [["Name", "Hours"], ["Avery Stone", "4"]])
    with pytest.raises(ImportFileError, match="say which session each row is for"):
        _import(program, path)
    no_hours = _csv(tmp_path / "b.csv", [["Session", "Name"], ["1", "Avery Stone"]])
    with pytest.raises(ImportFileError, match="no Hours column"):
        _import(program, no_hours)


def test_importing_makes_the_matrix_turn_green(
    program: Program, people: dict[str, int], tmp_path: Path
) -> None:
    held = program.session_of(seed.REFRESHER, HELD)
    path = _csv(tmp_path / "att.csv", [["Session", "Name", "Hours"], [held, "Avery Stone", "4"]])
    before = _refresher(program, people["avery"])
    _import(program, path)
    assert before is not Status.COMPLETE
    assert _refresher(program, people["avery"]) is Status.COMPLETE


def _refresher(program: Program, responder_id: int) -> Status:
    with program.database.session() as session:
        person = next(p for p in readiness(session, TODAY).people if p.responder_id == responder_id)
    item = person.item(program.courses[seed.REFRESHER])
    assert item is not None
    return item.status
