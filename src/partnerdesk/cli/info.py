from __future__ import annotations

import click

from partnerdesk.cli.common import emit_json, open_db


@click.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def info_command(ctx: click.Context, as_json: bool) -> None:
    """Database location, schema revision and the number of rows in each table."""
    from partnerdesk.core.program.info import database_info

    with open_db(ctx) as database:
        info = database_info(database)
    if as_json:
        emit_json(info.as_json())
        return
    click.echo(f"Database:        {info.location} ({info.backend})")
    click.echo(f"Schema revision: {info.schema_revision}")
    width = max(len(name) for name in info.counts)
    for name, count in info.counts.items():
        click.echo(f"  {name:<{width}}  {count:>8,}")
