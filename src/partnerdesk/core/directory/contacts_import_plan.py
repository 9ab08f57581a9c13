"""Reading and checking a file of organizations and contacts, before anything is written.

The file's tables (an "Organizations" and a "Contacts" sheet as the export writes them, or
one sheet / CSV whose headers say which it is) become a plan: the organizations and people
each row would add, the record already in the directory each duplicate row matches (same
email, or same name at the same organization; rows repeated within the file are folded
into their first one), and every problem, named by file, sheet, row and column.
:mod:`partnerdesk.core.directory.contacts_import` decides and writes from the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.directory.organizations import organization_key
from partnerdesk.core.directory.validation import (
    clean,
    email_problem,
    name_problem,
    phone_problem,
    website_problem,
)
from partnerdesk.core.models import Contact, Organization, OrganizationKind
from partnerdesk.core.platform.errors import ImportFileError
from partnerdesk.core.platform.progress import Progress
from partnerdesk.core.platform.spreadsheet import (
    RowProblems,
    SheetRow,
    Table,
    cell_text,
    read_table,
    sheet_names,
    unneutralise_formula,
)
from partnerdesk.core.platform.text_limits import text_problem

# Field -> header spellings accepted on import (lower case). The first is what export writes.
CONTACT_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "contact", "contact name", "person"),
    "organization": ("organization", "organisation", "agency", "company", "employer"),
    "title": ("title", "job title", "role", "position"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "phone": ("phone", "telephone", "phone number", "tel", "work phone"),
    "groups": ("groups", "group", "stakeholder groups", "committees"),
    "active": ("active",),
    "notes": ("notes", "note", "comments"),
}
ORGANIZATION_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "organization", "organisation", "agency"),
    "kind": ("kind", "type", "category"),
    "address": ("address", "street address"),
    "phone": ("phone", "telephone", "phone number", "tel"),
    "website": ("website", "web site", "web", "url"),
    "notes": ("notes", "note", "comments"),
    "active": ("active",),
}
_YES = {"yes", "y", "true", "1", "active", "x"}
_NO = {"no", "n", "false", "0", "inactive", ""}


# --------------------------------------------------------------------------- reading


def _looks_like_organizations(table: Table) -> bool:
    headers = {h.lower() for h in table.headers}
    contact_only = {
        "email",
        "e-mail",
        "email address",
        "title",
        "job title",
        "groups",
        "organization",
    }
    kind = {"kind", "type", "category"}
    return bool(headers & kind) and not headers & contact_only


def read_import_tables(path: str | Path) -> tuple[Table | None, Table | None]:
    """(organizations table, contacts table) of a workbook or CSV; either may be None.

    A workbook may hold an "Organizations" and a "Contacts" (or "People") sheet, as the
    export writes it; otherwise its first sheet, like a CSV file, is read as whichever of
    the two its headers describe."""
    file = Path(path)
    names = {n.lower(): n for n in sheet_names(file)}
    org_sheet = names.get("organizations") or names.get("organisations")
    contact_sheet = names.get("contacts") or names.get("people")
    if org_sheet or contact_sheet:
        orgs = read_table(file, sheet=org_sheet) if org_sheet else None
        people = read_table(file, sheet=contact_sheet) if contact_sheet else None
        return orgs, people
    table = read_table(file)
    if _looks_like_organizations(table):
        return table, None
    return None, table


@dataclass
class _Fields:
    """A table's rows read as named fields; problems are noted under the file's own header
    ("row 7, column "E-mail""), all of them, to be raised together."""

    table: Table
    columns: dict[str, str]  # field -> the lower-cased header holding it
    problems: RowProblems

    @classmethod
    def of(cls, table: Table, fields: dict[str, tuple[str, ...]]) -> _Fields:
        present = {h.lower() for h in table.headers}
        columns: dict[str, str] = {}
        for name, spellings in fields.items():
            for spelling in spellings:
                if spelling in present and spelling not in columns.values():
                    columns[name] = spelling
                    break
        if "name" not in columns:
            raise ImportFileError(
                f'{table.where(row=1)}: no "Name" column; the columns are '
                f"{', '.join(repr(h) for h in table.headers)}"
            )
        return cls(table, columns, RowProblems(table))

    def text(self, row: SheetRow, name: str) -> str:
        key = self.columns.get(name)
        if key is None:
            return ""
        return unneutralise_formula(cell_text(row.values.get(key)))

    def problem(self, row: SheetRow, name: str, message: str) -> None:
        key = self.columns[name]
        header = next((h for h in self.table.headers if h.lower() == key), key)
        self.problems.add(row.number, header, message)

    def checked(self, row: SheetRow, name: str, check: Callable[[str], str | None]) -> str:
        """The cell's text; a problem is noted when ``check`` finds one."""
        text = self.text(row, name)
        if text and (reason := check(text)):
            self.problem(row, name, reason)
        return text

    def within_limits(self, row: SheetRow, model: type, values: dict[str, Any]) -> None:
        """Note each value longer than its field allows (the models' limits), under the
        column it came from."""
        for field, value in values.items():
            if reason := text_problem(model, field, value):
                self.problem(row, "name" if field == "full_name" else field, reason)

    def active(self, row: SheetRow) -> bool | None:
        """Yes / no (None when the file has no Active column or the cell is empty)."""
        if "active" not in self.columns:
            return None
        text = self.text(row, "active").lower()
        if text in _YES:
            return True
        if text in _NO:
            return False if text else None
        self.problem(row, "active", f"{text!r} is not yes or no")
        return None


