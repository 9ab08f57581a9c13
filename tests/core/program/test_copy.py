"""Copying a program between databases, counts checked, the target never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.errors import ConflictError, PartnerDeskError
from partnerdesk.core.program.copy import copy_program, location_from_text
from partnerdesk.core.program.info import table_counts
from tests.conftest import DEMO_TODAY


def test_copy_to_a_new_file_has_the_same_counts_and_ids(
    demo_database: Database, tmp_path: Path
) -> None:
    target = DatabaseLocation.for_path(tmp_path / "copy.sqlite3")
    report = copy_program(demo_database.location, target)
    assert report.counts == table_counts(demo_database)
    copied = open_database(target, create=False)
    try:
        assert table_counts(copied) == table_counts(demo_database)
        with copied.session() as a, demo_database.session() as b:
            from partnerdesk.core.mou.register import list_mous

            assert list_mous(a, today=DEMO_TODAY) == list_mous(b, today=DEMO_TODAY)
    finally:
        copied.close()


def test_copy_into_a_database_with_records_is_refused_and_changes_nothing(
    demo_database: Database, tmp_path: Path
) -> None:
    target = DatabaseLocation.for_path(tmp_path / "other.sqlite3")
    copy_program(demo_database.location, target)
    before = (tmp_path / "other.sqlite3").read_bytes()
    with pytest.raises(ConflictError, match="already holds records"):
        copy_program(demo_database.location, target)
    assert (tmp_path / "other.sqlite3").read_bytes() == before


def test_copy_to_a_symbolic_link_is_refused_and_writes_nothing_through_it(
    sqlite_demo_database: Database, tmp_path: Path
) -> None:
    """As for every file PartnerDesk writes: never through a link into someone else's file
    (here a new, empty PartnerDesk database somewhere else)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    theirs = DatabaseLocation.for_path(elsewhere / "theirs.sqlite3")
    open_database(theirs).close()
    before = (elsewhere / "theirs.sqlite3").read_bytes()
    link = tmp_path / "copy.sqlite3"
    link.symlink_to(elsewhere / "theirs.sqlite3")
    with pytest.raises(PartnerDeskError, match="symbolic link"):
        copy_program(sqlite_demo_database.location, DatabaseLocation.for_path(link))
    assert (elsewhere / "theirs.sqlite3").read_bytes() == before
    assert link.is_symlink()


def test_copy_from_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PartnerDeskError, match="does not exist"):
        copy_program(
            DatabaseLocation.for_path(tmp_path / "none.sqlite3"),
            DatabaseLocation.for_path(tmp_path / "out.sqlite3"),
        )
    assert not (tmp_path / "none.sqlite3").exists()


def test_from_and_to_accept_paths_and_urls(tmp_path: Path) -> None:
    assert location_from_text(str(tmp_path / "a.sqlite3")).path == tmp_path / "a.sqlite3"
    url = "postgresql+psycopg://team@db.example/partnership"
    assert location_from_text(url).url == url
