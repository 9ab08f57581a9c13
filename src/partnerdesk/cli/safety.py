"""`partnerdesk backup`, `restore` and `check`: keeping the records safe."""

from __future__ import annotations

from pathlib import Path

import click

from partnerdesk.cli.common import CliState, emit_json, open_db


@click.command("backup")
@click.argument("destination", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup_command(ctx: click.Context, destination: Path | None) -> None:
    """Back up the database now (to FILE, or into the backups folder beside it)."""
    from partnerdesk.core.platform.backups import backup_now

    with open_db(ctx, create=False) as database:
        written = backup_now(database, destination)
    click.echo(f"Backed up to {written}")


@click.command("restore")
@click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore_command(ctx: click.Context, backup: Path, yes: bool) -> None:
    """Replace the database with BACKUP (the current contents are backed up first)."""
    from partnerdesk.core.platform.backups import restore, verify_backup
    from partnerdesk.core.platform.db import resolve_location

    state: CliState = ctx.find_root().obj
    location = resolve_location(state.db_path, state.url)
    summary = verify_backup(backup)  # refused here, before anything is touched
    click.echo(f"The backup is {summary.describe()}.")
    if not yes:
        click.confirm(
            f"Replace {location.describe()} with it? (its current contents are backed up first)",
            abort=True,
        )
    safety_copy = restore(location, backup)
    click.echo(f"Restored {backup} into {location.describe()}; previous contents: {safety_copy}")


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def check_command(ctx: click.Context, as_json: bool) -> None:
    """Integrity, schema revision, orphan rows, amounts, MOUs without a review date.

    Exits 1 with a report when something is wrong.
    """
    from partnerdesk.core.program.health import check_database

    with open_db(ctx, create=False) as database:
        findings = check_database(database)
        where = database.location.describe()
    if as_json:
        emit_json(
            {"location": where, "ok": not findings, "findings": [f.as_json() for f in findings]}
        )
    elif findings:
        click.echo(f"{where}: {len(findings)} problem(s)")
        for finding in findings:
            click.echo(f"  [{finding.check}] {finding.problem}")
        path = database.location.path
        if path is not None and any(f.check == "integrity" for f in findings):
            from partnerdesk.core.platform.database_files import newest_good_backup

            good = newest_good_backup(path)
            if good is not None:
                click.echo(
                    f"The newest good backup is {good.path} ({good.describe()}); restore it "
                    f"with `partnerdesk --db {path} restore {good.path}`."
                )
    else:
        click.echo(f"{where}: no problems found")
    ctx.exit(1 if findings else 0)
