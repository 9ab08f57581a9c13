"""Exporting the directory: a workbook that imports again, formulas never run."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from partnerdesk.core.directory import contacts_export
from partnerdesk.core.directory.contact_commands import ContactInput, create_contact
from partnerdesk.core.directory.contact_queries import list_contacts
from partnerdesk.core.directory.contacts_import import import_contacts
from partnerdesk.core.models import Organization, OrganizationKind
from partnerdesk.core.platform.db import Database
from tests.conftest import DEMO_CONTACTS


def test_xlsx_export_round_trips_through_import(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.transaction() as session:
        create_contact(
            session, ContactInput("=HYPERLINK(1)", email="x@evil.org", phone="+1 555 010 4444")
        )
        result = contacts_export.export_contacts(session, tmp_path / "directory.xlsx")
    assert result.contacts == DEMO_CONTACTS + 1 and result.organizations == 8
    workbook = openpyxl.load_workbook(tmp_path / "directory.xlsx")
    assert workbook.sheetnames == ["Contacts", "Organizations"]
    people = list(workbook["Contacts"].iter_rows(values_only=True))
    assert list(people[0]) == contacts_export.CONTACT_HEADERS
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
            report = import_contacts(session, tmp_path / "directory.xlsx")
        assert len(report.contacts_added) == DEMO_CONTACTS + 1
        assert len(report.organizations_added) == 8
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
        contacts_export.export_contacts(session, tmp_path / "people.csv")
    rows = list(csv.reader((tmp_path / "people.csv").open(encoding="utf-8-sig")))
    assert rows[0] == contacts_export.CONTACT_HEADERS
    assert rows[1][0] == "'@SUM(A1)" and rows[1][2] == "'-2+3"


def test_export_refuses_an_unknown_file_type(database: Database, tmp_path: Path) -> None:
    from partnerdesk.core.platform.errors import ValidationError

    with (
        pytest.raises(ValidationError, match=r"\.xlsx, \.csv or \.vcf"),
        database.session() as session,
    ):
        contacts_export.export_contacts(session, tmp_path / "people.txt")
