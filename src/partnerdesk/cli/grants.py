"""`partnerdesk grants ...`: grant obligations (list, record a submission or an acceptance,
the report pack), the local match, and the pipeline with its effect on the projection."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from partnerdesk.cli.common import (
    RECORD_ID,
    emit_json,
    open_db,
    parse_day,
    today,
    today_option,
    within_option,
)

if TYPE_CHECKING:
    from partnerdesk.core.funding.grant_terms import MatchStatus
    from partnerdesk.core.funding.obligation_queries import ObligationRow
    from partnerdesk.core.funding.obligations import ItemDetail
    from partnerdesk.core.funding.pipeline import ProspectRow
    from partnerdesk.core.funding.projection import Projection


@click.group("grants")
def grants_group() -> None:
    """Grant obligations (reports, renewal applications), the local match and the pipeline."""


# --------------------------------------------------------------------------- obligations


def obligation_payload(row: ObligationRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "rule_id": row.rule_id,
        "source_id": row.source_id,
        "source": row.source,
        "kind": row.kind,
        "title": row.title,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "due_date": row.due_date,
        "days_until_due": row.days_until_due,
        "status": row.shown.value,
        "submitted_on": row.submitted_on,
        "accepted_on": row.accepted_on,
        "owner": row.owner or None,
    }


@grants_group.command("obligations")
@within_option
@click.option("--source", metavar="S", help="Only this funding source (its id or name).")
@click.option(
    "--all", "show_all", is_flag=True, help="Every item, submitted ones and far-off ones too."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@today_option
@click.pass_context
def obligations_command(
    ctx: click.Context, within: int, source: str | None, show_all: bool, as_json: bool
) -> None:
    """Reports and other deliverables overdue or due soon, soonest first."""
    from partnerdesk.core.funding.obligation_queries import ObligationFilter, list_obligations
    from partnerdesk.core.funding.sources import find_source

    day = today()
    with open_db(ctx) as database, database.session() as session:
        source_id = find_source(session, source) if source else None
        where = (
            ObligationFilter("all", source_id)
            if show_all
            else ObligationFilter("open", source_id, within)
        )
        rows = list_obligations(session, day, where)
    if as_json:
        emit_json([obligation_payload(row) for row in rows])
        return
    if not rows:
        click.echo(
            "No obligations recorded."
            if show_all
            else f"Nothing overdue or due within {within} days."
        )
        return
    for row in rows:
        period = f" ({row.period})" if row.period else ""
        owner = f"  [{row.owner}]" if row.owner else ""
        click.echo(
            f"{row.due_date}  {row.shown.label:<9}  {row.describe():<22}  #{row.id} "
            f"{row.source}: {row.title}{period}{owner}"
        )


def _item_payload(item: ItemDetail) -> dict[str, Any]:
    return {
        "id": item.id,
        "source": item.source,
        "title": item.title,
        "due_date": item.due_date,
        "status": item.values.status,
        "submitted_on": item.values.submitted_on,
        "accepted_on": item.values.accepted_on,
    }


@grants_group.command("submit")
@click.argument("obligation", type=RECORD_ID)
@click.option("--date", "day", callback=parse_day, required=True, metavar="YYYY-MM-DD")
@click.option("--notes", default=None, help="How or where it was sent.")
@click.option("--json", "as_json", is_flag=True, help="Print the item as JSON.")
@today_option
@click.pass_context
def submit_command(
    ctx: click.Context, obligation: int, day: date, notes: str | None, as_json: bool
) -> None:
    """Record that OBLIGATION (its number in `grants obligations`) was submitted."""
    from partnerdesk.core.funding.obligations import submit_item

    with open_db(ctx) as database, database.transaction() as session:
        item = submit_item(session, obligation, submitted_on=day, today=today(), notes=notes)
    if as_json:
        emit_json(_item_payload(item))
        return
    late = (day - item.due_date).days
    when = f", {late} day{'s' if late != 1 else ''} after it was due" if late > 0 else ""
    click.echo(f"#{item.id} {item.source}: {item.title} submitted on {day}{when}")


@grants_group.command("accept")
@click.argument("obligation", type=RECORD_ID)
@click.option("--date", "day", callback=parse_day, required=True, metavar="YYYY-MM-DD")
@click.option("--json", "as_json", is_flag=True, help="Print the item as JSON.")
@today_option
@click.pass_context
def accept_command(ctx: click.Context, obligation: int, day: date, as_json: bool) -> None:
    """Record that the funder accepted OBLIGATION (submitted before)."""
    from partnerdesk.core.funding.obligations import accept_item

    with open_db(ctx) as database, database.transaction() as session:
        item = accept_item(session, obligation, accepted_on=day, today=today())
    if as_json:
        emit_json(_item_payload(item))
        return
    click.echo(f"#{item.id} {item.source}: {item.title} accepted on {day}")


@grants_group.command("pack")
@click.argument("obligation", type=RECORD_ID)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    metavar="FILE.xlsx",
)
@click.option("--json", "as_json", is_flag=True, help="Print the pack's figures as JSON.")
@today_option
@click.pass_context
def pack_command(ctx: click.Context, obligation: int, out: Path, as_json: bool) -> None:
    """Write the report pack of OBLIGATION: the source's budget, receipts and match for
    the period it reports on, with the ledger lines behind them, and the outcome
    indicators of the same months (.xlsx)."""
    from partnerdesk.core.models import LedgerEntryType
    from partnerdesk.core.platform.money import format_money
    from partnerdesk.core.program.grant_pack import write_pack

    with open_db(ctx) as database, database.session() as session:
        report = write_pack(session, obligation, out, today=today())
    figures = report.figures
    if as_json:
        emit_json(
            {
                "path": str(report.path),
                "obligation_id": figures.obligation.id,
                "source": figures.obligation.source,
                "title": figures.obligation.title,
                "period_start": figures.first,
                "period_end": figures.last,
                "budget": figures.budget,
                "received": figures.total(LedgerEntryType.RECEIVED),
                "adjustments": figures.total(LedgerEntryType.ADJUSTMENT),
                "actual": figures.actual,
                "variance": figures.variance,
                "match_required": None if figures.match is None else figures.match.required,
                "match_met": None if figures.match is None else figures.match.met,
                "match_in_period": figures.match_in_period,
                "ledger_lines": len(figures.lines),
            }
        )
        return
    click.echo(
        f"Wrote {report.path}: {figures.obligation.source}, {figures.period}: received "
        f"{format_money(figures.actual)} against a budget of {format_money(figures.budget)}"
    )


# --------------------------------------------------------------------------- match


def match_payload(status: MatchStatus) -> dict[str, Any]:
    return {
        "source_id": status.source_id,
        "source": status.source,
        "share_pct": status.share_pct,
        "amount": status.amount,
        "grant_spent": status.grant_spent,
        "grant_budget": status.grant_budget,
        "required": status.required,
        "met": status.met,
        "shortfall": status.shortfall,
        "behind": status.behind,
        "match_sources": list(status.match_sources),
        "marked_entries": status.marked_entries,
    }


@grants_group.command("match")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@today_option
@click.pass_context
def match_command(ctx: click.Context, as_json: bool) -> None:
    """The local match of every grant that requires one: required and met so far."""
    from partnerdesk.core.funding.grant_terms import match_statuses

    with open_db(ctx) as database, database.session() as session:
        statuses = match_statuses(session, today())
    if as_json:
        emit_json([match_payload(status) for status in statuses])
        return
    if not statuses:
        click.echo("No grant requires a match.")
    for status in statuses:
        click.echo(("! " if status.behind else "  ") + status.describe())


# --------------------------------------------------------------------------- pipeline


def prospect_payload(row: ProspectRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "funder": row.funder or None,
        "kind": row.kind,
        "stage": row.stage,
        "amount_requested": row.amount_requested,
        "amount_awarded": row.amount_awarded,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "decision_date": row.decision_date,
        "probability_pct": row.probability_pct,
        "weighted": row.weighted,
        "owner": row.owner or None,
        "source": row.source or None,
    }


def pipeline_years(projection: Projection) -> list[dict[str, Any]]:
    return [
        {
            "fiscal_year": year.fiscal_year,
            "revenue": year.revenue,
            "pipeline": year.pipeline,
            "without_pipeline": year.revenue - year.pipeline,
            "cost": year.cost,
            "gap": year.gap,
        }
        for year in projection.years
    ]


@grants_group.command("pipeline")
@click.option(
    "--scenario",
    default="expected",
    show_default=True,
    help='The projection to show the pipeline in ("expected", "all renewed", a saved one).',
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@today_option
@click.pass_context
def pipeline_command(ctx: click.Context, scenario: str, as_json: bool) -> None:
    """Prospective funding by stage, and what it adds to the projection year by year."""
    from partnerdesk.core.funding.pipeline import list_prospects
    from partnerdesk.core.funding.scenarios import project
    from partnerdesk.core.platform.money import format_money

    with open_db(ctx) as database, database.session() as session:
        rows = list_prospects(session)
        projection = project(session, today(), scenario)
    if as_json:
        emit_json(
            {
                "scenario": projection.scenario,
                "prospects": [prospect_payload(row) for row in rows],
                "years": pipeline_years(projection),
            }
        )
        return
    if not rows:
        click.echo("The pipeline is empty.")
    for row in rows:
        decision = f", decision {row.decision_date}" if row.decision_date else ""
        click.echo(
            f"#{row.id} {row.name} ({row.funder or 'no funder recorded'}): "
            f"{row.stage.label.lower()}, {format_money(row.amount_requested)} requested "
            f"{row.start_date} to {row.end_date}, {row.probability_pct} %"
            f" -> {format_money(row.weighted)}{decision}"
        )
    click.echo(f'\nProjection "{projection.scenario}":')
    click.echo(
        f"  {'Year':<8} {'Without pipeline':>18} {'Pipeline':>14} {'Revenue':>16} {'Gap':>14}"
    )
    for year in projection.years:
        click.echo(
            f"  FY{year.fiscal_year:<6} {format_money(year.revenue - year.pipeline):>18} "
            f"{format_money(year.pipeline):>14} {format_money(year.revenue):>16} "
            f"{format_money(year.gap):>14}"
        )
