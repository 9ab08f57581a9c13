"""Damaged, locked, read-only and unknown storage from the command line: one line that names
the file and what to do, the documented exit code, and nothing changed (issue #14)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from partnerdesk.cli import main
from partnerdesk.core.platform import db as core_db


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("partnerdesk: error:") and "internal error" not in lines[0]
    return lines[0]


def write_ledger_csv(path: Path) -> Path:
    path.write_text(
        "Date,Source,Type,Amount,Memo\n2026-09-01,City general fund allocation,Received,10,x\n",
        encoding="utf-8",
    )
    return path


def test_an_import_while_another_program_holds_the_write_lock_says_busy(
    demo_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(core_db, "BUSY_TIMEOUT_SECONDS", 1)
    ledger = write_ledger_csv(tmp_path / "ledger.csv")
    other = sqlite3.connect(demo_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another PartnerDesk in the middle of a long import
    try:
        code, _, err = run(capsys, "--db", demo_db, "funding", "import", str(ledger))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 1
    line = one_error_line(err)
    assert demo_db in line and "busy" in line and "try again" in line
    code, out, _ = run(capsys, "--db", demo_db, "funding", "import", str(ledger))
    assert code == 0 and "added 1 entry" in out  # once the other is done, it goes in


# --------------------------------------------------------------------------- read-only files


def as_a_user_who_cannot_write(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`partnerdesk ARGS` in a process that file permissions apply to. Tests run as root,
    whom chmod does not stop: the process keeps uid 0 but loses the capabilities that let
    root ignore permissions, so a 0444 file is read-only to it as to anyone."""
    command = [sys.executable, "-m", "partnerdesk", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be tried")
        command = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--", *command]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path
    )


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def ledger_lines(path: Path) -> int:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(connection.execute("SELECT COUNT(*) FROM ledger_entry").fetchone()[0])
    finally:
        connection.close()


@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_read_only_database_is_read_and_writes_are_refused_leaving_nothing_beside_it(
    demo_db: str, tmp_path: Path, read_only: str
) -> None:
    """Issue #14: a 0444 file left a 0444 `-shm` behind, so that after `chmod 644` an import
    still failed; a read-only folder was reported as a damaged database."""
    path = Path(demo_db)
    ledger = write_ledger_csv(tmp_path / "ledger.csv")
    folder_before, lines_before = beside(path), ledger_lines(path)
    locked = path if read_only == "file" else path.parent
    locked.chmod(0o444 if read_only == "file" else 0o555)
    try:
        shown = as_a_user_who_cannot_write(tmp_path, "--db", demo_db, "mou", "list")
        assert shown.returncode == 0, shown.stderr
        assert "RIV-CR-01" in shown.stdout
        refused = as_a_user_who_cannot_write(
            tmp_path, "--db", demo_db, "funding", "import", str(ledger)
        )
        assert refused.returncode == 1
        line = one_error_line(refused.stderr)
        assert "read-only" in line and "nothing was changed" in line and "damaged" not in line
        assert beside(path) == folder_before and ledger_lines(path) == lines_before
    finally:
        locked.chmod(0o644 if read_only == "file" else 0o755)
    done = as_a_user_who_cannot_write(tmp_path, "--db", demo_db, "funding", "import", str(ledger))
    assert done.returncode == 0, done.stderr  # once writable again, it just works
    assert ledger_lines(path) == lines_before + 1


# --------------------------------------------------------------------------- what is not a database


def test_an_empty_file_given_with_db_is_refused_with_a_line_saying_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    code, _, err = run(capsys, "--db", str(empty), "info")
    assert code == 1
    assert "empty file" in one_error_line(err)
    assert empty.stat().st_size == 0 and beside(empty) == ["empty.sqlite3"]
    code, out, _ = run(capsys, "--db", str(empty), "demo")  # asked for: fill it
    assert code == 0 and "Demo partnership loaded" in out


