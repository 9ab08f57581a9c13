"""Every command family on each backend: a SQLite file (--db) and, with a test server,
PostgreSQL (--url). Same services, same output shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnerdesk.cli import main
from partnerdesk.core.platform.db import DatabaseLocation


@pytest.fixture
def db_args(database_location: DatabaseLocation) -> list[str]:
    if database_location.path is not None:
        return ["--db", str(database_location.path)]
    return ["--url", database_location.url]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_every_command_family_works_on_this_backend(
    db_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *db_args, "demo")[0] == 0
    info = run_json(capsys, *db_args, "info")
    assert isinstance(info, dict) and info["counts"]["ledger_entry"] > 0

    mous = run_json(capsys, *db_args, "mou", "list")
    assert isinstance(mous, list) and {m["code"] for m in mous} >= {"RIV-CR-01"}
    code, out, err = run(capsys, *db_args, "mou", "check", "RIV-CR-01")
    assert code == 0, err + out
    draft = tmp_path / "draft.docx"
    assert run(capsys, *db_args, "mou", "generate", "RIV-CR-01", "--out", str(draft))[0] == 0
    assert draft.stat().st_size > 0

    reviews = run_json(capsys, *db_args, "reviews", "--within", "365", "--today", "2026-11-27")
    assert reviews
    ics = tmp_path / "reviews.ics"
    assert run(capsys, *db_args, "reviews", "--ics", str(ics))[0] == 0
    assert ics.read_text().startswith("BEGIN:VCALENDAR")

    clauses = run_json(capsys, *db_args, "clauses", "list")
    assert isinstance(clauses, list) and len(clauses) >= 10

    summary = run_json(capsys, *db_args, "funding", "summary")
    assert isinstance(summary, dict) and {"hhi", "mix", "warnings"} <= set(summary)
    projection = run_json(capsys, *db_args, "funding", "projection", "--years", "3")
    assert isinstance(projection, dict) and len(projection["years"]) == 3
    workbook = tmp_path / "sustainability.xlsx"
    assert run(capsys, *db_args, "funding", "export", str(workbook))[0] == 0
    code, _, err = run(capsys, *db_args, "funding", "import", str(workbook), "--dry-run")
    assert code == 0, err

    contacts = run_json(capsys, *db_args, "contacts", "list")
    assert isinstance(contacts, list) and len(contacts) >= 10
    cards = tmp_path / "contacts.vcf"
    assert run(capsys, *db_args, "contacts", "export", str(cards))[0] == 0
    assert cards.read_text().count("BEGIN:VCARD") == len(contacts)

    code, out, _ = run(capsys, *db_args, "check")
    assert code == 0 and "no problems" in out


def test_bad_input_is_one_line_on_this_backend(
    db_args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *db_args, "demo")[0] == 0
    code, _, err = run(capsys, *db_args, "mou", "show", "NO-SUCH-MOU")
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("partnerdesk: error:")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["mou", "show", "2147483648"],  # one past a PostgreSQL integer
        ["mou", "show", "9223372036854775808"],  # one past SQLite's
        ["contacts", "list", "--group", "2147483648"],
        ["reviews", "snooze", "99999999999", "--until", "2027-01-01", "--reason", "x"],
    ],
)
def test_ids_beyond_any_record_are_not_found_on_this_backend(
    db_args: list[str], capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert run(capsys, *db_args, "demo")[0] == 0
    code, _out, err = run(capsys, *db_args, *args)
    assert code == 1, err
    assert err.startswith("partnerdesk: error: ") and err.count("\n") == 1
    assert "internal error" not in err
