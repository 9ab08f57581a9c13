"""`partnerdesk outcomes ...` and `partnerdesk evaluations ...`: the indicator catalogue,
importing monthly values, what changed since launch, evaluations and their reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from partnerdesk.cli.common import RECORD_ID, emit_json, open_db, parse_day, today

if TYPE_CHECKING:
    from partnerdesk.core.outcomes.overview import IndicatorSummary, OutcomeSummary


def _month(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from partnerdesk.core.outcomes.values_import import parse_month
    from partnerdesk.core.platform.errors import ValidationError

    try:
        return parse_month(value)
    except ValidationError as exc:
        raise click.BadParameter(exc.message, param=param) from None


@click.group("outcomes")
def outcomes_group() -> None:
    """Indicators, monthly values and what changed since launch."""


@outcomes_group.command("indicators")
@click.option("--all", "include_retired", is_flag=True, help="Also list retired indicators.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def indicators_command(ctx: click.Context, include_retired: bool, as_json: bool) -> None:
    """The indicator catalogue, in its order."""
    from partnerdesk.core.models.outcomes import outcome_label
    from partnerdesk.core.outcomes.indicators import list_indicators

    with open_db(ctx) as database, database.session() as session:
        rows = list_indicators(session, include_retired=include_retired)
    if as_json:
        emit_json(
            [
                {
                    "id": r.id,
                    "code": r.code,
                    "name": r.name,
                    "definition": r.definition,
                    "unit": r.unit,
                    "better": r.better,
                    "aggregation": r.aggregation,
                    "numerator_id": r.numerator_id,
                    "denominator_id": r.denominator_id,
                    "data_source": r.data_source,
                    "by_agency": r.by_agency,
                    "core": r.core,
                    "active": r.active,
                    "version": r.version,
                    "baseline_from": r.baseline_from,
                    "baseline_to": r.baseline_to,
                    "target": r.target_text or None,
                    "values": r.values,
                    "first_month": r.first_month,
                    "last_month": r.last_month,
                }
                for r in rows
            ]
        )
        return
    if not rows:
        click.echo(
            "No indicators yet: load the default catalogue with `partnerdesk outcomes seed`."
        )
        return
    for r in rows:
        flags = ("core " if r.core else "") + ("" if r.active else "retired ")
        click.echo(
            f"#{r.id:<3} {r.code:<26} {r.name[:48]:<48} {outcome_label(r.unit):<8} "
            f"{outcome_label(r.aggregation):<7} {r.values:>6} values  {flags}{r.target_text}"
        )


@outcomes_group.command("seed")
@click.pass_context
def seed_command(ctx: click.Context) -> None:
    """Load PartnerDesk's default indicator catalogue into an empty one."""
    from partnerdesk.core.outcomes.catalogue import load_default_catalogue

    with open_db(ctx) as database, database.transaction() as session:
        ids = load_default_catalogue(session)
    click.echo(f"Loaded {len(ids)} indicators.")


@outcomes_group.command("launch")
@click.argument("day", required=False, callback=parse_day, metavar="[YYYY-MM-DD]")
@click.pass_context
def launch_command(ctx: click.Context, day: date | None) -> None:
    """Show the program's launch date, or set it (and plan the evaluations)."""
    from partnerdesk.core.outcomes.baselines import program_launch
    from partnerdesk.core.outcomes.evaluations import save_launch

    with open_db(ctx) as database, database.transaction() as session:
        if day is None:
            launch = program_launch(session)
            click.echo(f"Launched {launch}" if launch else "No launch date is set.")
            return
        added = save_launch(session, day)
    click.echo(f"Launch date set to {day}; {len(added)} evaluation(s) planned.")


@outcomes_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; change nothing.")
@click.pass_context
def import_command(ctx: click.Context, file: Path, dry_run: bool) -> None:
    """Import monthly values from .xlsx/.ods/.csv (long: Month, Indicator, Agency, Value,
    Note; or wide: Month and a column per indicator). All or nothing."""
    from partnerdesk.core.outcomes.values_import import import_values

    with open_db(ctx) as database, database.transaction() as session:
        report = import_values(session, file, dry_run=dry_run)
    click.echo(report.describe())


def summary_payload(summary: OutcomeSummary) -> dict[str, Any]:
    def row(r: IndicatorSummary) -> dict[str, Any]:
        return {
            "id": r.indicator_id,
            "code": r.code,
            "name": r.name,
            "unit": r.unit,
            "better": r.better,
            "aggregation": r.aggregation,
            "baseline": _number(r.baseline.value),
            "baseline_months": r.baseline.months,
            "baseline_from": r.baseline_window[0] if r.baseline_window else None,
            "baseline_to": r.baseline_window[1] if r.baseline_window else None,
            "value": _number(r.current.value),
            "months": r.current.months,
            "change": _number(r.change.absolute) if r.change else None,
            "change_percent": _number(r.change.percent, "0.1") if r.change else None,
            "target": r.target_text or None,
            "target_value": _number(r.target.figure) if r.target else None,
            "target_due": r.target.due if r.target else None,
            "met": r.met,
        }

    return {
        "launch": summary.launch,
        "from": summary.period_from,
        "to": summary.period_to,
        "indicators": [row(r) for r in summary.rows],
        "notes": summary.notes,
    }


