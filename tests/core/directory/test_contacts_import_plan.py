"""Reading and checking an import file: every bad row named, what a table holds told by its
headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerdesk.core.directory import contacts_import as contacts_io
from partnerdesk.core.directory.contacts_import_plan import (
    PlannedOrganization,
    plan_contacts,
    read_import_tables,
)
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ImportFileError
from partnerdesk.core.platform.progress import NO_PROGRESS
from tests.core.directory.conftest import HEADER, write_csv


def test_every_bad_row_is_named(database: Database, tmp_path: Path) -> None:
    file = write_csv(
        tmp_path / "people.csv",
        [
            [*HEADER, "Active"],
            ["", "X", "", "", "", "", ""],
            ["Ann", "", "", "", "abc", "", "maybe"],
        ],
    )
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        contacts_io.import_contacts(session, file)
    assert 'row 2, column "Name": the name is empty' in caught.value.message
    assert 'row 3, column "Phone"' in caught.value.message
    assert 'row 3, column "Active"' in caught.value.message


def test_an_organizations_csv_is_recognised(database: Database, tmp_path: Path) -> None:
    file = write_csv(
        tmp_path / "orgs.csv",
        [["Name", "Kind", "Website"], ["Harbor Clinic", "Mental-health agency", "harbor.org"],
         ["Bad Org", "spaceship", ""]],
    )  # fmt: skip
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        contacts_io.import_contacts(session, file)
    assert 'orgs.csv, row 3, column "Kind"' in caught.value.message


def test_a_table_without_a_name_column_is_refused(database: Database, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "people.csv", [["Email", "Phone"], ["a@b.org", ""]])
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        contacts_io.import_contacts(session, file)
    assert 'no "Name" column' in caught.value.message
    assert "'Email', 'Phone'" in caught.value.message


def test_header_spellings_and_a_neutralised_formula_are_understood(
    database: Database, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "people.csv",
        [["Full name", "E-mail", "Agency", "Active"], ["'=Kim", "kim@x.org", "Harbor", "no"]],
    )
    orgs, people = read_import_tables(file)
    assert orgs is None and people is not None
    orgs: dict[str, PlannedOrganization] = {}
    with database.session() as session:
        plan, problems = plan_contacts(session, people, orgs, {}, [], NO_PROGRESS)
    assert not problems.problems
    (kim,) = plan
    assert kim.values == {"full_name": "=Kim", "email": "kim@x.org", "active": False}
    assert kim.org_key == "harbor" and orgs["harbor"].values == {"name": "Harbor"}
