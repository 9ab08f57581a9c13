"""Importing the directory: all or nothing, organizations and groups on the way, duplicates
skipped or merged."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from partnerdesk.core.directory import contacts_import as contacts_io
from partnerdesk.core.directory.contact_queries import list_contacts
from partnerdesk.core.directory.groups import find_group, group_members
from partnerdesk.core.models import Contact, GroupKind, Organization, OrganizationKind
from partnerdesk.core.platform.audit import history
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ImportFileError
from partnerdesk.core.platform.schema import AuditAction, ChangeKind
from tests.core.directory.conftest import HEADER, counts, write_csv


def test_a_malformed_email_in_one_row_changes_nothing_and_names_the_row(
    demo_database: Database, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "people.csv",
        [
            HEADER,
            ["Kim Lee", "New Agency", "Analyst", "kim.lee@agency.org", "555-010-1111", ""],
            ["Bo Chan", "New Agency", "Clerk", "bo.chan@agency", "", "Working group"],
            ["Al Ray", "", "", "al@ray.org", "", ""],
        ],
    )
    before = counts(demo_database)
    with pytest.raises(ImportFileError) as caught, demo_database.transaction() as session:
        contacts_io.import_contacts(session, file)
    message = caught.value.message
    assert message.startswith("nothing was imported: 1 problem(s) found")
    assert 'people.csv, row 3, column "Email"' in message
    assert "bo.chan@agency" in message
    assert counts(demo_database) == before


def test_import_adds_people_organizations_and_groups_and_a_dry_run_changes_nothing(
    database: Database, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "people.csv",
        [
            HEADER,
            ["Kim Lee", "Harbor Clinic", "Analyst", "kim.lee@harbor.org", "",
             "Sustainability committee"],
            ["Bo Chan", "harbor clinic", "Clerk", "bo.chan@harbor.org", "",
             "Data group; working group"],
        ],
    )  # fmt: skip
    with database.transaction() as session:
        report = contacts_io.import_contacts(session, file, dry_run=True)
    assert report.contacts_added == ["Kim Lee", "Bo Chan"]
    assert report.organizations_added == ["Harbor Clinic"]
    assert report.groups_added == ["Sustainability committee", "Data group", "Working group"]
    assert "Dry run: nothing was changed" in report.describe()
    assert counts(database)[:2] == (0, 0)

    with database.transaction() as session:
        report = contacts_io.import_contacts(session, file)
    assert "added 2 contact(s)" in report.describe()
    with database.session() as session:
        rows = {r.full_name: r for r in list_contacts(session)}
        assert rows["Kim Lee"].organization == rows["Bo Chan"].organization == "Harbor Clinic"
        assert rows["Bo Chan"].groups == "Data group, Working group"
        committee = find_group(session, "sustainability committee")
        assert committee is not None and committee.id is not None
        assert [m.full_name for m in group_members(session, committee.id)] == ["Kim Lee"]
        assert committee.kind == GroupKind.SUSTAINABILITY_COMMITTEE


def test_duplicates_are_skipped_or_merged(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session:
        priya = session.exec(select(Contact).where(Contact.full_name == "Priya Raman")).one()
    file = write_csv(
        tmp_path / "people.csv",
        [
            HEADER,
            # same email as Priya Raman, new title
            ["P. Raman", "", "Deputy Director", priya.email.upper(), "", ""],
            # same name at the same organization as Jordan Ellis, now with a phone
            ["jordan  ellis", "City of Riverton", "", "", "555-010-9999", "Data group"],
            ["New Person", "", "", "new@person.org", "", ""],
            ["New Person", "", "Twin row", "NEW@person.org", "", ""],
        ],
    )
    with demo_database.transaction() as session:
        skipped = contacts_io.import_contacts(session, file, on_duplicate="skip", dry_run=True)
    assert skipped.contacts_skipped == ["P. Raman", "jordan ellis"]
    assert skipped.contacts_added == ["New Person"]
    assert any("row 2 (P. Raman): same email as Priya Raman" in d for d in skipped.duplicates)
    assert any("same name and organization as Jordan Ellis" in d for d in skipped.duplicates)
    assert any("row 5 (New Person): same email as row 4" in d for d in skipped.duplicates)

    with demo_database.transaction() as session:
        merged = contacts_io.import_contacts(session, file, on_duplicate="merge")
    assert merged.contacts_merged == ["P. Raman", "jordan ellis"]
    with demo_database.session() as session:
        rows = {r.full_name: r for r in list_contacts(session)}
        assert rows["Priya Raman"].title == "Deputy Director"  # name kept, title merged
        assert rows["Jordan Ellis"].phone == "555-010-9999"
        assert "Data group" in rows["Jordan Ellis"].groups
        assert rows["New Person"].title == "Twin row"
        assert "P. Raman" not in rows
        # The History shows the merge as an import, field by field.
        merge_events = [e for e in history(session, ChangeKind.CONTACT, priya.id) if e.field]
        assert (AuditAction.IMPORT, "title", "Deputy Director") in [
            (e.action, e.field, e.new_value) for e in merge_events
        ]
        assert {e.action for e in merge_events} == {AuditAction.IMPORT}


def test_a_workbook_with_an_organizations_sheet_merges_existing_ones(
    demo_database: Database, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    orgs = workbook.active
    assert orgs is not None
    orgs.title = "Organizations"
    orgs.append(["Name", "Kind", "Phone", "Notes"])
    orgs.append(["VALLEY HEALTH PLAN", "Healthcare payer/partner", "(555) 010-6699", "Renewed"])
    orgs.append(["Lakeside Foundation", "foundation", "", ""])
    people = workbook.create_sheet("Contacts")
    people.append(["Name", "Organization", "Email"])
    people.append(["Lia Chen", "Lakeside Foundation", "lia@lakeside.org"])
    workbook.save(tmp_path / "partners.xlsx")

    with demo_database.transaction() as session:
        skipped = contacts_io.import_contacts(session, tmp_path / "partners.xlsx")
    assert skipped.organizations_skipped == ["VALLEY HEALTH PLAN"]
    assert skipped.organizations_added == ["Lakeside Foundation"]
    with demo_database.transaction() as session:
        merged = contacts_io.import_contacts(
            session, tmp_path / "partners.xlsx", on_duplicate="merge"
        )
    assert merged.organizations_merged == ["VALLEY HEALTH PLAN", "Lakeside Foundation"]
    assert merged.contacts_merged == ["Lia Chen"]
    with demo_database.session() as session:
        valley = session.exec(
            select(Organization).where(Organization.name == "Valley Health Plan")
        ).one()
        assert valley.phone == "(555) 010-6699" and valley.notes == "Renewed"
        lakeside = session.exec(
            select(Organization).where(Organization.name == "Lakeside Foundation")
        ).one()
        assert lakeside.kind == OrganizationKind.FOUNDATION


def test_a_merge_moves_the_versions_of_the_records_it_changes(
    demo_database: Database, tmp_path: Path
) -> None:
    with demo_database.session() as session:
        priya = session.exec(select(Contact).where(Contact.full_name == "Priya Raman")).one()
        valley = session.exec(
            select(Organization).where(Organization.name == "Valley Health Plan")
        ).one()
        seen = {priya.id: priya.row_version, valley.id: valley.row_version}
    file = write_csv(
        tmp_path / "people.csv",
        [HEADER, ["Priya Raman", "", "Director", priya.email, "", "Data group"]],
    )
    with demo_database.transaction() as session:
        contacts_io.import_contacts(session, file, on_duplicate="merge")
    with demo_database.session() as session:
        merged = session.get(Contact, priya.id)
        assert merged is not None and merged.row_version > seen[priya.id]
        events = {
            (e.summary, e.field, e.new_value)
            for e in history(session, ChangeKind.CONTACT, merged.id)  # type: ignore[arg-type]
        }
        assert ("imported from people.csv", "title", "Director") in events
        assert ("Priya Raman added to Data group", "groups", "Data group") in events
        untouched = session.get(Organization, valley.id)
        assert untouched is not None and untouched.row_version == seen[valley.id]


def test_text_beyond_a_fields_limit_is_named_by_row_and_column(
    demo_database: Database, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "people.csv",
        [
            [*HEADER, "Notes"],
            ["Kim Lee", "New Agency", "Analyst", "kim.lee@agency.org", "", "", "fine"],
            ["Bo Chan", "New Agency", "Clerk", "bo@agency.org", "", "", "n" * 10_001],
            ["Al Ray", "A" * 201, "", "al@ray.org", "", "", ""],
        ],
    )
    before = counts(demo_database)
    with pytest.raises(ImportFileError) as caught, demo_database.transaction() as session:
        contacts_io.import_contacts(session, file)
    message = caught.value.message
    assert (
        'people.csv, row 3, column "Notes": the notes may have at most 10,000 characters; '
        "this one has 10,001"
    ) in message
    assert 'row 4, column "Organization": the name may have at most 200 characters' in message
    assert counts(demo_database) == before