def _number(value: Any, places: str = "0.001") -> Any:
    from decimal import Decimal

    if value is None:
        return None
    return value.quantize(Decimal(places)).normalize()


@outcomes_group.command("summary")
@click.option("--from", "first", callback=_month, metavar="YYYY-MM", help="First month.")
@click.option("--to", "last", callback=_month, metavar="YYYY-MM", help="Last month.")
@click.option("--mou", metavar="ID|CODE", help="Only the indicators this MOU commits to.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def summary_command(
    ctx: click.Context, first: date | None, last: date | None, mou: str | None, as_json: bool
) -> None:
    """Per indicator: baseline, the period's figure, change, target, met, months behind each
    (default period: the latest 12 complete months after launch)."""
    from partnerdesk.core.models.outcomes import format_percent_change, format_value
    from partnerdesk.core.outcomes.overview import outcome_summary
    from partnerdesk.core.outcomes.report_data import met_text

    if (first is None) != (last is None):
        raise click.UsageError("give both --from and --to, or neither")
    with open_db(ctx) as database, database.session() as session:
        mou_id = None
        if mou is not None:
            from partnerdesk.core.mou.register import find_mou

            mou_id = find_mou(session, mou)
        summary = outcome_summary(
            session, today(), period_from=first, period_to=last, mou_id=mou_id
        )
    if as_json:
        emit_json(summary_payload(summary))
        return
    span = (
        f"{summary.period_from:%Y-%m} to {summary.period_to:%Y-%m}"
        if summary.period_from and summary.period_to
        else "no period"
    )
    click.echo(f"Launched {summary.launch or '(not set)'}; period {span}")
    click.echo(f"  {'Indicator':<46} {'Baseline':>14} {'Period':>14} {'Change':>9}  Met")
    for r in summary.rows:
        baseline = f"{format_value(r.baseline.value, r.unit)} ({r.baseline.months})"
        value = f"{format_value(r.current.value, r.unit)} ({r.current.months})"
        change = format_percent_change(r.change.percent if r.change else None)
        click.echo(f"  {r.name[:46]:<46} {baseline:>14} {value:>14} {change:>9}  {met_text(r)}")
    for note in summary.notes:
        click.echo(f"  Note: {note}")


# --------------------------------------------------------------------------- evaluations


@click.group("evaluations", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def evaluations_group(ctx: click.Context, as_json: bool) -> None:
    """The evaluations at 6, 12 and 24 months after launch, soonest due first.

    Subcommand: `report ID --out F.docx [--xlsx F.xlsx]`.
    """
    if ctx.invoked_subcommand is not None:
        return
    from partnerdesk.core.outcomes.evaluations import list_evaluations

    day = today()
    with open_db(ctx) as database, database.session() as session:
        rows = list_evaluations(session)
    if as_json:
        emit_json(
            [
                {
                    "id": r.id,
                    "title": r.title,
                    "mou": r.mou_code or None,
                    "milestone_months": r.milestone_months,
                    "due_date": r.due_date,
                    "days_until_due": r.days_until_due(day),
                    "period_start": r.period_start,
                    "period_end": r.period_end,
                    "status": r.status,
                    "completed_date": r.completed_date,
                    "evaluator": r.evaluator or None,
                    "findings": r.findings or None,
                    "qualitative_notes": r.qualitative_notes or None,
                }
                for r in rows
            ]
        )
        return
    if not rows:
        click.echo("No evaluations: set the launch date with `partnerdesk outcomes launch DATE`.")
        return
    for r in rows:
        scope = f" ({r.mou_code})" if r.mou_code else ""
        click.echo(
            f"#{r.id:<3} {r.due_date}  {r.status_label:<11} {r.title}{scope}, "
            f"{r.period_start:%Y-%m} to {r.period_end:%Y-%m}"
        )


@evaluations_group.command("report")
@click.argument("evaluation_id", type=RECORD_ID, metavar="ID")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The .docx."
)
@click.option(
    "--xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Also write a workbook."
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your own Word template (default: PartnerDesk's).",
)
@click.pass_context
def report_command(
    ctx: click.Context,
    evaluation_id: int,
    out: Path,
    xlsx: Path | None,
    template: Path | None,
) -> None:
    """Write an evaluation's report (.docx, with charts) and optionally its workbook."""
    from partnerdesk.core.outcomes.report import write_report
    from partnerdesk.core.outcomes.workbook import write_workbook

    day = today()
    with open_db(ctx) as database, database.session() as session:
        if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
            raise click.BadParameter("the workbook must end in .xlsx", param_hint="--xlsx")
        written = [write_report(session, evaluation_id, out, today=day, template=template)]
        if xlsx is not None:
            written.append(write_workbook(session, evaluation_id, xlsx, today=day))
    click.echo("Wrote " + " and ".join(str(path) for path in written))