# --------------------------------------------------------------------------- organizations


@dataclass
class PlannedOrganization:
    row: int | None  # None: created because a contact names it
    values: dict[str, Any]  # only the fields the file gave
    existing_id: int | None = None
    name: str = ""


def _organization_values(fields: _Fields, row: SheetRow) -> dict[str, Any] | None:
    """The row's organization (None when it has no usable name); problems are noted."""
    name = clean(fields.text(row, "name"))
    if reason := name_problem(name, empty="the organization's name is empty"):
        fields.problem(row, "name", reason)
        return None
    values: dict[str, Any] = {"name": name}
    kind_text = fields.text(row, "kind")
    if kind_text:
        try:
            values["kind"] = OrganizationKind.from_text(kind_text)
        except ValueError:
            allowed = ", ".join(k.label for k in OrganizationKind)
            fields.problem(
                row, "kind", f"{kind_text!r} is not a kind of organization (one of: {allowed})"
            )
    if phone := fields.checked(row, "phone", phone_problem):
        values["phone"] = clean(phone)
    if website := fields.checked(row, "website", website_problem):
        values["website"] = website
    for name_field in ("address", "notes"):
        if text := fields.text(row, name_field):
            values[name_field] = text
    active = fields.active(row)
    if active is not None:
        values["active"] = active
    fields.within_limits(row, Organization, values)
    return values


def plan_organizations(
    table: Table, existing: dict[str, int], duplicates: list[str]
) -> tuple[dict[str, PlannedOrganization], RowProblems]:
    """The organizations of ``table`` by name key, and the problems found in it.

    ``existing`` maps the name keys already in the directory to their ids; a line per
    duplicate row is added to ``duplicates``."""
    fields = _Fields.of(table, ORGANIZATION_FIELDS)
    planned: dict[str, PlannedOrganization] = {}
    for row in table.rows:
        values = _organization_values(fields, row)
        if values is None:
            continue
        name = values["name"]
        key = organization_key(name)
        if key in planned:
            first = planned[key]
            duplicates.append(f"row {row.number} ({name}): same organization as row {first.row}")
            first.values.update(values)  # a later row fills in what the first left out
            continue
        plan = PlannedOrganization(row.number, values, existing.get(key), name)
        if plan.existing_id is not None:
            duplicates.append(f"row {row.number} ({name}): already in the directory")
        planned[key] = plan
    return planned, fields.problems


# --------------------------------------------------------------------------- contacts


@dataclass
class PlannedContact:
    row: int
    values: dict[str, Any]  # only the fields the file gave (full_name always)
    org_key: str | None
    groups: list[str]
    existing_id: int | None = None


@dataclass
class _People:
    """Who is in the directory already, indexed the two ways a duplicate is recognised."""

    by_email: dict[str, int]
    by_name_org: dict[tuple[str, int | None], int]
    names: dict[int, str]

    @classmethod
    def of(cls, session: Session) -> _People:
        people = cls({}, {}, {})
        for contact_id, name, email, org_id in session.execute(
            sa.select(
                col(Contact.id),
                col(Contact.full_name),
                col(Contact.email),
                col(Contact.organization_id),
            )
        ):
            people.names[contact_id] = name
            if email:
                people.by_email.setdefault(email.strip().lower(), contact_id)
            people.by_name_org.setdefault((organization_key(name), org_id), contact_id)
        return people


