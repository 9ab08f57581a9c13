"""Writing the user's files: only to a regular file or a new name, never half a file, no
leftovers; reading a file whole only when it is a regular file of bounded size (#13, 4-5)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.files import (
    STALE_AFTER_SECONDS,
    atomic_output,
    read_regular_file,
)


def write(target: Path, text: str = "new content") -> None:
    with atomic_output(target) as temporary:
        temporary.write_text(text)


def test_a_new_name_and_a_regular_file_are_written(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    write(target, "first")
    write(target, "second")
    assert target.read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_a_symbolic_link_is_refused_and_left_pointing_where_it_did(tmp_path: Path) -> None:
    elsewhere = tmp_path / "someone-elses.txt"
    elsewhere.write_text("theirs")
    link = tmp_path / "report.xlsx"
    link.symlink_to(elsewhere)
    with pytest.raises(PartnerDeskError, match=r"symbolic link.*nothing was written"):
        write(link)
    assert link.is_symlink() and elsewhere.read_text() == "theirs"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "calendar.ics"
    folder.mkdir()
    with pytest.raises(PartnerDeskError, match="is a folder"):
        write(folder)
    assert folder.is_dir()


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "calendar.ics"
    os.mkfifo(fifo)
    with pytest.raises(PartnerDeskError, match="FIFO"):
        write(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(PartnerDeskError, match="FIFO"):
        read_regular_file(fifo, limit_bytes=100, what="the template")


def test_a_device_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    """As root, `reviews --ics /dev/full` replaced the device node with a regular file."""
    device = tmp_path / "full"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # what /dev/full is
    except PermissionError:
        pytest.skip("creating a device node needs root")
    with pytest.raises(PartnerDeskError, match="a device"):
        write(device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_reading_a_device_or_a_large_file_is_refused_before_reading_it(tmp_path: Path) -> None:
    with pytest.raises(PartnerDeskError, match="the template /dev/zero is a device"):
        read_regular_file("/dev/zero", limit_bytes=1000, what="the template")
    large = tmp_path / "large.docx"
    large.write_bytes(b"PK" + b"x" * 2000)
    with pytest.raises(PartnerDeskError, match="more than the 1,000"):
        read_regular_file(large, limit_bytes=1000, what="the template")
    assert read_regular_file(large, limit_bytes=5000, what="the template")[:2] == b"PK"


KILLED_WRITER = """
import os, signal, sys
from partnerdesk.core.platform.files import atomic_output
with atomic_output(sys.argv[1]) as temporary:
    temporary.write_bytes(b"half of a workbook")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_next_write_removes_what_a_killed_export_left(tmp_path: Path) -> None:
    target = tmp_path / "workbook.xlsx"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(target)], check=False, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL
    [leftover] = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert leftover.name.startswith(".workbook.xlsx.")
    write(tmp_path / "another.ics")  # the next export into that folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["another.ics"]


def test_a_file_another_partnerdesk_is_writing_now_is_kept(tmp_path: Path) -> None:
    with atomic_output(tmp_path / "slow.xlsx") as in_progress:
        write(tmp_path / "quick.ics")  # a second export while the first is still writing
        assert in_progress.exists()
        in_progress.write_text("done")
    assert (tmp_path / "slow.xlsx").read_text() == "done"


def test_leftovers_of_earlier_versions_go_once_a_day_old(tmp_path: Path) -> None:
    old = tmp_path / ".ledger.xlsx.k3j9x2ab.part"
    recent = tmp_path / ".roster.xlsx.p0q9r8s7.part"
    someone_elses = tmp_path / "download.zip.part"
    for path in (old, recent, someone_elses):
        path.write_text("x")
    # A day older than a file written now, on the folder's clock (under `make test-dates`
    # the process clock is moved, the file system's is not).
    day_and_more = recent.stat().st_mtime - STALE_AFTER_SECONDS - 60
    os.utime(old, (day_and_more, day_and_more))
    os.utime(someone_elses, (day_and_more, day_and_more))
    write(tmp_path / "export.csv")
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert remaining == [".roster.xlsx.p0q9r8s7.part", "download.zip.part", "export.csv"]


def test_a_process_clock_far_from_the_folders_keeps_a_write_in_progress(tmp_path: Path) -> None:
    """Ages are read on the folder's clock: a PartnerDesk whose clock runs two years ahead
    of the file server must not take a colleague's export in progress for a leftover."""
    with atomic_output(tmp_path / "slow.xlsx") as in_progress:
        with time_machine.travel(datetime(2029, 1, 1, tzinfo=UTC), tick=True):
            write(tmp_path / "quick.ics")
        assert in_progress.exists()
        in_progress.write_text("done")
    assert (tmp_path / "slow.xlsx").read_text() == "done"
