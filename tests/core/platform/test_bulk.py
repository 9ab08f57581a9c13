"""Bulk inserts store exactly what the ORM would store, fill defaults, and roll back whole."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from partnerdesk.core.models import (
    FundingSource,
    FundingSourceKind,
    LedgerEntry,
    LedgerEntryType,
)
from partnerdesk.core.platform import bulk
from partnerdesk.core.platform.bulk import insert_rows
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.progress import Cancelled, Progress


@pytest.fixture(params=["driver", "core"])
def binding(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways rows reach the database: tuples to a positional driver (SQLite), and
    SQLAlchemy's own binding (what PostgreSQL's named parameters take)."""
    if request.param == "core":
        monkeypatch.setattr(bulk, "_positional_runner", lambda *arguments: None)
    return str(request.param)


def _source(database: Database) -> int:
    with database.transaction() as session:
        source = FundingSource(name="City", kind=FundingSourceKind.MUNICIPAL_BUDGET)
        session.add(source)
        session.flush()
        assert source.id is not None
        return source.id


def _lines(source_id: int, count: int) -> list[dict[str, object]]:
    kinds = list(LedgerEntryType)
    return [
        {
            "entry_date": date(2026, 1 + i % 12, 1 + i % 28),
            "funding_source_id": source_id,
            "entry_type": kinds[i % 3] if i % 2 else kinds[i % 3].value,  # member or value
            "amount_cents": (i - 3) * 100_001,
            "memo": None if i % 4 == 0 else f"line {i}",
            "mou_id": None,
        }
        for i in range(count)
    ]


def _stored(database: Database) -> list[tuple[object, ...]]:
    with database.session() as session:
        return [
            (e.entry_date, e.funding_source_id, e.entry_type, e.amount_cents, e.memo, e.mou_id)
            for e in session.exec(select(LedgerEntry).order_by(col(LedgerEntry.id)))
        ]


def test_rows_read_back_as_the_orm_would_have_stored_them(database: Database, binding: str) -> None:
    source_id = _source(database)
    rows = _lines(source_id, 50)
    with database.transaction() as session:
        assert insert_rows(session, LedgerEntry, rows, chunk_rows=7) == 50
    expected = [
        (r["entry_date"], source_id, LedgerEntryType(r["entry_type"]), r["amount_cents"],
         r["memo"], None)
        for r in rows
    ]  # fmt: skip
    assert _stored(database) == expected


def test_columns_left_out_get_their_defaults_once_for_the_whole_load(
    database: Database, binding: str
) -> None:
    source_id = _source(database)
    with database.transaction() as session:
        insert_rows(session, LedgerEntry, _lines(source_id, 30), chunk_rows=10)
    with database.session() as session:
        versions, stamps = zip(
            *session.execute(sa.select(col(LedgerEntry.row_version), col(LedgerEntry.created_at))),
            strict=True,
        )
    assert set(versions) == {1}
    assert len(set(stamps)) == 1 and next(iter(stamps)).tzinfo is not None


def test_a_cancel_after_a_chunk_rolls_back_every_row(database: Database) -> None:
    source_id = _source(database)
    reported: list[tuple[int, int, str]] = []
    progress = Progress(
        lambda done, total, text: reported.append((done, total, text)),
        lambda: len(reported) >= 1,
    )
    with pytest.raises(Cancelled), database.transaction() as session:
        insert_rows(
            session,
            LedgerEntry,
            _lines(source_id, 25),
            chunk_rows=10,
            progress=progress,
            describe=lambda done, total, table: f"{table}: {done} of {total}",
        )
    assert reported == [(10, 25, "ledger_entry: 10 of 25")]
    assert _stored(database) == []


def test_a_bad_row_fails_the_whole_load(database: Database) -> None:
    source_id = _source(database)
    rows = _lines(source_id, 20)
    rows[15]["funding_source_id"] = source_id + 99  # no such source
    with pytest.raises(sa.exc.IntegrityError), database.transaction() as session:
        insert_rows(session, LedgerEntry, rows, chunk_rows=10)
    assert _stored(database) == []


def test_rows_may_be_tuples_in_the_order_of_the_named_columns(
    database: Database, binding: str
) -> None:
    source_id = _source(database)
    rows = _lines(source_id, 12)
    names = list(rows[0])
    with database.transaction() as session:
        insert_rows(
            session, LedgerEntry, [tuple(r.values()) for r in rows], columns=names, chunk_rows=5
        )
    assert _stored(database) == [
        (r["entry_date"], source_id, LedgerEntryType(r["entry_type"]), r["amount_cents"],
         r["memo"], None)
        for r in rows
    ]  # fmt: skip
