"""`partnerdesk training ...` on the demo database, as a user types it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from partnerdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    assert main(list(args)) == code
    captured = capsys.readouterr()
    return captured.out if code == 0 else captured.err


def test_status_lists_overdue_first_and_filters(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = run(capsys, "--db", demo_db, "training", "status")
    assert text.startswith(
        "29 responder(s) on 2026-11-27; their requirements: 7 overdue, "
        "3 due soon (within 30 days), 7 not started, 0 in progress, 67 complete"
    )
    lines = text.splitlines()[2:]
    assert "Overdue" in lines[0] and "Complete" in lines[-1]
    overdue = json.loads(run(capsys, "--db", demo_db, "training", "status", "--overdue", "--json"))
    assert {item["status"] for item in overdue} == {"overdue"} and len(overdue) == 7
    first = overdue[0]
    assert set(first) == {
        "responder_id",
        "contact_id",
        "name",
        "agency",
        "role",
        "course",
        "requirement_id",
        "recurring",
        "status",
        "due_date",
        "days_until_due",
        "last_completed",
        "hours_so_far",
        "hours_required",
        "shown_as",
    }
    luis = next(item for item in overdue if item["name"] == "Luis Ortega")
    assert luis["hours_so_far"] == "24" and luis["hours_required"] == "40"
    assert luis["days_until_due"] < 0 and luis["due_date"] < "2026-11-27"


def test_due_within_and_agency(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    soon = json.loads(
        run(
            capsys,
            "--db",
            demo_db,
            "training",
            "status",
            "--due-within",
            "30",
            "--agency",
            "harbor county behavioral health",
            "--json",
        )
    )
    assert soon and {item["agency"] for item in soon} == {"Harbor County Behavioral Health"}
    assert {item["status"] for item in soon} == {"overdue", "due_soon"}
    error = run(capsys, "--db", demo_db, "training", "status", "--agency", "Nowhere", code=1)
    assert error.startswith("partnerdesk: error: no organization 'Nowhere'; responders belong")


def test_sessions_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    sessions = json.loads(run(capsys, "--db", demo_db, "training", "sessions", "--json"))
    assert len(sessions) == 15
    upcoming = json.loads(
        run(capsys, "--db", demo_db, "training", "sessions", "--upcoming", "--json")
    )
    assert len(upcoming) == 1 and upcoming[0]["attendees"] == 0
    assert upcoming[0]["hours"] == "4" and upcoming[0]["trainers"] == ["Marcus Oyelaran"]
    initial = [s for s in sessions if s["course"].startswith("Joint initial")]
    assert len(initial) == 5 and {s["hours"] for s in initial} == {"8"}


def test_attendance_import_dry_run_then_for_real(
    demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sessions = json.loads(run(capsys, "--db", demo_db, "training", "sessions", "--json"))
    held = next(s for s in sessions if s["attendees"] == 3)  # the make-up refresher
    sheet = tmp_path / "att.csv"
    sheet.write_text(f"Session,Name,Hours\n{held['id']},Daniel Okafor,4\n", encoding="utf-8")
    dry = run(capsys, "--db", demo_db, "training", "attendance", "import", str(sheet), "--dry-run")
    assert "would record 1 attendance(s)" in dry and "Dry run" in dry
    real = run(capsys, "--db", demo_db, "training", "attendance", "import", str(sheet))
    assert "recorded 1 attendance(s)" in real and "Daniel Okafor: 0 h -> 4 h" in real
    bad = tmp_path / "bad.csv"
    bad.write_text(f"Session,Name,Hours\n{held['id']},Nobody Here,4\n", encoding="utf-8")
    error = run(capsys, "--db", demo_db, "training", "attendance", "import", str(bad), code=1)
    assert error == (
        "partnerdesk: error: nothing was imported: 1 problem(s) found bad.csv, row 2, "
        "column \"Name\": no responder named 'Nobody Here'\n"
    )


def test_attendance_import_reads_dates_only_in_the_declared_format(
    demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sessions = json.loads(run(capsys, "--db", demo_db, "training", "sessions", "--json"))
    held = next(s for s in sessions if s["attendees"] == 3)  # the make-up refresher
    day = date.fromisoformat(held["start_date"])
    sheet = tmp_path / "att.csv"
    sheet.write_text(
        f"Course,Date,Name,Hours\n{held['course']},{day:%d/%m/%Y},Daniel Okafor,4\n",
        encoding="utf-8",
    )
    command = ("--db", demo_db, "training", "attendance", "import", str(sheet))
    refused = run(capsys, *command, code=1)
    assert f"'{day:%d/%m/%Y}' is not written as YYYY-MM-DD" in refused
    read = run(capsys, *command, "--date-format", "dd/mm/yyyy")
    assert "recorded 1 attendance(s)" in read and "Daniel Okafor: 0 h -> 4 h" in read
    wrong = run(capsys, *command, "--date-format", "day first", code=2)
    assert "'day first' is not a date format PartnerDesk reads" in wrong


def test_export_workbook_and_printable_matrix(
    demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = run(capsys, "--db", demo_db, "training", "export", str(tmp_path / "t.xlsx"))
    assert out.startswith(f"Wrote {tmp_path / 't.xlsx'} (30 responders")
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames[0] == "Roster"
    run(capsys, "--db", demo_db, "training", "export", str(tmp_path / "matrix.html"))
    assert "Daniel Okafor" in (tmp_path / "matrix.html").read_text(encoding="utf-8")
    error = run(capsys, "--db", demo_db, "training", "export", str(tmp_path / "t.pdf"), code=1)
    assert "must be saved as .xlsx" in error


def test_sign_in_sheet_and_attendance_sheet(
    demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    upcoming = json.loads(
        run(capsys, "--db", demo_db, "training", "sessions", "--upcoming", "--json")
    )[0]
    out = run(
        capsys,
        "--db",
        demo_db,
        "training",
        "sign-in",
        str(upcoming["id"]),
        str(tmp_path / "s.docx"),
    )
    assert "people listed" in out
    assert "Sign-in sheet" in docx.Document(str(tmp_path / "s.docx")).paragraphs[0].text
    run(
        capsys,
        "--db",
        demo_db,
        "training",
        "sign-in",
        str(upcoming["id"]),
        str(tmp_path / "a.xlsx"),
    )
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames[0] == "Attendance"
    missing = run(
        capsys, "--db", demo_db, "training", "sign-in", "9999", str(tmp_path / "x.docx"), code=1
    )
    assert "session #9999 does not exist" in missing


def test_seed_refuses_a_filled_catalogue_and_fills_an_empty_one(
    demo_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert "only fills an empty one" in run(capsys, "--db", demo_db, "training", "seed", code=1)
    fresh = str(tmp_path / "fresh.sqlite3")
    assert run(capsys, "--db", fresh, "training", "seed").startswith("Loaded 5 roles and 5 courses")
    assert "0 responder(s)" in run(capsys, "--db", fresh, "training", "status")


def test_rates_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run(capsys, "--db", demo_db, "training", "rates", "--json"))
    assert rows[0]["group"] == "all" and rows[0]["name"] == "All responders"
    total = rows[0]["total"]
    assert set(total) == {"start", "end", "due", "on_time", "late", "missing", "rate"}
    assert len(rows[0]["months"]) == 12 and total["start"] == "2025-12-01"
