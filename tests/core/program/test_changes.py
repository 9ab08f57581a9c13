"""Noticing outside changes, and warning about SQLite files on network shares."""

from __future__ import annotations

from pathlib import Path

from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.schema import AuditAction, ChangeKind
from partnerdesk.core.program.changes import (
    change_marker,
    filesystem_type,
    network_filesystem_warning,
)


def test_the_change_marker_moves_when_anything_is_saved(database: Database) -> None:
    with database.session() as session:
        before = change_marker(session)
    with database.transaction() as session:
        audit.record(session, ChangeKind.CONTACT, 1, AuditAction.UPDATE, summary="renamed")
    with database.session() as session:
        assert change_marker(session) > before


def write_mounts(tmp_path: Path, lines: list[str]) -> str:
    mounts = tmp_path / "mounts"
    mounts.write_text("\n".join(lines) + "\n")
    return str(mounts)


def test_a_file_on_an_nfs_share_gets_a_team_mode_warning(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    mounts = write_mounts(
        tmp_path,
        ["/dev/vda1 / ext4 rw 0 0", f"server:/exports {share} nfs4 rw,relatime 0 0"],
    )
    db_file = share / "program.sqlite3"
    assert filesystem_type(db_file, mounts) == "nfs4"
    warning = network_filesystem_warning(db_file, mounts)
    assert warning is not None and "network share" in warning and "PostgreSQL" in warning


def test_a_local_disk_gets_no_warning(tmp_path: Path) -> None:
    mounts = write_mounts(tmp_path, ["/dev/vda1 / ext4 rw 0 0"])
    assert network_filesystem_warning(tmp_path / "program.sqlite3", mounts) is None


def test_unknown_mount_table_means_no_warning(tmp_path: Path) -> None:
    assert network_filesystem_warning(tmp_path / "x.sqlite3", str(tmp_path / "none")) is None
