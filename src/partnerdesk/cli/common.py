"""What every command shares: the chosen database, JSON output, error lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from partnerdesk.core.db import Database


@dataclass
class CliState:
    db_path: str | None
    url: str | None


def fail(message: str) -> None:
    """One line on stderr; the caller picks the exit code."""
    click.echo(f"partnerdesk: error: {' '.join(message.split())}", err=True)


@contextmanager
def open_db(ctx: click.Context, *, create: bool = True) -> Iterator[Database]:
    from partnerdesk.core.db import open_database, resolve_location

    state: CliState = ctx.find_root().obj
    database = open_database(resolve_location(state.db_path, state.url), create=create)
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
