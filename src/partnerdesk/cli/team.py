"""`partnerdesk copy`: move a program between a local file and a team server."""

from __future__ import annotations

import click


@click.command("copy")
@click.option("--from", "source", required=True, metavar="PATH|URL", help="Database to copy.")
@click.option("--to", "target", required=True, metavar="PATH|URL", help="Empty target database.")
def copy_command(source: str, target: str) -> None:
    """Copy every record from one database into an empty one (file or server), checking
    the counts afterwards."""
    from partnerdesk.core.program.copy import copy_program, location_from_text

    report = copy_program(location_from_text(source), location_from_text(target))
    total = sum(report.counts.values())
    click.echo(f"Copied {total:,} rows from {report.source} to {report.target}; counts match.")
