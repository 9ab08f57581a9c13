"""Organizations and contacts in and out: .xlsx / .csv import and export, and vCard (.vcf).

Import reads through :func:`partnerdesk.core.platform.spreadsheet.read_table` and checks every row
before writing anything: one bad cell anywhere and nothing changes, with every bad row named
('people.xlsx, sheet "Contacts", row 7, column "Email": ...'). A row that matches someone
already in the directory (same email, or same name at the same organization) is a
duplicate: it is skipped, or merged into the existing record, as the user chooses.

Exports hold personal data; :data:`PERSONAL_DATA_WARNING` is shown before saving one.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.contact_queries import ContactRow, list_contacts
from partnerdesk.core.directory.groups import standard_group
from partnerdesk.core.directory.organizations import organization_key
from partnerdesk.core.directory.validation import (
    clean,
    email_problem,
    phone_problem,
    website_problem,
)
from partnerdesk.core.models import (
    AuditAction,
    Contact,
    GroupKind,
    GroupMembership,
    Organization,
    OrganizationKind,
    StakeholderGroup,
    utc_now,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import ImportFileError, ValidationError
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.spreadsheet import (
    SheetRow,
    Table,
    cell_text,
    neutralise_formula,
    read_table,
)

OnDuplicate = Literal["skip", "merge"]

PERSONAL_DATA_WARNING = (
    "This file contains personal data (names, email addresses and phone numbers). Keep it "
    "on a protected drive, share it only with people who need it, and delete it when it is "
    "no longer needed."
)

EXPORT_SUFFIXES = (".xlsx", ".csv", ".vcf")

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
CONTACT_HEADERS = ["Name", "Organization", "Title", "Email", "Phone", "Groups", "Active", "Notes"]
ORGANIZATION_HEADERS = ["Name", "Kind", "Address", "Phone", "Website", "Active", "Notes"]
_YES = {"yes", "y", "true", "1", "active", "x"}
_NO = {"no", "n", "false", "0", "inactive", ""}


# --------------------------------------------------------------------------- import: reading


def _headers(table: Table, fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Field -> the lower-cased header holding it, for the fields the file has."""
    present = {h.lower() for h in table.headers}
    found: dict[str, str] = {}
    for name, spellings in fields.items():
        for spelling in spellings:
            if spelling in present and spelling not in found.values():
                found[name] = spelling
                break
    return found


