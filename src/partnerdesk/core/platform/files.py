"""Writing files so that an interruption never leaves a truncated document or workbook."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from partnerdesk.core.platform.errors import PartnerDeskError


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one
    rename, on any error it is deleted and ``target`` is left as it was.

        with atomic_output("report.xlsx") as tmp:
            workbook.save(tmp)
    """
    destination = Path(target)
    folder = destination.parent
    if not folder.is_dir():
        raise PartnerDeskError(f"cannot write {destination}: the folder {folder} does not exist")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise PartnerDeskError(f"cannot write {destination}: permission denied") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, destination)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PartnerDeskError(f"cannot write {destination}: {exc.strerror or exc}") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
