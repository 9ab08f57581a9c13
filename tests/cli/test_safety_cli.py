"""`partnerdesk backup`, `restore` and `check` from the command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from partnerdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "program.sqlite3"
    assert run(capsys, "--db", str(path), "demo")[0] == 0
    return path


def test_check_passes_on_the_demo_and_fails_with_a_report(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(demo_file), "check", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    connection = sqlite3.connect(demo_file)
    connection.execute("DELETE FROM review WHERE completed_date IS NULL")
    connection.commit()
    connection.close()
    code, out, _ = run(capsys, "--db", str(demo_file), "check")
    assert code == 1
    assert "no review date" in out and "RIV-CR-01" in out


def test_backup_then_restore_round_trip(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.sqlite3"
    _, out, _ = run(capsys, "--db", str(demo_file), "info", "--json")
    entries = json.loads(out)["counts"]["ledger_entry"]
    code, out, _ = run(capsys, "--db", str(demo_file), "backup", str(copy))
    assert code == 0 and str(copy) in out
    connection = sqlite3.connect(demo_file)
    connection.execute("DELETE FROM ledger_entry")
    connection.commit()
    connection.close()
    code, out, _ = run(capsys, "--db", str(demo_file), "restore", str(copy), "--yes")
    assert code == 0 and "previous contents" in out
    code, out, _ = run(capsys, "--db", str(demo_file), "info", "--json")
    assert json.loads(out)["counts"]["ledger_entry"] == entries > 0


def test_restore_of_a_text_file_is_one_line_error(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    before = demo_file.read_bytes()
    code, _, err = run(capsys, "--db", str(demo_file), "restore", str(bogus), "--yes")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("partnerdesk: error:")
    assert demo_file.read_bytes() == before


def test_backup_of_a_missing_database_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "none.sqlite3"), "backup")
    assert code == 1 and "does not exist" in err
    assert not (tmp_path / "none.sqlite3").exists()


def test_restore_accepts_a_relative_backup_path(
    demo_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "--db", str(demo_file), "backup", "copy.sqlite3")[0] == 0
    code, out, err = run(capsys, "--db", str(demo_file), "restore", "copy.sqlite3", "--yes")
    assert code == 0, err
    assert "Restored" in out


def test_a_truncated_database_is_refused_with_the_newest_backup_named_and_can_be_restored(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", str(demo_file), "backup")[0] == 0
    size = demo_file.stat().st_size
    with demo_file.open("r+b") as handle:  # what a full disk or an interrupted copy leaves
        handle.truncate(size // 2)
    code, _, err = run(capsys, "--db", str(demo_file), "info")
    assert code == 1 and err.count("\n") == 1
    assert "damaged" in err and "cut short" in err and "newest backup" in err
    backup = err.split("The newest backup is ")[1].split(";")[0]
    code, out, err = run(capsys, "--db", str(demo_file), "restore", backup, "--yes")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", str(demo_file), "check")
    assert code == 0 and "no problems" in out