def _unneutralise(text: str) -> str:
    """Undo the apostrophe an export puts before text a spreadsheet would run."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def _cell(row: SheetRow, columns: dict[str, str], name: str) -> str:
    key = columns.get(name)
    if key is None:
        return ""
    return _unneutralise(cell_text(row.values.get(key)))


def _sheet_names(path: Path) -> list[str]:
    if path.suffix.lower() == ".csv":
        return []
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # read_table reports a damaged file with the proper message
        return []


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
    names = {n.lower(): n for n in _sheet_names(file)}
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


# --------------------------------------------------------------------------- import: planning


@dataclass
class ContactImportReport:
    path: Path
    dry_run: bool
    on_duplicate: OnDuplicate
    rows: int = 0
    organizations_added: list[str] = field(default_factory=list)
    organizations_merged: list[str] = field(default_factory=list)
    organizations_skipped: list[str] = field(default_factory=list)
    contacts_added: list[str] = field(default_factory=list)
    contacts_merged: list[str] = field(default_factory=list)
    contacts_skipped: list[str] = field(default_factory=list)
    groups_added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # one line per duplicate row

    def describe(self) -> str:
        would = self.dry_run
        verb = "would add" if would else "added"
        parts = [f"{self.path.name}: {self.rows:,} row(s) read"]
        parts.append(f"{verb} {len(self.contacts_added):,} contact(s)")
        if self.contacts_merged:
            parts.append(
                f"{'would merge' if would else 'merged'} {len(self.contacts_merged):,} duplicate "
                "contact(s) into the existing ones"
            )
        if self.contacts_skipped:
            parts.append(
                f"{'would skip' if would else 'skipped'} {len(self.contacts_skipped):,} "
                "duplicate contact(s)"
            )
        if self.organizations_added:
            parts.append(f"{verb} {len(self.organizations_added):,} organization(s)")
        if self.organizations_merged:
            parts.append(
                f"{'would update' if would else 'updated'} {len(self.organizations_merged):,} "
                "existing organization(s)"
            )
        if self.organizations_skipped:
            parts.append(
                f"{'would skip' if would else 'skipped'} {len(self.organizations_skipped):,} "
                "organization(s) already present"
            )
        if self.groups_added:
            parts.append(f"{verb} group(s) {', '.join(self.groups_added)}")
        text = "; ".join(parts)
        if self.dry_run:
            text += ". Dry run: nothing was changed"
        return text + "."


@dataclass
class _PlannedOrg:
    row: int | None  # None: created because a contact names it
    values: dict[str, Any]  # only the fields the file gave
    existing_id: int | None = None
    name: str = ""


@dataclass
class _PlannedContact:
    row: int
    values: dict[str, Any]  # only the fields the file gave (full_name always)
    org_key: str | None
    groups: list[str]
    existing_id: int | None = None


def _parse_active(
    problems: Any, table: Table, row: SheetRow, columns: dict[str, str]
) -> bool | None:
    if "active" not in columns:
        return None
    text = _cell(row, columns, "active").lower()
    if text in _YES:
        return True
    if text in _NO:
        return False if text else None
    problems.add(row.number, _header(table, columns["active"]), f"{text!r} is not yes or no")
    return None


def _header(table: Table, key: str) -> str:
    return next((h for h in table.headers if h.lower() == key), key)


def _plan_organizations(
    table: Table, problems: Any, existing: dict[str, int], report: ContactImportReport
) -> dict[str, _PlannedOrg]:
    columns = _headers(table, ORGANIZATION_FIELDS)
    if "name" not in columns:
        raise ImportFileError(
            f'{table.where(row=1)}: no "Name" column; the columns are '
            f"{', '.join(repr(h) for h in table.headers)}"
        )
    planned: dict[str, _PlannedOrg] = {}
    for row in table.rows:
        name = clean(_cell(row, columns, "name"))
        where = _header(table, columns["name"])
        if not name:
            problems.add(row.number, where, "the organization's name is empty")
            continue
        if len(name) > 200:
            problems.add(row.number, where, "the name is longer than 200 characters")
            continue
        values: dict[str, Any] = {"name": name}
        kind_text = _cell(row, columns, "kind")
        if kind_text:
            try:
                values["kind"] = OrganizationKind.from_text(kind_text)
            except ValueError:
                allowed = ", ".join(k.label for k in OrganizationKind)
                problems.add(
                    row.number,
                    _header(table, columns["kind"]),
                    f"{kind_text!r} is not a kind of organization (one of: {allowed})",
                )
        for name_field, check in (("phone", phone_problem), ("website", website_problem)):
            text = _cell(row, columns, name_field)
            if text:
                reason = check(text)
                if reason:
                    problems.add(row.number, _header(table, columns[name_field]), reason)
                values[name_field] = clean(text) if name_field == "phone" else text
        for name_field in ("address", "notes"):
            text = _cell(row, columns, name_field)
            if text:
                values[name_field] = text
        active = _parse_active(problems, table, row, columns)
        if active is not None:
            values["active"] = active
        key = organization_key(name)
        if key in planned:
            first = planned[key]
            report.duplicates.append(
                f"row {row.number} ({name}): same organization as row {first.row}"
            )
            first.values.update(values)  # a later row fills in what the first left out
            continue
        plan = _PlannedOrg(row.number, values, existing.get(key), name)
        if plan.existing_id is not None:
            report.duplicates.append(f"row {row.number} ({name}): already in the directory")
        planned[key] = plan
    return planned


def _plan_contacts(
    session: Session,
    table: Table,
    problems: Any,
    report: ContactImportReport,
    orgs: dict[str, _PlannedOrg],
    existing_orgs: dict[str, int],
    progress: Progress,
) -> list[_PlannedContact]:
    columns = _headers(table, CONTACT_FIELDS)
    if "name" not in columns:
        raise ImportFileError(
            f'{table.where(row=1)}: no "Name" column; the columns are '
            f"{', '.join(repr(h) for h in table.headers)}"
        )
    by_email: dict[str, int] = {}
    by_name_org: dict[tuple[str, int | None], int] = {}
    names_by_id: dict[int, str] = {}
    for contact_id, name, email, org_id in session.execute(
        sa.select(
            col(Contact.id),
            col(Contact.full_name),
            col(Contact.email),
            col(Contact.organization_id),
        )
    ):
        names_by_id[contact_id] = name
        if email:
            by_email.setdefault(email.strip().lower(), contact_id)
        by_name_org.setdefault((organization_key(name), org_id), contact_id)
    org_names = {v: k for k, v in existing_orgs.items()}
    file_by_email: dict[str, _PlannedContact] = {}
    file_by_name_org: dict[tuple[str, str | None], _PlannedContact] = {}
    planned: list[_PlannedContact] = []
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        if index % 500 == 0:
            progress.step(index, total, f"Checking row {row.number:,}…")
        name = clean(_cell(row, columns, "name"))
        if not name:
            problems.add(row.number, _header(table, columns["name"]), "the name is empty")
            continue
        if len(name) > 200:
            problems.add(row.number, _header(table, columns["name"]), "the name is too long")
            continue
        values: dict[str, Any] = {"full_name": name}
        email = _cell(row, columns, "email")
        if email:
            reason = email_problem(email)
            if reason:
                problems.add(row.number, _header(table, columns["email"]), reason)
            values["email"] = email
        phone = _cell(row, columns, "phone")
        if phone:
            reason = phone_problem(phone)
            if reason:
                problems.add(row.number, _header(table, columns["phone"]), reason)
            values["phone"] = clean(phone)
        title = clean(_cell(row, columns, "title"))
        if title:
            if len(title) > 200:
                problems.add(row.number, _header(table, columns["title"]), "the title is too long")
            values["title"] = title
        notes = _cell(row, columns, "notes")
        if notes:
            values["notes"] = notes
        active = _parse_active(problems, table, row, columns)
        if active is not None:
            values["active"] = active
        org_name = clean(_cell(row, columns, "organization"))
        org_key: str | None = None
        if org_name:
            if len(org_name) > 200:
                problems.add(
                    row.number, _header(table, columns["organization"]), "the name is too long"
                )
            org_key = organization_key(org_name)
            if org_key not in orgs and org_key not in existing_orgs:
                orgs[org_key] = _PlannedOrg(None, {"name": org_name}, None, org_name)
        groups_text = _cell(row, columns, "groups")
        groups = [clean(g) for g in groups_text.replace(",", ";").split(";") if clean(g)]
        plan = _PlannedContact(row.number, values, org_key, groups)

        # Duplicates: same email, or the same name at the same organization.
        email_key = email.strip().lower() if email else None
        org_id = existing_orgs.get(org_key) if org_key else None
        name_key = organization_key(name)
        earlier = (file_by_email.get(email_key) if email_key else None) or file_by_name_org.get(
            (name_key, org_key)
        )
        if earlier is not None:
            report.duplicates.append(
                f"row {row.number} ({name}): same "
                + (
                    "email"
                    if email_key and file_by_email.get(email_key) is earlier
                    else "name and organization"
                )
                + f" as row {earlier.row}"
            )
            earlier.values.update({k: v for k, v in values.items() if k != "full_name"})
            earlier.groups += [g for g in groups if g not in earlier.groups]
            continue
        match_id: int | None = by_email.get(email_key) if email_key else None
        reason_text = "same email as"
        if match_id is None and (org_key is None or org_id is not None):
            match_id = by_name_org.get((name_key, org_id))
            reason_text = "same name and organization as"
        if match_id is not None:
            plan.existing_id = match_id
            where = f" at {org_names[org_id]}" if org_id is not None and org_id in org_names else ""
            report.duplicates.append(
                f"row {row.number} ({name}): {reason_text} {names_by_id[match_id]}{where}"
            )
        if email_key:
            file_by_email[email_key] = plan
        file_by_name_org[(name_key, org_key)] = plan
        planned.append(plan)
    return planned


def import_contacts(
    session: Session,
    path: str | Path,
    *,
    on_duplicate: OnDuplicate = "skip",
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ContactImportReport:
    """Import organizations and contacts from a workbook or CSV; call inside a transaction.

    All or nothing: any problem raises ImportFileError naming every bad row, and nothing is
    written. ``on_duplicate`` decides what a row matching an existing record does: ``skip``
    leaves the record as it is; ``merge`` copies the row's non-empty cells into it (and adds
    its groups)."""
    if on_duplicate not in ("skip", "merge"):
        raise ValidationError(f"on_duplicate must be skip or merge, not {on_duplicate!r}")
    file = Path(path)
    report = ContactImportReport(file, dry_run, on_duplicate)
    progress.step(0, 0, f"Reading {file.name}…")
    org_table, contact_table = read_import_tables(file)
    from partnerdesk.core.platform.spreadsheet import RowProblems

    existing_orgs = {
        key: int(i)
        for i, key in session.execute(sa.select(col(Organization.id), col(Organization.name_key)))
    }
    problem_lists: list[RowProblems] = []
    orgs: dict[str, _PlannedOrg] = {}
    if org_table is not None:
        org_problems = RowProblems(org_table)
        problem_lists.append(org_problems)
        orgs = _plan_organizations(org_table, org_problems, existing_orgs, report)
        report.rows += len(org_table.rows)
    contacts: list[_PlannedContact] = []
    if contact_table is not None:
        contact_problems = RowProblems(contact_table)
        problem_lists.append(contact_problems)
        contacts = _plan_contacts(
            session, contact_table, contact_problems, report, orgs, existing_orgs, progress
        )
        report.rows += len(contact_table.rows)
    all_problems = [p for problems in problem_lists for p in problems.problems]
    if all_problems:
        merged = RowProblems(problem_lists[0].table, all_problems)
        merged.raise_if_any()

    # What will happen, decided before writing (so a dry run reports the same thing).
    groups = _existing_groups(session)
    for plan in contacts:
        for group_name in plan.groups:
            if _group_key(group_name) not in groups:
                kind = _standard_kind(group_name)
                shown = kind.label if kind is not None else group_name
                report.groups_added.append(shown)
                groups[_group_key(group_name)] = -1
                if kind is not None:  # every spelling of it now resolves to the one group
                    groups[_group_key(kind.label)] = groups[_group_key(kind.value)] = -1
                    groups[_group_key(kind.value.replace("_", " "))] = -1
    for org in orgs.values():
        if org.existing_id is None:
            report.organizations_added.append(org.values["name"])
        elif on_duplicate == "merge" and org.row is not None:
            report.organizations_merged.append(org.values["name"])
        else:
            report.organizations_skipped.append(org.values["name"])
    for plan in contacts:
        name = plan.values["full_name"]
        if plan.existing_id is None:
            report.contacts_added.append(name)
        elif on_duplicate == "merge":
            report.contacts_merged.append(name)
        else:
            report.contacts_skipped.append(name)
    if dry_run:
        return report
    _write(session, file, report, orgs, contacts, existing_orgs, on_duplicate, progress)
    return report


def _group_key(name: str) -> str:
    return clean(name).casefold()


def _standard_kind(name: str) -> GroupKind | None:
    """The working group or sustainability committee, however the file spells it."""
    for kind in (GroupKind.WORKING_GROUP, GroupKind.SUSTAINABILITY_COMMITTEE):
        if _group_key(name) in (_group_key(kind.label), _group_key(kind.value.replace("_", " "))):
            return kind
    return None


def _existing_groups(session: Session) -> dict[str, int]:
    groups: dict[str, int] = {}
    for group_id, name, kind in session.execute(
        sa.select(col(StakeholderGroup.id), col(StakeholderGroup.name), col(StakeholderGroup.kind))
    ):
        groups[_group_key(name)] = int(group_id)
        if kind != GroupKind.CUSTOM:
            groups.setdefault(_group_key(GroupKind(kind).label), int(group_id))
            groups.setdefault(_group_key(GroupKind(kind).value.replace("_", " ")), int(group_id))
    return groups


def _write(
    session: Session,
    file: Path,
    report: ContactImportReport,
    orgs: dict[str, _PlannedOrg],
    contacts: list[_PlannedContact],
    existing_orgs: dict[str, int],
    on_duplicate: OnDuplicate,
    progress: Progress,
) -> None:
    now = utc_now()
    source = f"imported from {file.name}"
    org_ids = dict(existing_orgs)
    new_orgs: list[Organization] = []
    for key, org_plan in orgs.items():
        if org_plan.existing_id is None:
            values = org_plan.values
            org = Organization(
                name=values["name"],
                name_key=key,
                kind=values.get("kind", OrganizationKind.OTHER),
                address=values.get("address"),
                phone=values.get("phone"),
                website=values.get("website"),
                notes=values.get("notes"),
                active=values.get("active", True),
            )
            session.add(org)
            new_orgs.append(org)
        elif on_duplicate == "merge" and org_plan.row is not None:
            existing_org = session.get(Organization, org_plan.existing_id)
            assert existing_org is not None
            before = {k: getattr(existing_org, k) for k in org_plan.values if k != "name"}
            for k, v in org_plan.values.items():
                if k != "name":
                    setattr(existing_org, k, v)
            changes = audit.diff(before, {k: getattr(existing_org, k) for k in before})
            if changes:
                existing_org.row_version += 1
                existing_org.updated_at = now
                audit.record(
                    session,
                    ChangeKind.ORGANIZATION,
                    existing_org.id,
                    AuditAction.IMPORT,
                    source,
                    changes,
                )
    session.flush()
    for org in new_orgs:
        assert org.id is not None
        org_ids[org.name_key] = org.id
        audit.record(
            session, ChangeKind.ORGANIZATION, org.id, AuditAction.IMPORT, f"{org.name} {source}"
        )

    groups = _existing_groups(session)
    for name in report.groups_added:
        kind = _standard_kind(name)
        if kind is not None:
            group = standard_group(session, kind)
        else:
            group = StakeholderGroup(name=name, kind=GroupKind.CUSTOM)
            session.add(group)
            session.flush()
            audit.record(
                session, ChangeKind.GROUP, group.id, AuditAction.IMPORT, f"{name} {source}"
            )
        assert group.id is not None
        groups[_group_key(name)] = group.id

    memberships = {
        (g, c)
        for g, c in session.execute(
            sa.select(col(GroupMembership.group_id), col(GroupMembership.contact_id))
        )
    }
    created: list[tuple[Contact, _PlannedContact]] = []
    total = len(contacts)
    for index, plan in enumerate(contacts):
        if index % 500 == 0:
            progress.step(index, total, f"Saving contact {index + 1:,} of {total:,}…")
        values = dict(plan.values)
        if plan.org_key is not None:
            values["organization_id"] = org_ids[plan.org_key]
        if "email" in values:
            values["email"] = values["email"].strip()
        if plan.existing_id is None:
            contact = Contact(**values)
            session.add(contact)
            created.append((contact, plan))
        elif on_duplicate == "merge":
            existing = session.get(Contact, plan.existing_id)
            assert existing is not None
            before = {k: getattr(existing, k) for k in values if k != "full_name"}
            for k, v in values.items():
                if k != "full_name":
                    setattr(existing, k, v)
            changes = audit.diff(before, {k: getattr(existing, k) for k in before})
            if changes:
                existing.row_version += 1
                existing.updated_at = now
                audit.record(
                    session, ChangeKind.CONTACT, existing.id, AuditAction.IMPORT, source, changes
                )
            _add_groups(session, existing, plan.groups, groups, memberships)
    session.flush()
    for contact, plan in created:
        audit.record(
            session,
            ChangeKind.CONTACT,
            contact.id,
            AuditAction.IMPORT,
            f"{contact.full_name} {source}",
        )
        _add_groups(session, contact, plan.groups, groups, memberships)
    session.flush()
    progress.step(total, total, "Saved")


def _add_groups(
    session: Session,
    contact: Contact,
    names: Sequence[str],
    groups: dict[str, int],
    memberships: set[tuple[int, int]],
) -> None:
    assert contact.id is not None
    for name in names:
        kind = _standard_kind(name)
        group_id = groups[_group_key(kind.label if kind is not None else name)]
        if (group_id, contact.id) in memberships:
            continue
        memberships.add((group_id, contact.id))
        session.add(GroupMembership(group_id=group_id, contact_id=contact.id))


# --------------------------------------------------------------------------- export


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
            temporary.write_text(vcards(rows, notes), encoding="utf-8", newline="")
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
            from openpyxl.cell import WriteOnlyCell

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


# --------------------------------------------------------------------------- vCard


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 2425),
    cut between characters, never inside a UTF-8 sequence."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


_PREFIXES = {"dr.", "dr", "mr.", "mr", "ms.", "ms", "mrs.", "mrs", "prof.", "prof", "rev."}


def _structured_name(full_name: str) -> str:
    words = full_name.split()
    prefix = ""
    if len(words) > 1 and words[0].lower() in _PREFIXES:
        prefix = words.pop(0)
    family = words[-1] if words else ""
    given = words[0] if len(words) > 1 else ""
    middle = " ".join(words[1:-1])
    return ";".join(_escape(p) for p in (family, given, middle, prefix, ""))


def vcard(row: ContactRow, notes: str = "") -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//PartnerDesk//Stakeholder directory//EN",
        f"UID:partnerdesk-contact-{row.id}",
        f"N:{_structured_name(row.full_name)}",
        f"FN:{_escape(row.full_name)}",
    ]
    if row.organization:
        lines.append(f"ORG:{_escape(row.organization)}")
    if row.title:
        lines.append(f"TITLE:{_escape(row.title)}")
    if row.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{_escape(row.email)}")
    if row.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{_escape(row.phone)}")
    if row.groups:
        lines.append("CATEGORIES:" + ",".join(_escape(g) for g in row.groups.split(", ")))
    note = notes
    if not row.active:
        note = ("No longer active in the partnership. " + note).strip()
    if note:
        lines.append(f"NOTE:{_escape(note)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def vcards(rows: Sequence[ContactRow], notes: dict[int, str] | None = None) -> str:
    return "".join(vcard(row, (notes or {}).get(row.id, "")) for row in rows)
