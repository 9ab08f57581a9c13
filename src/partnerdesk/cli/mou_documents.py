"""`partnerdesk mou check` and `partnerdesk mou generate`: completeness and draft documents."""

from __future__ import annotations

from pathlib import Path

import click

from partnerdesk.cli.common import emit_json, open_db, today


@click.command("check")
@click.argument("mou")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def check_command(ctx: click.Context, mou: str, as_json: bool) -> None:
    """What an MOU (id or reference code) still lacks; exit 1 when anything is missing."""
    from partnerdesk.core.mou.completeness import gaps_of
    from partnerdesk.core.mou.composition import get_composition
    from partnerdesk.core.mou.register import find_mou

    with open_db(ctx) as database, database.session() as session:
        composition = get_composition(session, find_mou(session, mou), today())
        gaps = gaps_of(composition)
        outdated = [c for c in composition.clauses if c.outdated]
    if as_json:
        emit_json(
            {
                "id": composition.mou_id,
                "code": composition.reference_code,
                "version": composition.version_number,
                "complete": not gaps,
                "gaps": [{"code": gap.code, "message": gap.message} for gap in gaps],
                "outdated_clauses": [
                    {
                        "clause_id": c.clause_id,
                        "title": c.title,
                        "included_version": c.version,
                        "current_version": c.current_version,
                    }
                    for c in outdated
                ],
            }
        )
    else:
        label = f"{composition.reference_code} version {composition.version_number}"
        if gaps:
            click.echo(f"{label} is incomplete:")
            for gap in gaps:
                click.echo(f"  - {gap.message}")
        else:
            click.echo(f"{label} is complete: every required subject, tier and signatory is there.")
        for clause in outdated:
            click.echo(
                f"  note: “{clause.title}” is version {clause.version}; the library has "
                f"version {clause.current_version}"
            )
    ctx.exit(1 if gaps else 0)


@click.command("generate")
@click.argument("mou")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .docx file to write (replaced if it exists).",
)
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own .docx template (default: PartnerDesk's; `mou template` copies it).",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF beside it (needs LibreOffice).")
@click.pass_context
def generate_command(
    ctx: click.Context, mou: str, out: Path, template: Path | None, pdf: bool
) -> None:
    """Write the draft document of an MOU (id or reference code)."""
    from partnerdesk.core.mou.completeness import check_completeness
    from partnerdesk.core.mou.documents import generate_document
    from partnerdesk.core.mou.register import find_mou
    from partnerdesk.core.platform.errors import PartnerDeskError

    with open_db(ctx) as database, database.session() as session:
        mou_id = find_mou(session, mou)
        gaps = check_completeness(session, mou_id)
        result = generate_document(session, mou_id, out, today=today(), template=template)
    click.echo(f"Wrote {result.path}")
    if gaps:
        click.echo(f"Note: the MOU is still incomplete ({len(gaps)} gap(s)); see `mou check`.")
    if pdf:
        from partnerdesk.core.mou.pdf import convert_to_pdf

        try:
            pdf_path = convert_to_pdf(result.path)
        except PartnerDeskError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"Wrote {pdf_path}")


@click.command("template")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def template_command(out: Path) -> None:
    """Write a copy of the default template to OUT (.docx), to adapt in Word and use with
    `mou generate --template`."""
    from partnerdesk.core.mou.document_templates import copy_default_template

    click.echo(f"Wrote {copy_default_template(out)}")
