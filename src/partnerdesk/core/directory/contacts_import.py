"""Importing organizations and contacts from .xlsx / .csv: all or nothing.

The file is read and every row checked first (:mod:`.contacts_import_plan`); one bad cell
anywhere and nothing changes, with every bad row named ('people.xlsx, sheet "Contacts",
row 7, column "Email": ...'). A row that matches someone already in the directory (same
email, or same name at the same organization) is a duplicate: it is skipped, or merged
into the existing record, as the user chooses. What will happen is decided before anything
is written, so a dry run reports exactly what the import would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.directory.contacts_import_plan import (
    PlannedContact,
    PlannedOrganization,
    plan_contacts,
    plan_organizations,
    read_import_tables,
)
from partnerdesk.core.directory.groups import standard_group
from partnerdesk.core.directory.memberships import join_group
from partnerdesk.core.directory.validation import clean
from partnerdesk.core.models import (
    AuditAction,
    Contact,
    GroupKind,
    GroupMembership,
    Organization,
    OrganizationKind,
    StakeholderGroup,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.spreadsheet import RowProblems

OnDuplicate = Literal["skip", "merge"]


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
        # (what, verb in a dry run, verb after the import, what it counts); said when any.
        counted = [
            (self.contacts_merged, "would merge", "merged",
             "duplicate contact(s) into the existing ones"),
            (self.contacts_skipped, "would skip", "skipped", "duplicate contact(s)"),
            (self.organizations_added, "would add", "added", "organization(s)"),
            (self.organizations_merged, "would update", "updated", "existing organization(s)"),
            (self.organizations_skipped, "would skip", "skipped",
             "organization(s) already present"),
        ]  # fmt: skip
        for names, if_dry, done, what in counted:
            if names:
                parts.append(f"{if_dry if would else done} {len(names):,} {what}")
        if self.groups_added:
            parts.append(f"{verb} group(s) {', '.join(self.groups_added)}")
        text = "; ".join(parts)
        if self.dry_run:
            text += ". Dry run: nothing was changed"
        return text + "."


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
    existing_orgs = {
        key: int(i)
        for i, key in session.execute(sa.select(col(Organization.id), col(Organization.name_key)))
    }
    problem_lists: list[RowProblems] = []
    orgs: dict[str, PlannedOrganization] = {}
    if org_table is not None:
        orgs, org_problems = plan_organizations(org_table, existing_orgs, report.duplicates)
        problem_lists.append(org_problems)
        report.rows += len(org_table.rows)
    contacts: list[PlannedContact] = []
    if contact_table is not None:
        contacts, contact_problems = plan_contacts(
            session, contact_table, orgs, existing_orgs, report.duplicates, progress
        )
        problem_lists.append(contact_problems)
        report.rows += len(contact_table.rows)
    all_problems = [p for problems in problem_lists for p in problems.problems]
    if all_problems:
        RowProblems(problem_lists[0].table, all_problems).raise_if_any()

    _decide(session, report, orgs, contacts, on_duplicate)
    if dry_run:
        return report
    source = f"imported from {file.name}"
    org_ids = _write_organizations(session, source, orgs, existing_orgs, on_duplicate)
    group_ids = _write_groups(session, source, report.groups_added)
    _write_contacts(session, source, contacts, org_ids, group_ids, on_duplicate, progress)
    return report


def _decide(
    session: Session,
    report: ContactImportReport,
    orgs: dict[str, PlannedOrganization],
    contacts: list[PlannedContact],
    on_duplicate: OnDuplicate,
) -> None:
    """What will happen, decided before writing (so a dry run reports the same thing)."""
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


# --------------------------------------------------------------------------- groups by name


def _group_key(name: str) -> str:
    return clean(name).casefold()


def _standard_kind(name: str) -> GroupKind | None:
    """The working group or sustainability committee, however the file spells it."""
    for kind in (GroupKind.WORKING_GROUP, GroupKind.SUSTAINABILITY_COMMITTEE):
        if _group_key(name) in (_group_key(kind.label), _group_key(kind.value.replace("_", " "))):
            return kind
    return None


def _existing_groups(session: Session) -> dict[str, int]:
    """Group id by every spelling a file may use for it (its name; for a standing body also
    its kind)."""
    groups: dict[str, int] = {}
    for group_id, name, kind in session.execute(
        sa.select(col(StakeholderGroup.id), col(StakeholderGroup.name), col(StakeholderGroup.kind))
    ):
        groups[_group_key(name)] = int(group_id)
        if kind != GroupKind.CUSTOM:
            groups.setdefault(_group_key(GroupKind(kind).label), int(group_id))
            groups.setdefault(_group_key(GroupKind(kind).value.replace("_", " ")), int(group_id))
    return groups


# --------------------------------------------------------------------------- writing


def _write_organizations(
    session: Session,
    source: str,
    orgs: dict[str, PlannedOrganization],
    existing_orgs: dict[str, int],
    on_duplicate: OnDuplicate,
) -> dict[str, int]:
    """Add the new organizations and merge into existing ones; returns id by name key."""
    org_ids = dict(existing_orgs)
    new_orgs: list[Organization] = []
    for key, org_plan in orgs.items():
        values = org_plan.values
        if org_plan.existing_id is None:
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
            existing = session.get(Organization, org_plan.existing_id)
            assert existing is not None
            with audit.tracking(
                session,
                existing,
                ChangeKind.ORGANIZATION,
                summary=source,
                action=AuditAction.IMPORT,
            ):
                for k, v in values.items():
                    if k != "name":  # the directory's spelling of the name stays
                        setattr(existing, k, v)
    session.flush()
    for org in new_orgs:
        assert org.id is not None
        org_ids[org.name_key] = org.id
        audit.record(
            session, ChangeKind.ORGANIZATION, org.id, AuditAction.IMPORT, f"{org.name} {source}"
        )
    return org_ids


def _write_groups(session: Session, source: str, names: list[str]) -> dict[str, int]:
    """Create the groups the file names that do not exist yet; returns id by group key."""
    groups = _existing_groups(session)
    for name in names:
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
    return groups


def _write_contacts(
    session: Session,
    source: str,
    contacts: list[PlannedContact],
    org_ids: dict[str, int],
    group_ids: dict[str, int],
    on_duplicate: OnDuplicate,
    progress: Progress,
) -> None:
    memberships = {
        (g, c)
        for g, c in session.execute(
            sa.select(col(GroupMembership.group_id), col(GroupMembership.contact_id))
        )
    }
    group_names = {
        int(i): str(n)
        for i, n in session.execute(sa.select(col(StakeholderGroup.id), col(StakeholderGroup.name)))
    }

    def new_groups(contact_id: int, names: list[str]) -> list[int]:
        """The ids of the groups in ``names`` the person is not in yet."""
        wanted: list[int] = []
        for name in names:
            kind = _standard_kind(name)
            group_id = group_ids[_group_key(kind.label if kind is not None else name)]
            if (group_id, contact_id) not in memberships:
                memberships.add((group_id, contact_id))
                wanted.append(group_id)
        return wanted

    created: list[tuple[Contact, PlannedContact]] = []
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
            assert existing is not None and existing.id is not None
            with audit.tracking(
                session, existing, ChangeKind.CONTACT, summary=source, action=AuditAction.IMPORT
            ):
                for k, v in values.items():
                    if k != "full_name":  # the directory's spelling of the name stays
                        setattr(existing, k, v)
            # Joining a group changes the person's record, as in the editor: audited on the
            # person, and their version moves.
            for group_id in new_groups(existing.id, plan.groups):
                join_group(session, existing, group_id, group_names[group_id])
    session.flush()
    for contact, plan in created:
        assert contact.id is not None
        audit.record(
            session,
            ChangeKind.CONTACT,
            contact.id,
            AuditAction.IMPORT,
            f"{contact.full_name} {source}",
        )
        # A new person's groups are part of their creation (the event above).
        for group_id in new_groups(contact.id, plan.groups):
            session.add(GroupMembership(group_id=group_id, contact_id=contact.id))
    session.flush()
    progress.step(total, total, "Saved")
