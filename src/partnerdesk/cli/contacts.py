"""`partnerdesk contacts ...`: the stakeholder directory from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from partnerdesk.cli.common import emit_json, open_db


@click.group("contacts")
def contacts_group() -> None:
    """The stakeholder directory: list, import from .xlsx/.csv, export to .xlsx/.csv/.vcf."""


def _group_id(session: object, text: str | None) -> int | None:
    if text is None:
        return None
    from sqlmodel import Session

    from partnerdesk.core.directory.groups import find_group, list_groups
    from partnerdesk.core.platform.errors import NotFoundError

    assert isinstance(session, Session)
    group = find_group(session, text)
    if group is None:
        names = ", ".join(f'"{g.name}"' for g in list_groups(session)) or "none yet"
        raise NotFoundError(f'there is no group "{text}" (groups: {names})')
    return group.id


@contacts_group.command("list")
@click.option("--group", "group", metavar="G", help="Only members of this group (name or id).")
@click.option("--active", "active_only", is_flag=True, help="Only active contacts.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_command(ctx: click.Context, group: str | None, active_only: bool, as_json: bool) -> None:
    """The people in the directory (or in one group), by name."""
    from partnerdesk.core.directory.contact_queries import list_contacts
    from partnerdesk.core.directory.groups import group_members

    with open_db(ctx) as database, database.session() as session:
        group_id = _group_id(session, group)
        rows = list_contacts(session, group_id, active_only=active_only)
        roles = (
            {m.contact_id: m.role_in_group for m in group_members(session, group_id)}
            if group_id is not None
            else {}
        )
    if as_json:
        emit_json(
            [
                {
                    "id": r.id,
                    "name": r.full_name,
                    "organization": r.organization or None,
                    "title": r.title or None,
                    "email": r.email or None,
                    "phone": r.phone or None,
                    "groups": r.groups.split(", ") if r.groups else [],
                    "active": r.active,
                    **({"role_in_group": roles.get(r.id) or None} if group_id is not None else {}),
                }
                for r in rows
            ]
        )
        return
    if not rows:
        click.echo("No contacts.")
        return
    for r in rows:
        role = f" [{roles[r.id]}]" if roles.get(r.id) else ""
        inactive = " (inactive)" if not r.active else ""
        org = f", {r.organization}" if r.organization else ""
        reach = "  ".join(x for x in (r.email, r.phone) if x)
        click.echo(f"{r.full_name}{role}{org}{inactive}")
        if r.title or reach:
            click.echo(f"    {r.title}{'  ' if r.title and reach else ''}{reach}")
    click.echo(f"{len(rows):,} contact(s)")


@contacts_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; change nothing.")
@click.option(
    "--on-duplicate",
    type=click.Choice(["skip", "merge"]),
    default="skip",
    show_default=True,
    help="A row with the same email, or the same name at the same organization, as an "
    "existing contact: leave the contact as it is, or copy the row's filled cells into it.",
)
@click.pass_context
def import_command(ctx: click.Context, file: Path, dry_run: bool, on_duplicate: str) -> None:
    """Import organizations and contacts from .xlsx/.ods/.csv.

    A workbook may have an "Organizations" and a "Contacts" sheet (as `contacts export`
    writes them); a CSV holds either. All or nothing: any bad cell is reported by row and
    column and nothing changes.
    """
    from partnerdesk.core.directory.contacts_import import import_contacts

    with open_db(ctx) as database, database.transaction() as session:
        report = import_contacts(
            session,
            file,
            on_duplicate="merge" if on_duplicate == "merge" else "skip",
            dry_run=dry_run,
        )
    click.echo(report.describe())
    if report.duplicates:
        action = "merged into the existing record" if on_duplicate == "merge" else "skipped"
        click.echo(f"Duplicates ({action}):")
        for line in report.duplicates[:50]:
            click.echo(f"  {line}")
        if len(report.duplicates) > 50:
            click.echo(f"  …and {len(report.duplicates) - 50} more")


@contacts_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--group", "group", metavar="G", help="Only members of this group (name or id).")
@click.pass_context
def export_command(ctx: click.Context, file: Path, group: str | None) -> None:
    """Write the directory to FILE: .xlsx (contacts and organizations, re-importable),
    .csv (contacts) or .vcf (vCard 3.0, for address books).

    The file holds personal data; a reminder is printed after writing it.
    """
    from partnerdesk.core.directory.contacts_export import PERSONAL_DATA_WARNING, export_contacts

    with open_db(ctx) as database, database.session() as session:
        result = export_contacts(session, file, group_id=_group_id(session, group))
    click.echo(result.describe())
    click.echo(f"Personal data: {PERSONAL_DATA_WARNING}")


@contacts_group.command("groups")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def groups_command(ctx: click.Context, as_json: bool) -> None:
    """The stakeholder groups and how many people are in each."""
    from partnerdesk.core.directory.groups import list_groups

    with open_db(ctx) as database, database.session() as session:
        rows = list_groups(session)
    if as_json:
        emit_json(
            [{"id": g.id, "name": g.name, "kind": g.kind, "members": g.members} for g in rows]
        )
        return
    for g in rows:
        click.echo(f"{g.id:>4}  {g.name} ({g.members} member(s))")
