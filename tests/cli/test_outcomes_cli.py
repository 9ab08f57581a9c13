"""`partnerdesk outcomes ...` and `partnerdesk evaluations ...` on the demo program."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from partnerdesk.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_summary_json_per_indicator(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--db", demo_db, "outcomes", "summary", "--from", "2025-01",
                        "--to", "2025-12", "--json")  # fmt: skip
    assert code == 0
    payload = json.loads(out)
    assert (payload["launch"], payload["from"], payload["to"]) == (
        "2025-01-01",
        "2025-01-01",
        "2025-12-01",
    )
    arrests = next(i for i in payload["indicators"] if i["code"] == "arrests")
    assert arrests["baseline_months"] == 12 and arrests["months"] == 12
    assert arrests["met"] is True and arrests["target_due"] is True
    assert float(arrests["change_percent"]) < -30
    assert arrests["baseline_from"] == "2024-01-01"


def test_indicators_evaluations_and_the_report(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--db", demo_db, "outcomes", "indicators", "--json")
    assert code == 0 and len(json.loads(out)) == 20
    code, out, _ = _run(capsys, "--db", demo_db, "evaluations", "--json")
    evaluations = json.loads(out)
    assert [e["milestone_months"] for e in evaluations] == [6, 12, 24]
    assert evaluations[2]["status"] == "planned" and evaluations[2]["days_until_due"] == 66
    docx, xlsx = tmp_path / "r.docx", tmp_path / "r.xlsx"
    code, out, _ = _run(capsys, "--db", demo_db, "evaluations", "report", str(evaluations[1]["id"]),
                        "--out", str(docx), "--xlsx", str(xlsx))  # fmt: skip
    assert code == 0 and "Wrote" in out
    assert len(Document(str(docx)).inline_shapes) == 4
    assert "Trends" in load_workbook(xlsx).sheetnames
    code, _, err = _run(capsys, "--db", demo_db, "evaluations", "report", "99", "--out", str(docx))
    assert code == 1 and err.startswith("partnerdesk: error: no evaluation #99")


def test_import_dry_run_then_errors_in_one_line(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.csv"
    good.write_text("Month,arrests\n2026-11,21\n", encoding="utf-8")
    code, out, _ = _run(capsys, "--db", demo_db, "outcomes", "import", str(good), "--dry-run")
    assert code == 0 and "would add 1" in out and "Dry run" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("Month,arrests\n2026-11,lots\n", encoding="utf-8")
    code, _, err = _run(capsys, "--db", demo_db, "outcomes", "import", str(bad))
    assert code == 1 and 'bad.csv, row 2, column "arrests"' in err and "\n" not in err.strip()


def test_the_sustainability_workbook_shows_the_savings(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sustainability.xlsx"
    assert _run(capsys, "--db", demo_db, "funding", "export", str(path))[0] == 0
    labels = [row[0] for row in load_workbook(path)["Summary"].iter_rows(values_only=True)]
    assert "Total estimated savings" in labels
    assert "Savings per program dollar" in labels


def test_a_new_program_seeds_launches_and_plans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "new.sqlite3")
    assert _run(capsys, "--db", db, "outcomes", "seed")[1] == "Loaded 20 indicators.\n"
    code, out, _ = _run(capsys, "--db", db, "outcomes", "summary")
    assert code == 0 and "No launch date is set" in out
    code, out, _ = _run(capsys, "--db", db, "outcomes", "launch", "2026-03-15")
    assert code == 0 and "3 evaluation(s) planned" in out
    assert "Launched 2026-03-15" in _run(capsys, "--db", db, "outcomes", "launch")[1]
    code, _, err = _run(capsys, "--db", db, "outcomes", "seed")
    assert code == 1 and "already holds indicators" in err
