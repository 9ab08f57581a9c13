"""Noticing that someone else changed the database (a colleague on the team server, or a
second PartnerDesk on the same file), so that open lists can reload.

Every change writes an audit event, so the newest audit id is a cheap, backend-neutral
"version" of the whole database.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.models import AuditEvent

# File systems on which SQLite's locking is unreliable: a shared file there can corrupt.
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "sshfs", "afs", "9p", "davfs",
    "fuse.davfs2", "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "gpfs",
}  # fmt: skip


def change_marker(session: Session) -> int:
    """Changes whenever anyone saves anything (the newest audit event id)."""
    return int(
        session.execute(
            sa.select(sa.func.coalesce(sa.func.max(col(AuditEvent.id)), 0))
        ).scalar_one()
    )


def filesystem_type(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    """The file system type holding ``path`` (Linux), or None when it cannot be told."""
    try:
        with open(mounts_file, encoding="utf-8") as handle:
            mounts = [line.split() for line in handle]
    except OSError:
        return None
    target = os.path.realpath(path.parent if not path.exists() else path)
    best: tuple[int, str] | None = None
    for fields in mounts:
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and (best is None or len(mount_point) > best[0]):
            best = (len(mount_point), fields[2])
    return best[1] if best else None


def network_filesystem_warning(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    """A warning when a SQLite file sits on a network share, recommending team mode."""
    kind = filesystem_type(path, mounts_file)
    if kind is None or kind.lower() not in NETWORK_FILESYSTEMS:
        return None
    return (
        f"{path} is on a network share ({kind}). A SQLite file shared this way can be damaged "
        "when two people save at once; for a team, use a PostgreSQL server "
        "(File > Connect to server…) and move the program there with `partnerdesk copy`."
    )


def current_row_version(session: Session, entity_type: str, entity_id: int) -> int:
    """The version now stored for a record (to save over it knowingly after a conflict)."""
    from partnerdesk.core.models import ALL_TABLES
    from partnerdesk.core.platform.errors import NotFoundError

    for model in ALL_TABLES:
        if model.__tablename__ == entity_type and hasattr(model, "row_version"):
            record = session.get(model, entity_id)
            if record is None:
                raise NotFoundError(f"that record was deleted by someone else ({entity_type})")
            return int(record.row_version)  # type: ignore[attr-defined]
    raise ValueError(f"{entity_type!r} has no version")
