"""Exporting the directory (or one group's members) as .xlsx, .csv or vCard (.vcf).

The workbook holds a Contacts and an Organizations sheet with the headers the import reads,
so an export can be imported again (into another database, say). Text a spreadsheet would
run as a formula gets an apostrophe in front. Exports hold personal data:
:data:`PERSONAL_DATA_WARNING` is shown before saving one.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.contact_queries import (
    ContactRow,
    group_names_by_contact,
    list_contacts,
)
from partnerdesk.core.directory.validation import phone_problem
from partnerdesk.core.directory.vcard import vcards
from partnerdesk.core.models import Contact, Organization
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.spreadsheet import neutralise_formula

PERSONAL_DATA_WARNING = (
    "This file contains personal data (names, email addresses and phone numbers). Keep it "
    "on a protected drive, share it only with people who need it, and delete it when it is "
    "no longer needed."
)

EXPORT_SUFFIXES = (".xlsx", ".csv", ".vcf")

# The first header spelling the import accepts for each field (contacts_import_plan).
CONTACT_HEADERS = ["Name", "Organization", "Title", "Email", "Phone", "Groups", "Active", "Notes"]
ORGANIZATION_HEADERS = ["Name", "Kind", "Address", "Phone", "Website", "Active", "Notes"]


@dataclass(frozen=True)
class ContactExport:
    path: Path
    contacts: int
    organizations: int

    def describe(self) -> str:
        orgs = f" and {self.organizations:,} organization(s)" if self.organizations else ""
        return f"Wrote {self.path} ({self.contacts:,} contact(s){orgs})"


def _xlsx_phone(value: str) -> str:
    # A validated phone number ("+1 555 010 2000") is stored as a text cell, which a
    # spreadsheet never evaluates; only text that fails validation gets the apostrophe.
    return value if value and phone_problem(value) is None else neutralise_formula(value)


def _notes_by_contact(session: Session) -> dict[int, str]:
    return {
        int(i): n
        for i, n in session.execute(
            sa.select(col(Contact.id), col(Contact.notes)).where(col(Contact.notes).is_not(None))
        )
    }


def export_contacts(
    session: Session,
    path: str | os.PathLike[str],
    *,
    group_id: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> ContactExport:
    """Write the directory (or one group's members) as .xlsx (Contacts and Organizations
    sheets, re-importable), .csv (contacts) or .vcf (vCard 3.0 for address books)."""
    from partnerdesk.core.platform.files import atomic_output

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValidationError(
            f"{target.name}: choose a file ending in .xlsx, .csv or .vcf", field="path"
        )
    progress.step(0, 0, "Reading the directory…")
    rows = list_contacts(session, group_id)
    notes = _notes_by_contact(session)
    with atomic_output(target) as temporary:
        if suffix == ".vcf":
            cards = vcards(rows, notes, group_names_by_contact(session))
            temporary.write_text(cards, encoding="utf-8", newline="")
            return ContactExport(target, len(rows), 0)
        if suffix == ".csv":
            with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(CONTACT_HEADERS)
                for row in rows:
                    writer.writerow([neutralise_formula(v) for v in _contact_cells(row, notes)])
            return ContactExport(target, len(rows), 0)
        organizations = _organizations_for(session, rows, group_id)
        _write_workbook(temporary, rows, notes, organizations)
        return ContactExport(target, len(rows), len(organizations))


def _contact_cells(row: ContactRow, notes: dict[int, str]) -> list[str]:
    return [
        row.full_name,
        row.organization,
        row.title,
        row.email,
        row.phone,
        row.groups.replace(", ", "; "),
        "Yes" if row.active else "No",
        notes.get(row.id, ""),
    ]


def _organizations_for(
    session: Session, rows: list[ContactRow], group_id: int | None
) -> list[Organization]:
    statement = select(Organization).order_by(col(Organization.name_key))
    if group_id is not None:
        ids = {r.organization_id for r in rows if r.organization_id is not None}
        statement = statement.where(col(Organization.id).in_(ids))
    return list(session.exec(statement))


def _write_workbook(
    path: Path, rows: list[ContactRow], notes: dict[int, str], orgs: list[Organization]
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    workbook.properties.title = "PartnerDesk contacts"
    workbook.properties.description = PERSONAL_DATA_WARNING
    bold = Font(bold=True)

    def header(sheet: Any, titles: list[str], widths: list[int]) -> None:
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        cells = []
        for title in titles:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    people = workbook.create_sheet("Contacts")
    header(people, CONTACT_HEADERS, [28, 36, 36, 34, 20, 34, 8, 40])
    for row in rows:
        cells = _contact_cells(row, notes)
        people.append(
            [neutralise_formula(v) if i != 4 else _xlsx_phone(v) for i, v in enumerate(cells)]
        )
    sheet = workbook.create_sheet("Organizations")
    header(sheet, ORGANIZATION_HEADERS, [40, 28, 40, 20, 32, 8, 40])
    for org in orgs:
        sheet.append(
            [
                neutralise_formula(org.name),
                org.kind.label,
                neutralise_formula(org.address or ""),
                _xlsx_phone(org.phone or ""),
                neutralise_formula(org.website or ""),
                "Yes" if org.active else "No",
                neutralise_formula(org.notes or ""),
            ]
        )
    workbook.save(path)
