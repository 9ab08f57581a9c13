"""What the command-line tests share: a demo database built the way a user builds one."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerdesk.cli import main


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A SQLite file filled by `partnerdesk demo` on the pinned day (``DEMO_TODAY``)."""
    path = tmp_path / "pd.sqlite3"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    return str(path)
