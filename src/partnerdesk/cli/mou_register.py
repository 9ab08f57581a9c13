"""`partnerdesk mou list` and `partnerdesk mou show`: the register from the command line."""

from __future__ import annotations

from typing import Any

import click

from partnerdesk.cli.common import emit_json, open_db, today, today_option


def _status_choice(_ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from partnerdesk.core.models import MouStatus

    try:
        return MouStatus.from_text(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param=param) from None


@click.command("list")
@click.option(
    "--status",
    callback=_status_choice,
    metavar="S",
    help="Only MOUs with this status: draft, in_negotiation, active, under_review, expired, "
    "terminated (expired includes agreements in force past their expiry date).",
)
@click.option("--all", "include_archived", is_flag=True, help="Include archived MOUs.")
@today_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def list_command(
    ctx: click.Context,
    status: Any,
    include_archived: bool,
    as_json: bool,
) -> None:
    """The MOU register: the current version of every agreement."""
    from partnerdesk.core.mou.register import list_mous

    day = today()
    with open_db(ctx) as database, database.session() as session:
        rows = list_mous(session, today=day, include_archived=include_archived, status=status)
    if as_json:
        emit_json(
            [
                {
                    "id": row.id,
                    "code": row.reference_code,
                    "version": row.version_number,
                    "title": row.title,
                    "status": row.status,
                    "recorded_status": row.recorded_status,
                    "response_model": row.response_model,
                    "effective_date": row.effective_date,
                    "expiry_date": row.expiry_date,
                    "next_review_due": row.next_review_due,
                    "review_snoozed": row.review_snoozed,
                    "parties": row.parties,
                    "owner": row.owner or None,
                    "archived": row.archived,
                }
                for row in rows
            ]
        )
        return
    if not rows:
        click.echo("No MOUs.")
        return
    width = max(len(row.reference_code) for row in rows)
    for row in rows:
        due = row.next_review_due.isoformat() if row.next_review_due else "-"
        archived = " [archived]" if row.archived else ""
        click.echo(
            f"{row.id:>5}  {row.reference_code:<{width}} v{row.version_number}  "
            f"{row.status.label:<15} review {due:<10}  {row.title}{archived}"
        )


@click.command("show")
@click.argument("mou")
@today_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def show_command(ctx: click.Context, mou: str, as_json: bool) -> None:
    """One MOU (by id or reference code): parties, reviews and versions."""
    from partnerdesk.core.mou.register import find_mou, get_mou
    from partnerdesk.core.mou.reviews import review_history

    day = today()
    with open_db(ctx) as database, database.session() as session:
        detail = get_mou(session, find_mou(session, mou), today=day)
        reviews = review_history(session, detail.id)
    payload: dict[str, Any] = {
        "id": detail.id,
        "code": detail.reference_code,
        "version": detail.version_number,
        "title": detail.title,
        "status": detail.status,
        "recorded_status": detail.recorded_status,
        "response_model": detail.response_model,
        "effective_date": detail.effective_date,
        "expiry_date": detail.expiry_date,
        "review_interval_months": detail.review_interval_months,
        "reminder_days": list(detail.reminder_days),
        "next_review_due": detail.next_review_due,
        "owner": detail.owner or None,
        "notes": detail.notes,
        "archived": detail.archived,
        "is_current_version": detail.is_current,
        "parties": [
            {
                "organization": party.organization,
                "role": party.role,
                "signatory": party.signatory or None,
                "signed_date": party.date_signed,
                "sharing_tier": party.sharing_tier,
            }
            for party in detail.parties
        ],
        "reviews": [
            {
                "id": review.id,
                "version": review.version_number,
                "due_date": review.due_date,
                "snoozed_until": review.snoozed_until,
                "snooze_reason": review.snooze_reason or None,
                "completed_date": review.completed_date,
                "outcome": review.outcome,
                "reviewer": review.reviewer or None,
                "notes": review.notes or None,
            }
            for review in reviews
        ],
        "versions": [
            {
                "id": version.id,
                "version": version.version_number,
                "status": version.status,
                "effective_date": version.effective_date,
                "expiry_date": version.expiry_date,
                "current": version.is_current,
            }
            for version in detail.versions
        ],
    }
    if as_json:
        emit_json(payload)
        return
    click.echo(f"{detail.reference_code} v{detail.version_number}: {detail.title}")
    click.echo(f"  id {detail.id}; {detail.status.label}; {detail.response_model.label}")
    click.echo(
        f"  effective {detail.effective_date or '-'}; expires {detail.expiry_date or '-'}; "
        f"review every {detail.review_interval_months} months, next "
        f"{detail.next_review_due or '-'}"
    )
    if detail.owner:
        click.echo(f"  owner {detail.owner}")
    click.echo("Parties:")
    for party in detail.parties:
        signed = f", signed {party.date_signed}" if party.date_signed else ", not signed"
        by = f" by {party.signatory}" if party.signatory else ""
        click.echo(f"  {party.organization} ({party.role.label.lower()}){signed}{by}")
    click.echo("Reviews:")
    for review in reviews:
        if review.is_open:
            snooze = f" (snoozed to {review.snoozed_until})" if review.snoozed_until else ""
            click.echo(f"  due {review.due_date}{snooze}")
        else:
            outcome = review.outcome.label.lower() if review.outcome else ""
            click.echo(f"  {review.completed_date}: {outcome} (due {review.due_date})")
    if len(detail.versions) > 1:
        click.echo("Versions:")
        for version in detail.versions:
            mark = " (this one)" if version.id == detail.id else ""
            click.echo(f"  v{version.version_number} id {version.id} {version.status_text}{mark}")
