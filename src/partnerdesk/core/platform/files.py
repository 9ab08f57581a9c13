"""Writing and reading the user's files safely: the one way every export, document,
calendar and backup is written, and the one check a file PartnerDesk reads whole passes.

Writing (:func:`atomic_output`): only to a regular file or a new name. A symbolic link, a
folder, a device (``/dev/full``), a FIFO or a socket is refused with one line, so that an
export can never replace a device node or write through a link into someone else's file.
The content goes to a hidden temporary file beside the target and is moved into place in
one rename, so an interruption never leaves a truncated document; a temporary file left by
a PartnerDesk that was killed is removed by the next write into that folder.

Reading (:func:`read_regular_file`): a regular file of bounded size, so that a template
named ``/dev/zero`` or a FIFO is refused instead of being read without end.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from partnerdesk.core.platform.errors import PartnerDeskError

# A temporary file's name: ".<target name>.<pid>-<host tag>.<random>.part". The process id
# and host say whose it is, so that the next write into the folder can tell a leftover of a
# killed process from a file another PartnerDesk is writing right now.
_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-(?P<host>[0-9a-f]{8})\.[^.]+\.part$")
# The names earlier versions used (".<target name>.<random>.part"): removed once old.
_OLD_PART = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.part$")
STALE_AFTER_SECONDS = 24 * 3600  # anyone's leftover, whatever the machine


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    for test, words in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "not a regular file"


def check_output_target(target: str | os.PathLike[str]) -> Path:
    """Refuse to write ``target`` unless it is a regular file or does not exist yet."""
    destination = Path(target)
    try:
        mode = os.lstat(destination).st_mode  # the name itself, not what a link points to
    except FileNotFoundError:
        return destination
    except OSError as exc:
        raise PartnerDeskError(f"cannot write {destination}: {exc.strerror or exc}") from None
    kind = _kind_of(mode)
    if kind is not None:
        raise PartnerDeskError(
            f"cannot write {destination}: it is {kind}, not a regular file; PartnerDesk writes "
            "only to a regular file or a new name. Choose another name; nothing was written"
        )
    return destination


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # no safe probe there: trust only the age of the file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_parts(folder: Path, *, now: float) -> list[Path]:
    """Remove the temporary files of writes that never finished (the process was killed):
    ours from this machine whose process is gone, and any of our naming older than a day.

    ``now`` is the folder's own clock: the modification time of a file just written there.
    Ages are measured on the clock that stamped the files, so a file server (or a process)
    whose clock differs from this one's never makes a write in progress look a day old."""
    removed: list[Path] = []
    host = _host_tag()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            mine = _PART.match(entry.name)
            if mine is None and _OLD_PART.match(entry.name) is None:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            finished_elsewhere = now - info.st_mtime > STALE_AFTER_SECONDS
            killed_here = mine is not None and mine["host"] == host and not _alive(int(mine["pid"]))
            if finished_elsewhere or killed_here:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one
    rename, on any error it is deleted and ``target`` is left as it was. ``target`` must be
    a regular file or a new name (:func:`check_output_target`).

        with atomic_output("report.xlsx") as tmp:
            workbook.save(tmp)
    """
    destination = check_output_target(target)
    folder = destination.parent
    if not folder.is_dir():
        raise PartnerDeskError(f"cannot write {destination}: the folder {folder} does not exist")
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{destination.name}.{os.getpid()}-{_host_tag()}.", suffix=".part", dir=folder
        )
    except PermissionError:
        raise PartnerDeskError(f"cannot write {destination}: permission denied") from None
    temporary = Path(name)
    try:
        folder_now = os.fstat(handle).st_mtime  # "now" as the folder's file system sees it
    finally:
        os.close(handle)
    remove_stale_parts(folder, now=folder_now)
    try:
        yield temporary
        check_output_target(destination)  # still not a link or a device when moved in
        os.replace(temporary, destination)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PartnerDeskError(f"cannot write {destination}: {exc.strerror or exc}") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def read_regular_file(path: str | os.PathLike[str], *, limit_bytes: int, what: str) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most ``limit_bytes``
    (``what`` names it in the refusal: "the template"). Following a link is fine; reading
    a device, a FIFO or a folder is not."""
    source = Path(path)
    try:
        found = os.stat(source)
    except FileNotFoundError:
        raise PartnerDeskError(f"{what} {source} does not exist") from None
    except OSError as exc:
        raise PartnerDeskError(f"{what} {source} cannot be read: {exc.strerror or exc}") from None
    kind = _kind_of(found.st_mode)
    if kind is not None:
        raise PartnerDeskError(f"{what} {source} is {kind}, not a regular file")
    if found.st_size > limit_bytes:
        raise PartnerDeskError(
            f"{what} {source} is {found.st_size:,} bytes, more than the {limit_bytes:,} allowed"
        )
    try:
        with source.open("rb") as handle:
            data = handle.read(limit_bytes + 1)  # a file still growing is cut off here
    except OSError as exc:
        raise PartnerDeskError(f"{what} {source} cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit_bytes:
        raise PartnerDeskError(f"{what} {source} is more than the {limit_bytes:,} bytes allowed")
    return data
