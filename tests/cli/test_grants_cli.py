"""`partnerdesk grants ...` as a script sees it: JSON shapes, files, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from partnerdesk.cli import main

TODAY = ["--today", "2026-11-27"]


def _json(capsys: pytest.CaptureFixture[str]) -> Any:
    captured = capsys.readouterr()
    assert captured.err == "", captured.err
    return json.loads(captured.out)


def _run(demo_db: str, *args: str) -> int:
    return main(["--db", demo_db, *TODAY, "grants", *args])


def test_obligations_json_lists_the_overdue_report_first(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(demo_db, "obligations", "--json") == 0
    items = _json(capsys)
    assert items[0] == {
        "id": items[0]["id"],
        "rule_id": items[0]["rule_id"],
        "source_id": items[0]["source_id"],
        "source": "Federal crisis response grant",
        "kind": "progress_report",
        "title": "Quarterly progress report",
        "period_start": "2026-07-01",
        "period_end": "2026-09-30",
        "due_date": "2026-10-30",
        "days_until_due": -28,
        "status": "late",
        "submitted_on": None,
        "accepted_on": None,
        "owner": "Jordan Ellis",
    }
    # Within 90 days: the overdue one and the two reports of the next quarter.
    assert [i["due_date"] for i in items] == ["2026-10-30", "2027-01-30", "2027-01-30"]
    assert _run(demo_db, "obligations", "--within", "30", "--json") == 0
    assert len(_json(capsys)) == 1
    assert (
        _run(demo_db, "obligations", "--all", "--source", "federal CRISIS response grant", "--json")
        == 0
    )
    every = _json(capsys)
    assert len(every) == 26 and {i["status"] for i in every} == {
        "accepted",
        "late",
        "upcoming",
    }


def test_submit_then_accept(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(demo_db, "obligations", "--json") == 0
    overdue = _json(capsys)[0]["id"]
    assert _run(demo_db, "submit", str(overdue), "--date", "2026-11-25", "--notes", "Portal") == 0
    assert capsys.readouterr().out == (
        f"#{overdue} Federal crisis response grant: Quarterly progress report submitted on "
        "2026-11-25, 26 days after it was due\n"
    )
    assert _run(demo_db, "accept", str(overdue), "--date", "2026-11-27", "--json") == 0
    assert _json(capsys) == {
        "id": overdue,
        "source": "Federal crisis response grant",
        "title": "Quarterly progress report",
        "due_date": "2026-10-30",
        "status": "accepted",
        "submitted_on": "2026-11-25",
        "accepted_on": "2026-11-27",
    }
    assert _run(demo_db, "obligations", "--within", "30") == 0
    assert capsys.readouterr().out == "Nothing overdue or due within 30 days.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["submit", "9999", "--date", "2026-11-01"], "there is no obligation #9999"),
        (["submit", "5", "--date", "2026-12-01"], "that is in the future"),
        (["submit", "1", "--date", "2026-11-01"], "was already accepted on 2025-11-16"),
        (["submit", "1", "--date", "2026-02-30"], "2026-02-30"),
        (["obligations", "--source", "Nobody"], 'no funding source named "Nobody"'),
        (["pack", "5", "--out", "/nonexistent-folder/pack.xlsx"], "does not exist"),
    ],
)
def test_bad_input_is_one_line(
    demo_db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert _run(demo_db, *args) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_pack_writes_the_workbook(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(demo_db, "obligations", "--json") == 0
    overdue = _json(capsys)[0]["id"]
    target = tmp_path / "pack.xlsx"
    assert _run(demo_db, "pack", str(overdue), "--out", str(target), "--json") == 0
    data = _json(capsys)
    assert data == {
        "path": str(target),
        "obligation_id": overdue,
        "source": "Federal crisis response grant",
        "title": "Quarterly progress report",
        "period_start": "2026-07-01",
        "period_end": "2026-09-30",
        "budget": "63013.70",
        "received": "62499.99",
        "adjustments": "0.00",
        "actual": "62499.99",
        "variance": "-513.71",
        "match_required": "88541.65",
        "match_met": "680000.00",
        "match_in_period": "120000.00",
        "ledger_lines": 4,
    }
    assert openpyxl.load_workbook(target, read_only=True).sheetnames[:2] == ["Summary", "Ledger"]


def test_match_and_pipeline(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(demo_db, "match", "--json") == 0
    [match] = _json(capsys)
    assert (match["share_pct"], match["required"], match["behind"]) == ("25", "88541.65", False)
    assert match["match_sources"] == ["City general fund allocation"]
    assert _run(demo_db, "pipeline", "--json") == 0
    data = _json(capsys)
    assert data["scenario"] == "expected"
    assert [(p["name"], p["stage"], p["weighted"]) for p in data["prospects"]] == [
        ("Medicaid crisis services billing pilot", "submitted", "216000.00"),
        ("Peer respite expansion", "drafting", "45000.00"),
    ]
    years = {y["fiscal_year"]: y for y in data["years"]}
    assert years[2027]["pipeline"] == "0.00"
    assert years[2028]["pipeline"] == "130678.52"
    for year in years.values():
        total = float(year["without_pipeline"]) + float(year["pipeline"])
        assert total == pytest.approx(float(year["revenue"]))
    assert _run(demo_db, "pipeline", "--scenario", "as scheduled", "--json") == 0
    assert {y["pipeline"] for y in _json(capsys)["years"]} == {"0.00"}
    assert _run(demo_db, "pipeline") == 0
    text = capsys.readouterr().out
    assert "Medicaid crisis services billing pilot (Valley Health Plan): submitted" in text
    assert "FY2028" in text and "$130,678.52" in text
