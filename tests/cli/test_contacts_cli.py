"""`partnerdesk contacts list/import/export` as a script sees them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import vobject

from partnerdesk.cli import main
from tests.conftest import DEMO_CONTACTS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def error_line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    return err


def test_list_json_and_by_group(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run(capsys, "--db", demo_db, "contacts", "list", "--json"))
    assert len(rows) == DEMO_CONTACTS
    jordan = next(r for r in rows if r["name"] == "Jordan Ellis")
    assert jordan["organization"] == "City of Riverton"
    assert jordan["groups"] == ["Sustainability committee", "Working group"]
    assert jordan["active"] is True and "@" in jordan["email"]
    committee = json.loads(
        run(capsys, "--db", demo_db, "contacts", "list", "--group", "sustainability committee",
            "--json")
    )  # fmt: skip
    assert all("Sustainability committee" in r["groups"] for r in committee)
    assert {"Jordan Ellis", "Robert Nakamura"} <= {r["name"] for r in committee}
    chair = next(r for r in committee if r["name"] == "Jordan Ellis")
    assert chair["role_in_group"] == "chair"
    text = run(capsys, "--db", demo_db, "contacts", "list", "--group", "working_group")
    assert "Marcus Oyelaran, Riverton Police Department" in text
    assert "Robert Nakamura" not in text
    err = error_line(capsys, "--db", demo_db, "contacts", "list", "--group", "Choir")
    assert 'no group "Choir"' in err and "Working group" in err


def test_import_dry_run_then_for_real(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "new.csv"
    file.write_text(
        "Name,Organization,Email,Groups\n"
        "Kim Lee,Harbor Clinic,kim@harbor.org,Working group\n"
        "Priya Raman,Harbor County Behavioral Health,,\n",
        encoding="utf-8",
    )
    out = run(capsys, "--db", demo_db, "contacts", "import", str(file), "--dry-run")
    assert "would add 1 contact(s)" in out and "Dry run: nothing was changed" in out
    assert "row 3 (Priya Raman): same name and organization as Priya Raman" in out
    assert (
        len(json.loads(run(capsys, "--db", demo_db, "contacts", "list", "--json"))) == DEMO_CONTACTS
    )
    out = run(capsys, "--db", demo_db, "contacts", "import", str(file), "--on-duplicate", "merge")
    assert "added 1 contact(s)" in out and "merged 1 duplicate" in out
    assert (
        len(json.loads(run(capsys, "--db", demo_db, "contacts", "list", "--json")))
        == DEMO_CONTACTS + 1
    )


def test_import_with_a_bad_row_exits_1_naming_it(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "bad.csv"
    file.write_text("Name,Email\nKim Lee,kim@harbor.org\nBo,bo@@x.org\n", encoding="utf-8")
    err = error_line(capsys, "--db", demo_db, "contacts", "import", str(file))
    assert 'bad.csv, row 3, column "Email"' in err
    assert (
        len(json.loads(run(capsys, "--db", demo_db, "contacts", "list", "--json"))) == DEMO_CONTACTS
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".vcf"])
def test_export_by_extension_with_a_personal_data_warning(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = tmp_path / f"people{suffix}"
    out = run(capsys, "--db", demo_db, "contacts", "export", str(target))
    assert f"{DEMO_CONTACTS} contact(s)" in out and "personal data" in out.lower()
    if suffix == ".vcf":
        assert (
            len(list(vobject.readComponents(target.read_text(encoding="utf-8")))) == DEMO_CONTACTS
        )
    elif suffix == ".csv":
        assert len(list(csv.reader(target.open(encoding="utf-8-sig")))) == DEMO_CONTACTS + 1
    else:
        import openpyxl

        assert openpyxl.load_workbook(target).sheetnames == ["Contacts", "Organizations"]


def test_export_of_one_group_and_a_bad_extension(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(capsys, "--db", demo_db, "contacts", "export", str(tmp_path / "wg.vcf"),
              "--group", "Working group")  # fmt: skip
    assert "6 contact(s)" in out
    err = error_line(capsys, "--db", demo_db, "contacts", "export", str(tmp_path / "x.pdf"))
    assert ".xlsx, .csv or .vcf" in err


def test_groups_json(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run(capsys, "--db", demo_db, "contacts", "groups", "--json"))
    assert [(g["name"], g["kind"], g["members"]) for g in rows] == [
        ("Sustainability committee", "sustainability_committee", 6),
        ("Working group", "working_group", 6),
    ]