def test_a_newer_schema_is_refused_and_the_folder_left_as_it_was(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path(demo_db)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    before = (beside(path), path.read_bytes())
    code, _, err = run(capsys, "--db", demo_db, "info")
    assert code == 1 and "newer PartnerDesk" in one_error_line(err)
    assert (beside(path), path.read_bytes()) == before


@pytest.mark.parametrize(
    "args",
    [
        ("--url", "mysql://dana@db.example.org/partnerdesk", "info"),
        ("--url", "nosuch://somewhere/partnerdesk", "mou", "list"),
        ("copy", "--from", "{db}", "--to", "mysql://dana@db.example.org/partnerdesk"),
        ("copy", "--from", "nosuch://somewhere/partnerdesk", "--to", "{tmp}/copy.sqlite3"),
    ],
    ids=["--url mysql", "--url nosuch", "copy --to mysql", "copy --from nosuch"],
)
def test_a_kind_of_database_partnerdesk_does_not_support_is_one_line(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    filled = [a.format(db=demo_db, tmp=tmp_path) for a in args]
    code, _, err = run(capsys, *filled)
    assert code == 1
    assert "does not support" in one_error_line(err)
    assert not (tmp_path / "copy.sqlite3").exists()


def test_check_on_a_file_with_a_damaged_page_reports_it(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue #14: exit 3 "internal error (DatabaseError ... malformed)" instead of the
    report and exit 1."""
    path = Path(demo_db)
    connection = sqlite3.connect(path)
    root_page = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ledger_entry'"
    ).fetchone()[0]
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with path.open("r+b") as handle:  # scribble over the ledger's first page
        handle.seek((root_page - 1) * page_size)
        handle.write(b"\xa5" * page_size)
    code, out, err = run(capsys, "--db", demo_db, "check")
    assert code == 1, err
    assert err == ""
    assert "[integrity]" in out


# --------------------------------------------------------------------------- outputs and templates


def make_special(target: Path, kind: str) -> None:
    if kind == "device":
        try:
            os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # as /dev/full
        except PermissionError:
            pytest.skip("creating a device node needs root")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        elsewhere = target.with_name(f"elsewhere{target.suffix}")
        elsewhere.write_text("someone else's file")
        target.symlink_to(elsewhere)
    else:
        target.mkdir()


@pytest.mark.parametrize("kind", ["device", "fifo", "symlink", "folder"])
@pytest.mark.parametrize(
    "command",
    [("reviews", "--ics", "{}.ics"), ("funding", "export", "{}.xlsx"),
     ("contacts", "export", "{}.vcf")],
    ids=["reviews --ics", "funding export", "contacts export"],
)  # fmt: skip
def test_an_output_that_is_not_a_regular_file_is_refused_and_left_as_it_was(
    demo_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    command: tuple[str, ...],
) -> None:
    """Issue #13, item 4: as root, `reviews --ics /dev/full` replaced the device node."""
    *words, pattern = command
    target = Path(pattern.format(tmp_path / "output"))
    make_special(target, kind)
    before = os.lstat(target)
    code, _, err = run(capsys, "--db", demo_db, *words, str(target))
    if kind == "folder":  # refused by the command line's own check of the argument
        assert code == 2 and "is a directory" in one_error_line(err)
    else:
        assert code == 1 and "not a regular file" in one_error_line(err)
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    if kind == "symlink":
        assert target.with_name(f"elsewhere{target.suffix}").read_text() == "someone else's file"


@pytest.mark.parametrize("template", ["/dev/zero", "fifo"])
def test_a_template_that_is_not_a_regular_file_is_refused_at_once(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str
) -> None:
    """`--template /dev/zero` grew without limit; a FIFO would wait for ever."""
    if template == "fifo":
        template = str(tmp_path / "template.docx")
        os.mkfifo(template)
    out = tmp_path / "draft.docx"
    code, _, err = run(
        capsys, "--db", demo_db, "mou", "generate", "RIV-CR-01", "--out", str(out),
        "--template", template,
    )  # fmt: skip
    assert code == 1
    line = one_error_line(err)
    assert "template" in line and "not a regular file" in line
    assert not out.exists()


# --------------------------------------------------------------------------- a server that dies


def test_a_server_that_dies_in_the_middle_of_an_import_gives_one_line_and_keeps_nothing(
    postgres_location: core_db.DatabaseLocation, tmp_path: Path
) -> None:
    """Issue #13, item 7: psycopg's "error ignored terminating <psycopg.Pipeline [BAD]>"
    warning came out as a second line on stderr, before PartnerDesk's own."""
    from tests.backends import DroppingProxy

    url = postgres_location.url
    subprocess.run(
        [sys.executable, "-m", "partnerdesk", "--url", url, "demo"], check=True, timeout=120
    )
    rows = 60_000
    ledger = tmp_path / "ledger.csv"
    with ledger.open("w", encoding="utf-8") as handle:
        handle.write("Date,Source,Type,Amount,Memo\n")
        for number in range(rows):
            handle.write(f"2026-09-01,City general fund allocation,Received,1.00,line {number}\n")
    before = ledger_count(url)
    proxy = DroppingProxy(int(sa.make_url(url).port or 5432))
    importing = subprocess.Popen(
        [sys.executable, "-m", "partnerdesk", "--url", proxy.url(url), "funding", "import",
         str(ledger)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while proxy.bytes_sent < 1_000_000 and importing.poll() is None:  # the lines are going in
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proxy.drop()
    _, err = importing.communicate(timeout=120)
    assert importing.returncode == 1
    line = one_error_line(err)
    assert "connection to the server was lost" in line
    assert ledger_count(url) == before  # the server undid the unfinished import


def ledger_count(url: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text("SELECT COUNT(*) FROM ledger_entry")).scalar())
    finally:
        engine.dispose()
