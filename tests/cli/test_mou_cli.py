"""`partnerdesk mou list/show` and `partnerdesk reviews` as a script sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from partnerdesk.cli import main

TODAY = "2026-11-27"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main(list(args)) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def error_line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    return err


def test_mou_list_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, "--db", demo_db, "mou", "list", "--json", "--today", TODAY)
    assert isinstance(rows, list) and len(rows) == 4
    hospital = next(r for r in rows if r["code"] == "RIV-HD-01")
    assert {"id", "code", "title", "status", "response_model", "next_review_due"} <= set(hospital)
    assert hospital["status"] == "under_review"
    assert hospital["response_model"] == "mental_health_lead_police_backup"
    assert hospital["next_review_due"] == "2026-11-15"
    active = run_json(
        capsys, "--db", demo_db, "mou", "list", "--status", "active", "--json", "--today", TODAY
    )
    assert sorted(r["code"] for r in active) == ["RIV-CR-01", "RIV-MC-01"]  # type: ignore[index]


def test_mou_list_text_and_bad_status(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", demo_db, "mou", "list"]) == 0
    out = capsys.readouterr().out
    assert "RIV-CR-01" in out and "Co-responder team" in out
    assert main(["--db", demo_db, "mou", "list", "--status", "dormant"]) != 0
    assert "dormant" in capsys.readouterr().err


def test_mou_show_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    shown = run_json(capsys, "--db", demo_db, "mou", "show", "RIV-CR-01", "--json")
    assert isinstance(shown, dict)
    assert shown["code"] == "RIV-CR-01"
    party = shown["parties"][0]
    assert set(party) >= {"organization", "role", "signatory", "signed_date"}
    assert party == {
        "organization": "Riverton Police Department",
        "role": "lead_agency",
        "signatory": party["signatory"],
        "signed_date": party["signed_date"],
        "sharing_tier": "intermediate",
    }
    assert party["signatory"] and party["signed_date"]
    assert shown["reviews"][0]["completed_date"] is None  # the open one first
    assert shown["versions"] == [
        {
            "id": shown["id"],
            "version": 1,
            "status": "active",
            "effective_date": shown["effective_date"],
            "expiry_date": shown["expiry_date"],
            "current": True,
        }
    ]
    by_id = run_json(capsys, "--db", demo_db, "mou", "show", str(shown["id"]), "--json")
    assert by_id == shown


def test_mou_show_unknown(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no MOU" in error_line(capsys, "--db", demo_db, "mou", "show", "NOPE-1")


def test_reviews_json_lists_overdue_and_due(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    items = run_json(capsys, "--db", demo_db, "reviews", "--today", TODAY, "--json")
    assert isinstance(items, list)
    assert [(i["code"], i["kind"], i["days_until_due"]) for i in items] == [
        ("RIV-HD-01", "review", -12),
        ("RIV-CR-01", "review", 60),
    ]
    assert set(items[0]) >= {"mou_id", "title", "kind", "due_date", "days_until_due"}
    wider = run_json(
        capsys, "--db", demo_db, "reviews", "--within", "400", "--today", TODAY, "--json"
    )
    assert {i["kind"] for i in wider} == {"review", "expiry"}  # type: ignore[index]


def test_reviews_complete_then_list(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", demo_db, "reviews", "complete", "RIV-HD-01", "--date", "2026-11-20"]
    args += ["--outcome", "renewed_unchanged", "--reviewer", "Dr. Samuel Achebe"]
    assert main([*args, "--notes", "On target", "--today", TODAY]) == 0
    assert "next review due 2027-11-20" in capsys.readouterr().out
    items = run_json(capsys, "--db", demo_db, "reviews", "--today", TODAY, "--json")
    assert [i["code"] for i in items] == ["RIV-CR-01"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--date", "2026-13-01", "--outcome", "amended"], "not a valid date"),
        (["--date", "2026-11-20", "--outcome", "maybe"], "renewed_unchanged"),
        (["--date", "2027-01-01", "--outcome", "amended"], "in the future"),
    ],
)
def test_reviews_complete_refuses_bad_input(
    demo_db: str, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    code = main(["--db", demo_db, "reviews", "complete", "RIV-HD-01", *args, "--today", TODAY])
    err = capsys.readouterr().err
    assert code != 0 and words in err and "Traceback" not in err


def test_reviews_ics(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "reviews.ics"
    assert main(["--db", demo_db, "reviews", "--ics", str(target), "--today", TODAY]) == 0
    written = capsys.readouterr().out
    calendar = Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    assert f"Wrote {len(events)} events with" in written
    # Three reviews and two expiries, the 24-month evaluation, the open grant
    # obligations, and training's events.
    assert sum(str(e["UID"]).startswith("mou-") for e in events) == 5
    assert sum(str(e["UID"]).startswith("evaluation-") for e in events) == 1
    assert sum(str(e["UID"]).startswith("obligation-") for e in events) == 17  # open grant items
    uids = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))
    assert main(["--db", demo_db, "reviews", "--ics", str(target), "--today", TODAY]) == 0
    again = Calendar.from_ical(target.read_bytes())
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == uids


def test_reviews_ics_into_a_missing_folder(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = error_line(capsys, "--db", demo_db, "reviews", "--ics", str(tmp_path / "no" / "x.ics"))
    assert "does not exist" in err
