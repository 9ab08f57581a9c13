"""`partnerdesk`: the desktop app when run alone, headless commands otherwise.

Every command opens the database through the same services as the GUI. Errors a user can
cause exit non-zero with one line on stderr; a bug says so in one line too (set
PARTNERDESK_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import os
import sys

import click

from partnerdesk.cli.common import TODAY_HELP, CliState, LazyGroup, fail, pin_today

# Command name -> "module:attribute". Modules are imported only when their command runs
# (or help lists it), which keeps `partnerdesk` fast to start the GUI.
COMMANDS: dict[str, str] = {
    "demo": "partnerdesk.cli.demo:demo_command",
    "info": "partnerdesk.cli.info:info_command",
    "mou": "partnerdesk.cli.mou:mou_group",
    "reviews": "partnerdesk.cli.reviews:reviews_group",
    "clauses": "partnerdesk.cli.clauses:clauses_group",
    "funding": "partnerdesk.cli.funding:funding_group",
    "grants": "partnerdesk.cli.grants:grants_group",
    "contacts": "partnerdesk.cli.contacts:contacts_group",
    "outcomes": "partnerdesk.cli.outcomes:outcomes_group",
    "evaluations": "partnerdesk.cli.outcomes:evaluations_group",
    "training": "partnerdesk.cli.training:training_group",
    "backup": "partnerdesk.cli.safety:backup_command",
    "restore": "partnerdesk.cli.safety:restore_command",
    "check": "partnerdesk.cli.safety:check_command",
    "copy": "partnerdesk.cli.team:copy_command",
}


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from partnerdesk import version_line  # not the core: --version loads none of it

    click.echo(version_line())
    ctx.exit()


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--db", "db_path", metavar="PATH", help="SQLite database file (env PARTNERDESK_DB).")
@click.option(
    "--url", metavar="URL", help="SQLAlchemy database URL (env PARTNERDESK_DATABASE_URL)."
)
@click.option(
    "--today",
    callback=pin_today,
    expose_value=False,
    is_eager=True,
    metavar="YYYY-MM-DD",
    help=TODAY_HELP + " Env PARTNERDESK_TODAY.",
)
@click.option(
    "--version",
    is_flag=True,
    callback=show_version,
    expose_value=False,
    is_eager=True,
    help="Show the version and the database schema revision, then exit.",
)
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, url: str | None) -> None:
    """PartnerDesk: MOUs, clauses, funding and stakeholders of a crisis-response partnership.

    Run without a command to open the desktop app.
    """
    ctx.obj = CliState(db_path=db_path, url=url)
    from partnerdesk.core.platform import clock

    clock.today()  # a malformed PARTNERDESK_TODAY is refused here, in one line
    if ctx.invoked_subcommand is None:
        from partnerdesk.ui.app import run_gui

        ctx.exit(run_gui(db_path=db_path, url=url))


def _quiet_library_logging() -> None:
    """Libraries' log warnings (psycopg's "error ignored terminating <Pipeline [BAD]>" when a
    server dies) would print on stderr beside PartnerDesk's own line: a command's error is
    one line. PARTNERDESK_DEBUG=1 shows them, with the traceback."""
    import logging

    root = logging.getLogger()
    if os.environ.get("PARTNERDESK_DEBUG"):
        logging.basicConfig(level=logging.WARNING)
    elif not root.handlers:
        root.addHandler(logging.NullHandler())


def _not_text(args: list[str]) -> str | None:
    """Why an argument cannot be used: bytes that are not UTF-8 (Python hands them over as
    lone surrogates) can be neither stored nor shown; None when every argument is text."""
    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:  # the bytes as given on a POSIX command line
                raw = arg.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:  # a lone surrogate from elsewhere
                raw = arg.encode("utf-8", "backslashreplace")
            shown = raw.decode("ascii", "backslashreplace")
            return (
                f"argument {number} ({shown[:60]}) is not valid UTF-8 text; retype it, or "
                "rename the file it names"
            )
    return None


def _file_problem(exc: OSError) -> str:
    """``name: reason`` for a file the system refused (the name cut short when absurd)."""
    reason = exc.strerror or str(exc)
    if exc.filename is None:
        return reason
    name = os.fsdecode(exc.filename)
    return f"{name if len(name) <= 120 else name[:120] + '…'}: {reason}"


def main(argv: list[str] | None = None) -> int:
    _quiet_library_logging()
    problem = _not_text(sys.argv[1:] if argv is None else argv)
    if problem is not None:
        fail(problem)
        return 2
    try:
        result = cli.main(args=argv, prog_name="partnerdesk", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.exceptions.Abort:
        fail("cancelled")
        return 1
    except click.ClickException as exc:
        fail(exc.format_message())
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # Imported only now, so that --version and --help load nothing of the core.
        from partnerdesk.core.platform.errors import PartnerDeskError

        if isinstance(exc, PartnerDeskError):
            fail(exc.message)
            return 1
        if isinstance(exc, OSError):  # a file named on the command line, or the disk
            fail(_file_problem(exc))
            return 1
        # A bug: one line for the user, the traceback when debugging.
        if os.environ.get("PARTNERDESK_DEBUG"):
            raise
        fail(f"internal error ({type(exc).__name__}: {exc}); rerun with PARTNERDESK_DEBUG=1")
        return 3
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
