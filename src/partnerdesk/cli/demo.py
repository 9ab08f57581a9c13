from __future__ import annotations

import click

from partnerdesk.cli.common import open_db, today


@click.command("demo")
@click.option("--force", is_flag=True, help="Replace everything in a non-empty database.")
@click.pass_context
def demo_command(ctx: click.Context, force: bool) -> None:
    """Fill an empty database with the sample partnership."""
    from partnerdesk.core.program.demo import load_demo

    # An empty (0-byte) file is filled here, as on a new path: the user asked for a database.
    with open_db(ctx, adopt_empty_file=True) as database, database.transaction() as session:
        summary = load_demo(session, today(), force=force)
    click.echo(
        f"Demo partnership loaded into {database.location.describe()}: "
        f"{summary.organizations} organizations, {summary.contacts} contacts, "
        f"{summary.mous} MOUs, {summary.clauses} clauses, "
        f"{summary.funding_sources} funding sources, {summary.ledger_entries} ledger entries."
    )
