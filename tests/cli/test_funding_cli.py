"""`partnerdesk funding ...` as a script sees it: JSON shapes, files, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from partnerdesk.cli import main

TODAY = ["--today", "2026-11-27"]


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    captured = capsys.readouterr()
    assert captured.err == "", captured.err
    return json.loads(captured.out)


def test_summary_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "funding", "summary", "--fy", "2026", "--json"]) == 0
    data = _json(capsys)
    assert data["fiscal_year"] == 2026
    assert data["hhi"] == "2660.2"
    assert data["total"] == "1449999.96"
    assert data["warnings"] == []
    municipal = data["mix"][0]
    assert municipal == {
        "kind": "municipal_budget",
        "label": "Municipal budget",
        "amount": "480000.00",
        "share": "33.10",
        "target": "40",
        "difference": "-6.90",
    }
    assert sum(float(k["share"]) for k in data["mix"]) == pytest.approx(100)
    city = data["budget_vs_actual"][0]
    assert city == {
        "name": "City general fund allocation",
        "kind": "municipal_budget",
        "budget": "480000.00",
        "actual": "480000.00",
        "variance": "0.00",
    }


def test_summary_text_defaults_to_the_current_year(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_db), "funding", "summary", *TODAY]) == 0
    out = capsys.readouterr().out
    assert out.startswith("FY2027 funding")
    assert "HHI" in out and "Municipal budget" in out


def test_projection_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", str(demo_db), "funding", "projection", "--json", *TODAY]
    assert main([*args, "--scenario", "as scheduled"]) == 0
    data = _json(capsys)
    assert data["scenario"] == "as scheduled"
    assert [y["fiscal_year"] for y in data["years"]] == [2027, 2028, 2029]
    first = data["years"][0]
    assert first["revenue_by_kind"]["municipal_budget"] == "489600.00"
    assert set(first) >= {"revenue", "cost", "gap", "balance"}
    assert data["years"][2]["gap"] == "246640.02"
    assert data["cliff"]["fiscal_year"] == 2029
    assert data["cliff"]["sources"][0]["name"] == "Federal crisis response grant"

    assert main([*args, "--scenario", "all renewed", "--years", "2"]) == 0
    renewed = _json(capsys)
    assert renewed["cliff"] is None and len(renewed["years"]) == 2


def test_unknown_scenario_is_one_line(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "funding", "projection", "--scenario", "rosy"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'no scenario named "rosy"' in err


def test_export_then_import(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "s.xlsx"
    assert main(["--db", str(demo_db), "funding", "export", str(workbook), *TODAY]) == 0
    assert "76 ledger entries" in capsys.readouterr().out
    assert openpyxl.load_workbook(workbook, read_only=True).sheetnames[0] == "Summary"

    fresh = tmp_path / "fresh.sqlite3"
    assert main(["--db", str(fresh), "funding", "import", str(workbook), "--dry-run"]) == 0
    assert "would add 76 entries" in capsys.readouterr().out
    assert main(["--db", str(fresh), "funding", "import", str(workbook)]) == 0
    assert "added 76 entries" in capsys.readouterr().out
    assert main(["--db", str(fresh), "funding", "summary", "--fy", "2026", "--json"]) == 0
    assert _json(capsys)["total"] == "1449999.96"


def test_import_error_names_the_row(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("When,Source,Amount\n2026-07-01,Nobody,5\n", encoding="utf-8")
    args = ["--db", str(demo_db), "funding", "import", str(csv), "--column", "date=When"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert 'in.csv, row 2, column "Source": unknown source "Nobody"' in err
    assert "Traceback" not in err


def test_import_reads_other_date_orders_only_when_declared(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "european.csv"
    csv.write_text(
        "Source;Date;Type;Amount;Memo\nCity general fund allocation;03/04/2026;received;250;x\n",
        encoding="utf-8",
    )
    base = ["--db", demo_db, "funding", "import", str(csv)]
    assert main(base) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "row 2, column \"Date\": '03/04/2026' is not written as YYYY-MM-DD" in err
    assert "DD/MM/YYYY" in err and "MM/DD/YYYY" in err
    assert "--date-format" in err  # how to declare it, not only that one may
    assert main([*base, "--date-format", "dd/mm/yyyy"]) == 0
    capsys.readouterr()
    assert main(["--db", demo_db, "funding", "summary", "--fy", "2026", "--json"]) == 0
    assert main([*base, "--date-format", "D/M/Y"]) == 2
    assert "'D/M/Y' is not a date format PartnerDesk reads" in capsys.readouterr().err


def test_imported_lines_land_on_the_declared_day(demo_db: str, tmp_path: Path) -> None:
    from partnerdesk.core.funding.ledger import list_ledger
    from partnerdesk.core.platform.db import DatabaseLocation, open_database

    csv = tmp_path / "us.csv"
    csv.write_text("Source,Date,Amount,Memo\nCity general fund allocation,03/04/2026,250,us\n")
    assert (
        main(["--db", demo_db, "funding", "import", str(csv), "--date-format", "MM/DD/YYYY"]) == 0
    )
    database = open_database(DatabaseLocation.for_path(Path(demo_db)))
    try:
        with database.session() as session:
            days = [
                line.entry_date.isoformat() for line in list_ledger(session) if line.memo == "us"
            ]
    finally:
        database.close()
    assert days == ["2026-03-04"]


def test_the_help_names_every_date_format_the_import_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from partnerdesk.core.platform.dates import DATE_FORMATS, ISO_DATE_FORMAT

    assert main(["funding", "import", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert all(name in shown for name in DATE_FORMATS if name != ISO_DATE_FORMAT)
