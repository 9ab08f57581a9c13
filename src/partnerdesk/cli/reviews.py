"""`partnerdesk reviews`: what is overdue or due, calendar export, recording a review."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from partnerdesk.cli.common import (
    emit_json,
    open_db,
    parse_day,
    today,
    today_option,
    within_option,
)


@click.group("reviews", invoke_without_command=True)
@within_option
@today_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--ics",
    "ics_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE",
    help="Write every open review, expiry and grant obligation to an .ics calendar file instead.",
)
@click.pass_context
def reviews_group(
    ctx: click.Context,
    within: int,
    as_json: bool,
    ics_path: Path | None,
) -> None:
    """Reviews and expiries that are overdue or coming up (default window 90 days).

    Subcommands: `complete` records a review, `snooze` postpones one.
    """
    if ctx.invoked_subcommand is not None:
        return
    day = today()
    if ics_path is not None:
        _export(ctx, ics_path, day, within if _given(ctx, "within") else None, as_json)
        return
    from partnerdesk.core.mou.reminders import reminders

    with open_db(ctx) as database, database.session() as session:
        items = reminders(session, day, within)
    if as_json:
        emit_json(
            [
                {
                    "mou_id": item.mou_id,
                    "code": item.reference_code,
                    "title": item.title,
                    "kind": item.kind.value,
                    "due_date": item.due_date,
                    "days_until_due": item.days_until_due,
                    "snoozed": item.snoozed,
                }
                for item in items
            ]
        )
        return
    if not items:
        click.echo(f"Nothing overdue or due within {within} days.")
        return
    for item in items:
        click.echo(
            f"{item.due_date}  {item.kind.label:<6}  {item.describe():<18}  "
            f"#{item.mou_id} {item.reference_code}  {item.title}"
        )


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def _export(ctx: click.Context, path: Path, day: date, within: int | None, as_json: bool) -> None:
    from partnerdesk.core.program.calendar import export_calendar

    with open_db(ctx) as database, database.transaction() as session:
        written = export_calendar(session, path, today=day, within_days=within)
    if as_json:
        emit_json(
            {
                "path": str(written.path),
                "events": written.events,
                "alarms": written.alarms,
                "cancelled": written.cancelled,
            }
        )
    else:
        cancelled = f" and {written.cancelled} cancellation(s)" if written.cancelled else ""
        click.echo(
            f"Wrote {written.events} events with {written.alarms} alarms{cancelled} "
            f"to {written.path}"
        )


def _outcome(_ctx: click.Context, param: click.Parameter, value: str) -> Any:
    from partnerdesk.core.models import ReviewOutcome

    try:
        return ReviewOutcome.from_text(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param=param) from None


@reviews_group.command("complete")
@click.argument("mou")
@click.option("--date", "completed", callback=parse_day, required=True, metavar="YYYY-MM-DD")
@click.option(
    "--outcome",
    callback=_outcome,
    required=True,
    metavar="O",
    help="renewed_unchanged, amended or terminated.",
)
@click.option("--reviewer", default="", help="Who reviewed it.")
@click.option("--notes", default="", help="What was decided.")
@today_option
@click.option("--json", "as_json", is_flag=True, help="Print the next due date as JSON.")
@click.pass_context
def complete_command(
    ctx: click.Context,
    mou: str,
    completed: date,
    outcome: Any,
    reviewer: str,
    notes: str,
    as_json: bool,
) -> None:
    """Record the review of MOU (id or reference code) and schedule the next one."""
    from partnerdesk.core.mou.register import find_mou
    from partnerdesk.core.mou.reviews import complete_review, open_review

    day = today()
    with open_db(ctx) as database, database.transaction() as session:
        mou_id = find_mou(session, mou)
        review = complete_review(
            session,
            mou_id,
            completed_date=completed,
            outcome=outcome,
            today=day,
            reviewer=reviewer,
            notes=notes,
        )
        following = open_review(session, mou_id)
        next_due = following.due_date if following is not None else None
    if as_json:
        emit_json(
            {
                "mou_id": mou_id,
                "review_id": review.id,
                "completed_date": completed,
                "outcome": outcome,
                "next_review_due": next_due,
            }
        )
        return
    follow = f"; next review due {next_due}" if next_due else "; no further review (terminated)"
    click.echo(f"Review of MOU #{mou_id} recorded ({outcome.label.lower()}){follow}")


@reviews_group.command("snooze")
@click.argument("mou")
@click.option("--until", callback=parse_day, required=True, metavar="YYYY-MM-DD")
@click.option("--reason", required=True, help="Why the review is postponed.")
@today_option
@click.pass_context
def snooze_command(ctx: click.Context, mou: str, until: date, reason: str) -> None:
    """Postpone the open review of MOU (id or reference code) to a later date."""
    from partnerdesk.core.mou.register import find_mou
    from partnerdesk.core.mou.reviews import snooze_review

    day = today()
    with open_db(ctx) as database, database.transaction() as session:
        mou_id = find_mou(session, mou)
        snooze_review(session, mou_id, until=until, reason=reason, today=day)
    click.echo(f"Review of MOU #{mou_id} snoozed to {until}")
