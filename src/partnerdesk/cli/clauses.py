"""`partnerdesk clauses ...`: the clause library from the command line."""

from __future__ import annotations

from typing import Any

import click

from partnerdesk.cli.common import emit_json, open_db


def _category(_ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from partnerdesk.core.models import ClauseCategory

    try:
        return ClauseCategory.from_text(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param=param) from None


@click.group("clauses")
def clauses_group() -> None:
    """The clause library: list and search clauses, load the default library."""


@clauses_group.command("list")
@click.option(
    "--category",
    callback=_category,
    metavar="C",
    help="Only this category: response_protocol, information_sharing, liability, "
    "funding_arrangement, evaluation_metrics, training, confidentiality_privacy, "
    "data_retention, termination, dispute_resolution, general.",
)
@click.option("--search", metavar="WORDS", help="Only clauses whose title or text has all words.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def list_command(ctx: click.Context, category: Any, search: str | None, as_json: bool) -> None:
    """Every clause with its category, status and current version."""
    from partnerdesk.core.mou.clauses import list_clauses

    with open_db(ctx) as database, database.session() as session:
        rows = list_clauses(session, category, search=search)
    if as_json:
        emit_json(
            [
                {
                    "id": row.id,
                    "title": row.title,
                    "category": row.category,
                    "status": row.status,
                    "version": row.version,
                    "sharing_tier": row.sharing_tier,
                    "used_by_mous": row.used_by_mous,
                    "outdated_in_mous": row.outdated_in_mous,
                    "text": row.body,
                }
                for row in rows
            ]
        )
        return
    if not rows:
        click.echo("No clauses." if not search else f"No clause matches {search!r}.")
        return
    for row in rows:
        tier = f" [{row.sharing_tier.value}]" if row.sharing_tier else ""
        outdated = (
            f"  ({row.outdated_in_mous} MOU(s) on an older version)" if row.outdated_in_mous else ""
        )
        click.echo(
            f"{row.id:>5}  {row.category.value:<24} {row.status.value:<8} v{row.version:<3} "
            f"{row.title}{tier}{outdated}"
        )


@clauses_group.command("seed")
@click.pass_context
def seed_command(ctx: click.Context) -> None:
    """Load PartnerDesk's default clause library into an empty library."""
    from partnerdesk.core.mou.seed_clauses import load_seed_library

    with open_db(ctx) as database, database.transaction() as session:
        count = load_seed_library(session)
    click.echo(f"Loaded {count} approved clauses into the library.")
