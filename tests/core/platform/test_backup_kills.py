"""`backup` and `restore` killed (SIGKILL) at random moments: nothing is lost, and no damaged
file ever carries a backup's name (issue #13, item 2).

The moments are drawn from a fixed seed, so a failure can be replayed; the number of kills
is bounded. After each kill: the database is intact and holds either what it held or what
the backup held (a restore is all or nothing); every file named like a backup passes the
same check a restore makes; the backup being restored is byte for byte as it was, with
nothing beside it. At the end, the next backup clears the temporary files the kills left.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from partnerdesk.core.models import LedgerEntry, LedgerEntryType
from partnerdesk.core.platform.bulk import insert_rows
from partnerdesk.core.platform.database_files import check_backup, list_backups
from partnerdesk.core.platform.db import DatabaseLocation, open_database
from partnerdesk.core.program.demo import load_demo
from tests.conftest import DEMO_TODAY

SEED = 20261127
KILLS_EACH = 8  # per command: 16 kills in all, each within a few seconds
EXTRA_LINES = 150_000  # enough that copying and checking take a noticeable moment


def ledger_lines(path: Path) -> int:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return int(connection.execute("SELECT COUNT(*) FROM ledger_entry").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture(scope="module")
def large_program(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A program with a large ledger, and a backup of it taken before the last lines went
    in (so that "what it held" and "what the backup held" can be told apart)."""
    folder = tmp_path_factory.mktemp("large")
    path = folder / "program.sqlite3"
    database = open_database(DatabaseLocation.for_path(path))
    try:
        with database.transaction() as session:
            load_demo(session, DEMO_TODAY)
            rows = [
                (date(2026, 1 + n % 12, 15), 1, LedgerEntryType.RECEIVED, 100 + n, f"line {n}")
                for n in range(EXTRA_LINES)
            ]
            columns = ("entry_date", "funding_source_id", "entry_type", "amount_cents", "memo")
            insert_rows(session, LedgerEntry, rows, columns=columns)
    finally:
        database.close()
    kept = folder / "kept"
    kept.mkdir()
    backup = kept / "before-the-last-lines.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "partnerdesk", "--db", str(path), "backup", str(backup)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM ledger_entry WHERE memo LIKE 'line 1%'")
    connection.commit()
    connection.close()
    return path, backup


def duration(args: list[str]) -> float:
    """How long `partnerdesk ARGS` takes uninterrupted here and now: the kills are drawn
    within it, so that they land while the command works on a fast or a loaded machine."""
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "partnerdesk", *args], check=True, capture_output=True, timeout=120
    )
    return time.monotonic() - start


def kill_after(args: list[str], seconds: float) -> str:
    """Run `partnerdesk ARGS`, SIGKILL it after ``seconds``; how it ended."""
    process = subprocess.Popen(
        [sys.executable, "-m", "partnerdesk", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(seconds)
    if process.poll() is not None:
        process.wait()
        return "finished before the kill"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return "killed"


def named_backups_pass_the_check(path: Path) -> None:
    for info in list_backups(path):
        with info.path.open("rb") as handle:  # not empty, not cut short before the header
            assert handle.read(16) == b"SQLite format 3\x00", info.path
        check_backup(info.path)  # raises for a partial or damaged file under a valid name


def test_backups_killed_at_random_moments_never_leave_a_damaged_backup(
    large_program: tuple[Path, Path], tmp_path: Path
) -> None:
    original, _ = large_program
    path = tmp_path / original.name
    shutil.copyfile(original, path)
    lines = ledger_lines(path)
    command = ["--db", str(path), "backup"]
    takes = duration(command)
    moments = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    for _ in range(KILLS_EACH):
        outcomes[kill_after(command, moments.uniform(0.05, 0.95) * takes)] += 1
        assert ledger_lines(path) == lines  # the database itself is untouched
        named_backups_pass_the_check(path)
    assert outcomes["killed"] >= KILLS_EACH // 2, outcomes  # the kills did land
    folder = path.parent / "backups"
    subprocess.run(
        [sys.executable, "-m", "partnerdesk", "--db", str(path), "backup"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    named_backups_pass_the_check(path)
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_restores_killed_at_random_moments_leave_the_old_or_the_new_program(
    large_program: tuple[Path, Path], tmp_path: Path
) -> None:
    original, backup = large_program
    path = tmp_path / original.name
    shutil.copyfile(original, path)
    held, in_backup = ledger_lines(path), ledger_lines(backup)
    assert held != in_backup
    backup_bytes = backup.read_bytes()
    beside_backup = sorted(p.name for p in backup.parent.iterdir())
    command = ["--db", str(path), "restore", str(backup), "--yes"]
    takes = duration(command)
    moments = random.Random(SEED + 1)
    outcomes: Counter[str] = Counter()
    for _ in range(KILLS_EACH):
        shutil.copyfile(original, path)  # each restore starts from the current program
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        how = kill_after(command, moments.uniform(0.05, 0.95) * takes)
        now_held = ledger_lines(path)
        assert now_held in (held, in_backup), f"a partial restore: {now_held} lines"
        outcomes[f"{how}, {'restored' if now_held == in_backup else 'as it was'}"] += 1
        open_database(DatabaseLocation.for_path(path), create=False).close()  # opens
        assert backup.read_bytes() == backup_bytes
        assert sorted(p.name for p in backup.parent.iterdir()) == beside_backup
        named_backups_pass_the_check(path)
    killed = sum(n for how, n in outcomes.items() if how.startswith("killed"))
    assert killed >= KILLS_EACH // 2, outcomes