def _contact_plan(
    fields: _Fields,
    row: SheetRow,
    orgs: dict[str, PlannedOrganization],
    existing_orgs: dict[str, int],
) -> PlannedContact | None:
    """The row's person (None when it has no usable name); problems are noted. An
    organization the directory does not know yet is added to ``orgs``."""
    name = clean(fields.text(row, "name"))
    if reason := name_problem(name, empty="the name is empty"):
        fields.problem(row, "name", reason)
        return None
    values: dict[str, Any] = {"full_name": name}
    if email := fields.checked(row, "email", email_problem):
        values["email"] = email
    if phone := fields.checked(row, "phone", phone_problem):
        values["phone"] = clean(phone)
    title = clean(fields.text(row, "title"))
    if title:
        values["title"] = title
    if notes := fields.text(row, "notes"):
        values["notes"] = notes
    active = fields.active(row)
    if active is not None:
        values["active"] = active
    org_name = clean(fields.text(row, "organization"))
    org_key: str | None = None
    fields.within_limits(row, Contact, values)
    if org_name:
        if reason := name_problem(org_name, empty=""):
            fields.problem(row, "organization", reason)
        org_key = organization_key(org_name)
        if org_key not in orgs and org_key not in existing_orgs:
            orgs[org_key] = PlannedOrganization(None, {"name": org_name}, None, org_name)
    groups_text = fields.text(row, "groups")
    groups = [clean(g) for g in groups_text.replace(",", ";").split(";") if clean(g)]
    return PlannedContact(row.number, values, org_key, groups)


def plan_contacts(
    session: Session,
    table: Table,
    orgs: dict[str, PlannedOrganization],
    existing_orgs: dict[str, int],
    duplicates: list[str],
    progress: Progress,
) -> tuple[list[PlannedContact], RowProblems]:
    """The people of ``table`` (a repeated row folded into its first), and the problems.

    Organizations the rows name that neither ``orgs`` nor ``existing_orgs`` (name key ->
    id) holds are added to ``orgs``; a line per duplicate row is added to ``duplicates``."""
    fields = _Fields.of(table, CONTACT_FIELDS)
    people = _People.of(session)
    org_names = {v: k for k, v in existing_orgs.items()}
    file_by_email: dict[str, PlannedContact] = {}
    file_by_name_org: dict[tuple[str, str | None], PlannedContact] = {}
    planned: list[PlannedContact] = []
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        if index % 500 == 0:
            progress.step(index, total, f"Checking row {row.number:,}…")
        plan = _contact_plan(fields, row, orgs, existing_orgs)
        if plan is None:
            continue
        name, email = plan.values["full_name"], plan.values.get("email")

        # Duplicates: same email, or the same name at the same organization.
        email_key = email.strip().lower() if email else None
        org_id = existing_orgs.get(plan.org_key) if plan.org_key else None
        name_key = organization_key(name)
        earlier = (file_by_email.get(email_key) if email_key else None) or file_by_name_org.get(
            (name_key, plan.org_key)
        )
        if earlier is not None:
            duplicates.append(
                f"row {row.number} ({name}): same "
                + (
                    "email"
                    if email_key and file_by_email.get(email_key) is earlier
                    else "name and organization"
                )
                + f" as row {earlier.row}"
            )
            earlier.values.update({k: v for k, v in plan.values.items() if k != "full_name"})
            earlier.groups += [g for g in plan.groups if g not in earlier.groups]
            continue
        match_id: int | None = people.by_email.get(email_key) if email_key else None
        reason_text = "same email as"
        if match_id is None and (plan.org_key is None or org_id is not None):
            match_id = people.by_name_org.get((name_key, org_id))
            reason_text = "same name and organization as"
        if match_id is not None:
            plan.existing_id = match_id
            where = f" at {org_names[org_id]}" if org_id is not None and org_id in org_names else ""
            duplicates.append(
                f"row {row.number} ({name}): {reason_text} {people.names[match_id]}{where}"
            )
        if email_key:
            file_by_email[email_key] = plan
        file_by_name_org[(name_key, plan.org_key)] = plan
        planned.append(plan)
    return planned, fields.problems
