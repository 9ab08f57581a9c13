"""How long free text may be: one limit per field, declared with the field in the models,
and one rule that applies it wherever text comes in.

A model declares a limit with :func:`limited_text` (a free-text column) or SQLModel's
``max_length`` (a short VARCHAR column); the editors cap their inputs at the same number
(:func:`text_limit`), the imports name the row and column of a cell that is too long
(:func:`text_problem`), and every record saved through a session is checked before it is
written (:func:`check_before_flush`, installed on every session), so the command line, a
dialog and an import refuse the same text with the same words, naming the field and the
limit. Text that breaks no limit but holds a NUL character is refused too: PostgreSQL
cannot store it.

Only what a save changes is checked: a record that already holds a longer text (written
before these limits) can still be edited in its other fields.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from sqlmodel import Field, Session

from partnerdesk.core.platform.errors import ValidationError

_LIMIT = "max_chars"
_LABEL = "label"


def limited_text(max_chars: int, *, label: str | None = None, default: Any = None) -> Any:
    """A free-text column holding at most ``max_chars`` characters. The limit is kept in the
    column's ``info`` (the stored type stays unbounded text, so no migration is needed to
    change it); ``label`` names the field in messages when its attribute name would not."""
    info: dict[str, Any] = {_LIMIT: max_chars}
    if label:
        info[_LABEL] = label
    return Field(default=default, sa_column_kwargs={"info": info})


def labelled(label: str) -> dict[str, Any]:
    """``sa_column_kwargs`` that name a VARCHAR(n) field in messages (``full_name`` is
    "name")."""
    return {"info": {_LABEL: label}}


def _column(model: Any, field: str) -> sa.Column[Any] | None:
    table = getattr(model, "__table__", None)
    if table is None:
        return None
    column: sa.Column[Any] | None = table.columns.get(field)
    return column


def _column_limit(column: sa.ColumnElement[Any]) -> int | None:
    if _LIMIT in column.info:
        return int(column.info[_LIMIT])
    kind = column.type  # SQLModel's AutoString wraps a String(length)
    length = None if isinstance(kind, sa.Enum) else getattr(kind, "length", None)
    return int(length) if length else None


def text_limit(model: Any, field: str) -> int | None:
    """The most characters ``model.field`` may hold (None: not a limited text field)."""
    column = _column(model, field)
    return None if column is None else _column_limit(column)


def field_label(model: Any, field: str) -> str:
    column = _column(model, field)
    label = column.info.get(_LABEL) if column is not None else None
    return str(label or field.replace("_", " "))


def text_problem(model: Any, field: str, value: object) -> str | None:
    """Why ``value`` cannot be stored in ``model.field`` (None when it can, or when the field
    has no limit): the message names the field and the limit."""
    if not isinstance(value, str):
        return None
    limit = text_limit(model, field)
    if limit is None:
        return None
    label = field_label(model, field)
    if len(value) > limit:
        return f"the {label} may have at most {limit:,} characters; this one has {len(value):,}"
    if "\x00" in value:
        return f"the {label} holds a NUL character, which cannot be stored"
    return None


def check_text(model: Any, field: str, value: object, *, name: str | None = None) -> None:
    """Raise a ValidationError on ``name`` (default: the field) when ``value`` breaks the
    limit of ``model.field``."""
    problem = text_problem(model, field, value)
    if problem is not None:
        raise ValidationError(problem, field=name or field)


_LIMITED_FIELDS: dict[type, tuple[str, ...]] = {}


def _limited_fields(model: type) -> tuple[str, ...]:
    """The attributes of a mapped class that have a text limit (worked out once per class)."""
    fields = _LIMITED_FIELDS.get(model)
    if fields is None:
        mapper: sa.orm.Mapper[Any] = sa.inspect(model)
        fields = _LIMITED_FIELDS[model] = tuple(
            attribute.key
            for attribute in mapper.column_attrs
            if any(_column_limit(column) is not None for column in attribute.columns)
        )
    return fields


def check_before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse a flush that would write a text beyond its field's limit (every session)."""
    for record in session.new:
        for field in _limited_fields(type(record)):
            check_text(type(record), field, getattr(record, field, None))
    for record in session.dirty:
        fields = _limited_fields(type(record))
        if not fields:
            continue
        state = sa.inspect(record)
        for field in fields:
            if state.attrs[field].history.added:
                check_text(type(record), field, getattr(record, field, None))


sa.event.listen(Session, "before_flush", check_before_flush)
