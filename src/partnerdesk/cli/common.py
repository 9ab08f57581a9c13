"""What every command shares: the chosen database, JSON output, error lines."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from click.decorators import FC

    from partnerdesk.core.platform.db import Database


class LazyGroup(click.Group):
    """A command group whose subcommands live in other modules, imported on first use.

    ``lazy_commands`` maps a command name to ``"module:attribute"``. A module that does not
    exist (a command not built in this version) simply does not appear.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(self.commands) | set(self.lazy_commands)
        return sorted(name for name in names if self.get_command(ctx, name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        command: click.Command = getattr(module, attribute)
        return command


def parse_day(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A YYYY-MM-DD option, checked by the clock's one parser (format and supported range)."""
    if value is None:
        return None
    from partnerdesk.core.platform.clock import parse_day as parse
    from partnerdesk.core.platform.errors import ValidationError

    try:
        return parse(value, param.opts[0] if param.opts else str(param.name))
    except ValidationError as exc:
        raise click.BadParameter(exc.message.split(": ", 1)[-1], param=param) from None


def pin_today(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--today``: pin the clock for this process (the global option, or its old
    per-command spelling, which wins when both are given)."""
    from partnerdesk.core.platform import clock

    day = parse_day(ctx, param, value)
    if day is not None or ctx.parent is None:
        clock.pin_today(day)


def fiscal_year_option(help_text: str) -> Callable[[FC], FC]:
    """``--fy YEAR``: a fiscal year inside the supported range (core/platform/dates), checked
    when given, so that `partnerdesk --help` loads nothing of the core."""

    def check(_ctx: click.Context, _param: click.Parameter, year: int | None) -> int | None:
        if year is None:
            return None
        from partnerdesk.core.platform.dates import check_fiscal_year
        from partnerdesk.core.platform.errors import ValidationError

        try:
            return check_fiscal_year(year)
        except ValidationError as exc:
            raise click.BadParameter(exc.message) from None

    return click.option(
        "--fy", "fiscal_year", type=int, callback=check, metavar="YEAR", help=help_text
    )


class RecordIdType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """A record number typed on the command line: ASCII digits only; one beyond any record
    (more than a database integer holds) finds nothing instead of overflowing the database."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        # Read when given, so that `partnerdesk --help` loads nothing of the core.
        from partnerdesk.core.platform.schema import typed_record_id

        number = typed_record_id(str(value))
        if number is None:
            self.fail(f"{value!r} is not a record number", param, ctx)
        return number


RECORD_ID = RecordIdType()


TODAY_HELP = "Act as if today were this date (default: PARTNERDESK_TODAY, else the calendar)."

# The per-command spelling of the global option, kept so that older scripts still work.
today_option = click.option(
    "--today", callback=pin_today, expose_value=False, hidden=True, metavar="YYYY-MM-DD"
)


def _checked_date_format(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | None:
    """--date-format checked when given (a usage error naming the formats); the formats are
    the core's, read only then, so that `partnerdesk --help` loads nothing of the core."""
    from partnerdesk.core.platform.dates import check_date_format
    from partnerdesk.core.platform.errors import ValidationError

    try:
        return check_date_format(value)
    except ValidationError as exc:
        raise click.BadParameter(exc.message) from None


# How an imported file writes dates as text: every import that reads dates takes it.
date_format_option = click.option(
    "--date-format",
    default=None,
    metavar="FORMAT",
    callback=_checked_date_format,
    help="How the file writes dates as text, when not YYYY-MM-DD (date cells are always "
    "read): DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, DD-MM-YYYY or YYYY/MM/DD.",
)

# What reminders a listing shows: `reviews` and `grants obligations` count days alike.
within_option = click.option(
    "--within",
    type=click.IntRange(0, 3660),
    default=90,
    show_default=True,
    metavar="DAYS",
    help="List what falls due within this many days (overdue items are always listed).",
)


def today() -> date:
    """The business date of this command (global --today, PARTNERDESK_TODAY, the calendar)."""
    from partnerdesk.core.platform import clock

    return clock.today()


@dataclass
class CliState:
    db_path: str | None
    url: str | None


def fail(message: str) -> None:
    """One line on stderr; the caller picks the exit code."""
    click.echo(f"partnerdesk: error: {' '.join(message.split())}", err=True)


@contextmanager
def open_db(
    ctx: click.Context, *, create: bool = True, adopt_empty_file: bool = False
) -> Iterator[Database]:
    """The chosen database. A file this user cannot write is opened for reading only: the
    reading commands work, and a command that would change it is refused in one line."""
    from partnerdesk.core.platform.db import open_database, resolve_location

    state: CliState = ctx.find_root().obj
    database = open_database(
        resolve_location(state.db_path, state.url),
        create=create,
        read_only_ok=True,
        adopt_empty_file=adopt_empty_file,
    )
    try:
        yield database
    finally:
        database.close()


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def emit_json(payload: Any) -> None:
    """JSON on stdout: amounts as decimal strings, dates as ISO 8601."""
    click.echo(json.dumps(payload, default=_json_default, indent=2, ensure_ascii=False))
