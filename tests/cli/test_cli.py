"""The command line as a script or a cron job sees it: exit codes, stdout, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from partnerdesk import __version__
from partnerdesk.cli import main
from partnerdesk.core.platform.db import DB_ENV, SCHEMA_HEAD

# Tables the demo leaves empty on purpose (saved projection scenarios are the user's own).
NOT_FILLED_BY_DEMO = {"projection_scenario", "calendar_event", "deleted_record"}


def _error_line(captured: pytest.CaptureResult[str]) -> str:
    """The single line a failing command prints on stderr."""
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("partnerdesk: error:")
    return lines[0]


def test_demo_then_info_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "pd.sqlite3"

    assert main(["--db", str(db), "demo"]) == 0
    demo_out = capsys.readouterr()
    assert "Demo partnership loaded" in demo_out.out
    assert demo_out.err == ""

    assert main(["--db", str(db), "info", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    info = json.loads(captured.out)
    assert info["schema_revision"] == SCHEMA_HEAD
    assert info["location"] == str(db)
    assert info["backend"] == "sqlite"
    counts = info["counts"]
    assert "mou" in counts and "ledger_entry" in counts
    for table, count in counts.items():
        if table not in NOT_FILLED_BY_DEMO:
            assert isinstance(count, int) and count > 0, table


def test_info_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "pd.sqlite3"
    assert main(["--db", str(db), "info"]) == 0
    out = capsys.readouterr().out
    assert f"Schema revision: {SCHEMA_HEAD}" in out
    assert str(db) in out
    assert "organization" in out


def test_database_named_by_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv(DB_ENV, str(db))
    assert main(["info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["location"] == str(db)
    assert db.exists()


def test_demo_twice_refuses_the_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "pd.sqlite3"
    assert main(["--db", str(db), "demo"]) == 0
    capsys.readouterr()

    assert main(["--db", str(db), "demo"]) == 1
    captured = capsys.readouterr()
    assert "--force" in _error_line(captured)
    assert captured.out == ""

    assert main(["--db", str(db), "demo", "--force"]) == 0
    assert "Demo partnership loaded" in capsys.readouterr().out


def test_text_file_as_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")

    code = main(["--db", str(notes), "info"])

    assert code != 0
    line = _error_line(capsys.readouterr())
    assert str(notes) in line
    assert notes.read_text() == "not a database\n"


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["frobnicate"], "frobnicate"),
        (["info", "--no-such-option"], "--no-such-option"),
        (["--db"], "--db"),
        (["--db", "a.sqlite3", "--url", "sqlite://", "info"], "--url"),
        (["--url", "not a url at all", "info"], "not a url at all"),
    ],
    ids=["unknown-command", "unknown-option", "missing-value", "db-and-url", "bad-url"],
)
def test_bad_input_is_one_line_and_non_zero(
    argv: list[str], mentions: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) != 0
    captured = capsys.readouterr()
    assert mentions in _error_line(captured)
    assert captured.out == ""


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "nowhere" / "pd.sqlite3"
    assert main(["--db", str(db), "demo"]) == 1
    assert "does not exist" in _error_line(capsys.readouterr())
    assert not db.parent.exists()


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"PartnerDesk {__version__} (database schema {SCHEMA_HEAD})\n"
    assert main(["--help"]) == 0
    help_text = capsys.readouterr().out
    assert "demo" in help_text and "info" in help_text


def _console_script() -> Path:
    script = Path(sys.executable).parent / "partnerdesk"
    if not script.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    return script


def test_installed_console_script(tmp_path: Path) -> None:
    db = tmp_path / "pd.sqlite3"
    result = subprocess.run(
        [str(_console_script()), "--db", str(db), "info", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema_revision"] == SCHEMA_HEAD
    assert db.exists()


def test_installed_console_script_reports_errors_in_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    result = subprocess.run(
        [str(_console_script()), "--db", str(notes), "info"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("partnerdesk: error:")
