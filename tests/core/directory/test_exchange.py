"""Importing and exporting the directory: all or nothing, duplicates, vCard for address books."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
import vobject
from sqlmodel import func, select

from partnerdesk.core.directory import exchange as contacts_io
from partnerdesk.core.directory.contact_commands import ContactInput, create_contact
from partnerdesk.core.directory.contact_queries import list_contacts
from partnerdesk.core.directory.groups import find_group, group_members
from partnerdesk.core.models import (
    AuditEvent,
    Contact,
    GroupKind,
    Organization,
    OrganizationKind,
)
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ImportFileError


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _counts(database: Database) -> tuple[int, int, int]:
    with database.session() as session:
        return (
            session.exec(select(func.count()).select_from(Contact)).one(),
            session.exec(select(func.count()).select_from(Organization)).one(),
            session.exec(select(func.count()).select_from(AuditEvent)).one(),
        )


HEADER = ["Name", "Organization", "Title", "Email", "Phone", "Groups"]


def test_a_malformed_email_in_one_row_changes_nothing_and_names_the_row(
    demo_database: Database, tmp_path: Path
) -> None:
    file = _write_csv(
        tmp_path / "people.csv",
        [
            HEADER,
            ["Kim Lee", "New Agency", "Analyst", "kim.lee@agency.org", "555-010-1111", ""],
            ["Bo Chan", "New Agency", "Clerk", "bo.chan@agency", "", "Working group"],
            ["Al Ray", "", "", "al@ray.org", "", ""],
        ],
    )
    before = _counts(demo_database)
    with pytest.raises(ImportFileError) as caught, demo_database.transaction() as session:
        contacts_io.import_contacts(session, file)
    message = caught.value.message
    assert message.startswith("nothing was imported: 1 problem(s) found")
    assert 'people.csv, row 3, column "Email"' in message
    assert "bo.chan@agency" in message
    assert _counts(demo_database) == before


def test_every_bad_row_is_named(database: Database, tmp_path: Path) -> None:
    file = _write_csv(
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


def test_import_adds_people_organizations_and_groups_and_a_dry_run_changes_nothing(
    database: Database, tmp_path: Path
) -> None:
    file = _write_csv(
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
    assert _counts(database)[:2] == (0, 0)

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
    file = _write_csv(
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


def test_xlsx_export_round_trips_through_import(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.transaction() as session:
        create_contact(
            session, ContactInput("=HYPERLINK(1)", email="x@evil.org", phone="+1 555 010 4444")
        )
        result = contacts_io.export_contacts(session, tmp_path / "directory.xlsx")
    assert result.contacts == 15 and result.organizations == 8
    workbook = openpyxl.load_workbook(tmp_path / "directory.xlsx")
    assert workbook.sheetnames == ["Contacts", "Organizations"]
    people = list(workbook["Contacts"].iter_rows(values_only=True))
    assert list(people[0]) == contacts_io.CONTACT_HEADERS
    evil = next(r for r in people if r[3] == "x@evil.org")
    assert evil[0] == "'=HYPERLINK(1)"  # shown as text, never run
    assert evil[4] == "+1 555 010 4444"  # a checked phone number stays readable
    kinds = {r[0]: r[1] for r in workbook["Organizations"].iter_rows(min_row=2, values_only=True)}
    assert kinds["Riverton Police Department"] == OrganizationKind.LAW_ENFORCEMENT.label

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    from partnerdesk.core.platform.db import DatabaseLocation, open_database

    other = open_database(DatabaseLocation.for_path(fresh / "other.sqlite3"))
    try:
        with other.transaction() as session:
            report = contacts_io.import_contacts(session, tmp_path / "directory.xlsx")
        assert len(report.contacts_added) == 15 and len(report.organizations_added) == 8
        with other.session() as session, demo_database.session() as original:
            strip = lambda rows: sorted(  # noqa: E731
                (r.full_name, r.organization, r.email, r.phone, r.groups, r.active) for r in rows
            )
            assert strip(list_contacts(session)) == strip(list_contacts(original))
            org = session.exec(
                select(Organization).where(Organization.name == "Riverton Police Department")
            ).one()
            assert org.kind == OrganizationKind.LAW_ENFORCEMENT
    finally:
        other.close()


def test_csv_export_neutralises_formulas(database: Database, tmp_path: Path) -> None:
    with database.transaction() as session:
        create_contact(session, ContactInput("@SUM(A1)", title="-2+3"))
        contacts_io.export_contacts(session, tmp_path / "people.csv")
    rows = list(csv.reader((tmp_path / "people.csv").open(encoding="utf-8-sig")))
    assert rows[0] == contacts_io.CONTACT_HEADERS
    assert rows[1][0] == "'@SUM(A1)" and rows[1][2] == "'-2+3"


def test_vcards_parse_with_an_independent_parser(demo_database: Database, tmp_path: Path) -> None:
    long_note = "Prefers phone; available Tue, Thu. " * 6 + "Ünïcödé ✓"
    with demo_database.transaction() as session:
        create_contact(
            session,
            ContactInput(
                "Dr. Ana María de la Cruz",
                title="Chief, Crisis; Services",
                email="ana@cruz.org",
                phone="(555) 010-7777",
                notes=long_note,
            ),
        )
        result = contacts_io.export_contacts(session, tmp_path / "directory.vcf")
    raw = (tmp_path / "directory.vcf").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    assert len(cards) == result.contacts == 15
    by_name = {card.fn.value: card for card in cards}
    ana = by_name["Dr. Ana María de la Cruz"]
    assert ana.n.value.family == "Cruz" and ana.n.value.given == "Ana"
    assert ana.n.value.prefix == "Dr."
    assert ana.title.value == "Chief, Crisis; Services"
    assert ana.email.value == "ana@cruz.org" and ana.tel.value == "(555) 010-7777"
    assert ana.note.value == long_note
    jordan = by_name["Jordan Ellis"]
    assert jordan.org.value == ["City of Riverton"]
    assert set(jordan.categories.value) == {"Sustainability committee", "Working group"}


def test_export_refuses_an_unknown_file_type(database: Database, tmp_path: Path) -> None:
    from partnerdesk.core.platform.errors import ValidationError

    with (
        pytest.raises(ValidationError, match=r"\.xlsx, \.csv or \.vcf"),
        database.session() as session,
    ):
        contacts_io.export_contacts(session, tmp_path / "people.txt")


def test_an_organizations_csv_is_recognised(database: Database, tmp_path: Path) -> None:
    file = _write_csv(
        tmp_path / "orgs.csv",
        [["Name", "Kind", "Website"], ["Harbor Clinic", "Mental-health agency", "harbor.org"],
         ["Bad Org", "spaceship", ""]],
    )  # fmt: skip
    with pytest.raises(ImportFileError) as caught, database.transaction() as session:
        contacts_io.import_contacts(session, file)
    assert 'orgs.csv, row 3, column "Kind"' in caught.value.message


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
