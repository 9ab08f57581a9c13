"""`partnerdesk funding ...`: the mix of a fiscal year, projections, the workbook, imports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from partnerdesk.cli.common import (
    date_format_option,
    emit_json,
    fiscal_year_option,
    open_db,
    today,
    today_option,
)

if TYPE_CHECKING:
    from partnerdesk.core.funding.diversification import MixSummary
    from partnerdesk.core.funding.projection import Projection


@click.group("funding")
def funding_group() -> None:
    """The funding ledger: mix and concentration, projections, Excel workbook, import."""


# --------------------------------------------------------------------------- summary


def mix_payload(mix: MixSummary, comparison: list[Any] | None = None) -> dict[str, Any]:
    return {
        "fiscal_year": mix.fiscal_year,
        "basis": mix.basis,
        "total": mix.total,
        "received": mix.actual_total,
        "budgeted": mix.budget_total,
        "entries": mix.entries,
        "hhi": mix.hhi,
        "concentration": mix.concentration,
        "largest_source": None
        if mix.largest is None
        else {"name": mix.largest.name, "kind": mix.largest.kind, "share": mix.largest.share_pct},
        "grant_share": mix.grant_share_pct,
        "mix": [
            {
                "kind": k.kind,
                "label": k.kind.label,
                "amount": k.amount,
                "share": k.share_pct,
                "target": k.target_pct,
                "difference": k.difference_pts,
            }
            for k in mix.by_kind
        ],
        "sources": [
            {"name": s.name, "kind": s.kind, "amount": s.amount, "share": s.share_pct}
            for s in mix.by_source
        ],
        "budget_vs_actual": [
            {
                "name": line.source,
                "kind": line.kind,
                "budget": line.budget,
                "actual": line.actual,
                "variance": line.variance,
            }
            for line in comparison or []
        ],
        "warnings": mix.warnings,
    }


@funding_group.command("summary")
@fiscal_year_option("Fiscal year (default: current).")
@click.option(
    "--basis",
    type=click.Choice(["actual", "budget"]),
    default="actual",
    show_default=True,
    help="Received money (and adjustments), or budgeted/committed amounts.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@today_option
@click.pass_context
def summary_command(
    ctx: click.Context,
    fiscal_year: int | None,
    basis: str,
    as_json: bool,
) -> None:
    """Totals, the mix by source kind against the target, HHI and warnings for a year."""
    from partnerdesk.core.funding.diversification import current_fiscal_year, funding_mix
    from partnerdesk.core.funding.totals import budget_vs_actual
    from partnerdesk.core.platform.money import format_money

    with open_db(ctx) as database, database.session() as session:
        year = current_fiscal_year(session, today()) if fiscal_year is None else fiscal_year
        mix = funding_mix(session, year, basis="budget" if basis == "budget" else "actual")
        comparison = budget_vs_actual(session, [year])
    if as_json:
        emit_json(mix_payload(mix, comparison))
        return
    click.echo(f"FY{mix.fiscal_year} funding ({mix.basis} revenue, {mix.entries:,} entries)")
    click.echo(
        f"  received {format_money(mix.actual_total)}, budgeted {format_money(mix.budget_total)}"
    )
    click.echo(f"  HHI {mix.hhi} ({mix.concentration}); grants {mix.grant_share_pct} %")
    click.echo("")
    click.echo(f"  {'Kind':<32} {'Amount':>16} {'Share':>8} {'Target':>8}")
    for kind in mix.by_kind:
        target = "" if kind.target_pct is None else f"{kind.target_pct} %"
        click.echo(
            f"  {kind.kind.label:<32} {format_money(kind.amount):>16} "
            f"{str(kind.share_pct) + ' %':>8} {target:>8}"
        )
    click.echo("")
    click.echo(f"  {'Source':<40} {'Budget':>16} {'Actual':>16} {'Variance':>16}")
    for line in comparison:
        click.echo(
            f"  {line.source[:40]:<40} {format_money(line.budget):>16} "
            f"{format_money(line.actual):>16} {format_money(line.variance):>16}"
        )
    click.echo("")
    for warning in mix.warnings or ["No warnings."]:
        click.echo(f"  ! {warning}" if mix.warnings else f"  {warning}")


# --------------------------------------------------------------------------- projection


def projection_payload(result: Projection) -> dict[str, Any]:
    cliff = result.cliff
    return {
        "scenario": result.scenario,
        "rule": result.assumptions.rule,
        "base_year": result.base_year,
        "base_revenue": result.base_revenue,
        "base_cost": result.base_cost,
        "assumptions": {
            "years": result.assumptions.years,
            "basis": result.assumptions.basis,
            "cost_inflation_pct": result.assumptions.cost_inflation_pct,
            "cliff_drop_pct": result.assumptions.cliff_drop_pct,
        },
        "years": [
            {
                "fiscal_year": year.fiscal_year,
                "revenue_by_kind": {
                    kind.value: amount for kind, amount in year.revenue_by_kind.items()
                },
                "revenue": year.revenue,
                "pipeline": year.pipeline,
                "cost": year.cost,
                "balance": year.balance,
                "gap": year.gap,
                "cost_basis": year.cost_note,
            }
            for year in result.years
        ],
        "cliff": None
        if cliff is None
        else {
            "fiscal_year": cliff.fiscal_year,
            "reason": cliff.reason,
            "revenue_change": cliff.revenue_change,
            "gap": cliff.gap,
            "sources": [
                {"name": s.name, "kind": s.kind, "change": s.change, "reason": s.reason}
                for s in cliff.sources
            ],
        },
        "notes": result.notes,
    }


@funding_group.command("projection")
@click.option("--years", type=click.IntRange(1, 15), default=None, help="Years ahead (default 3).")
@click.option(
    "--scenario",
    default="expected",
    show_default=True,
    help='"as scheduled", "expected", "all renewed", or a saved scenario\'s name.',
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@today_option
@click.pass_context
def projection_command(
    ctx: click.Context,
    years: int | None,
    scenario: str,
    as_json: bool,
) -> None:
    """Revenue by source kind, cost and surplus/gap per fiscal year; the funding cliff."""
    from partnerdesk.core.funding.scenarios import project
    from partnerdesk.core.platform.money import format_money

    with open_db(ctx) as database, database.session() as session:
        result = project(session, today(), scenario, years=years)
    if as_json:
        emit_json(projection_payload(result))
        return
    click.echo(
        f'Projection "{result.scenario}" from FY{result.base_year} '
        f"(revenue {format_money(result.base_revenue)}, cost {format_money(result.base_cost)})"
    )
    click.echo(f"  {'Year':<8} {'Revenue':>16} {'Cost':>16} {'Surplus / gap':>16}")
    for year in result.years:
        click.echo(
            f"  FY{year.fiscal_year:<6} {format_money(year.revenue):>16} "
            f"{format_money(year.cost):>16} {format_money(year.balance):>16}"
        )
    if result.cliff is None:
        click.echo("  No funding cliff within these years.")
    else:
        click.echo(f"  Funding cliff in FY{result.cliff.fiscal_year}: {result.cliff.reason}")
        for source in result.cliff.sources:
            click.echo(f"    {source.name}: {format_money(source.change)} ({source.reason})")
    for note in result.notes:
        click.echo(f"  Note: {note}")


# --------------------------------------------------------------------------- workbook


@funding_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@fiscal_year_option("Year of the mix (default: current).")
@click.option("--scenario", default="expected", show_default=True, help="Projection scenario.")
@today_option
@click.pass_context
def export_command(
    ctx: click.Context,
    file: Path,
    fiscal_year: int | None,
    scenario: str,
) -> None:
    """Write the sustainability workbook (.xlsx) for the committee."""
    from partnerdesk.core.program.workbook import export_program_workbook

    with open_db(ctx) as database, database.session() as session:
        report = export_program_workbook(
            session, file, today(), fiscal_year=fiscal_year, scenario=scenario
        )
    click.echo(
        f"Wrote {report.path} ({report.ledger_rows:,} ledger entries, {report.sources} sources, "
        f'mix of FY{report.fiscal_year}, scenario "{report.scenario}")'
    )


@funding_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; change nothing.")
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=HEADER",
    help="Map a field (date, source, type, amount, memo, mou) to a column header.",
)
@date_format_option
@click.pass_context
def import_command(
    ctx: click.Context,
    file: Path,
    dry_run: bool,
    columns: tuple[str, ...],
    date_format: str | None,
) -> None:
    """Import ledger entries (and sources, from a "Sources" sheet) from .xlsx/.ods/.csv.

    All or nothing: any bad cell is reported by sheet, row and column and nothing changes.
    Dates are date cells or YYYY-MM-DD; another order (03/04/2026) is read only with
    --date-format, never guessed.
    """
    from partnerdesk.core.funding.ledger_import import (
        LEDGER_FIELDS,
        guess_mapping,
        import_ledger,
    )

    mapping: dict[str, str | None] | None = None
    if columns:
        mapping = guess_mapping(read_headers_or_fail(file))
        for item in columns:
            field, _, header = item.partition("=")
            if field not in LEDGER_FIELDS or not header:
                raise click.BadParameter(
                    f"{item!r}: use FIELD=HEADER with FIELD one of {', '.join(LEDGER_FIELDS)}",
                    param_hint="--column",
                )
            mapping[field] = header
    with open_db(ctx) as database, database.transaction() as session:
        report = import_ledger(
            session, file, mapping=mapping, dry_run=dry_run, date_format=date_format
        )
    click.echo(report.describe())
    for note in report.notes:
        click.echo(f"  Note: {note}")


def read_headers_or_fail(file: Path) -> list[str]:
    from partnerdesk.core.funding.ledger_import import read_headers

    return read_headers(file)
