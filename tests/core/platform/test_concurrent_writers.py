"""Several PartnerDesks saving at once into one database: every entry arrives exactly once."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import date

import sqlalchemy as sa

from partnerdesk.core.models import (
    FundingSource,
    FundingSourceKind,
    LedgerEntry,
    LedgerEntryType,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.platform.schema import AuditAction, ChangeKind

WORKERS = 4
ENTRIES_EACH = 25


def write_entries(url: str, worker: int, source_id: int) -> None:
    database = open_database(DatabaseLocation.for_url(url), create=False)
    try:
        for number in range(ENTRIES_EACH):
            with database.transaction() as session:  # one save per entry, as a user would
                entry = LedgerEntry(
                    entry_date=date(2026, 7, 1 + number % 28),
                    funding_source_id=source_id,
                    entry_type=LedgerEntryType.RECEIVED,
                    amount_cents=100 * (worker + 1) + number,
                    memo=f"worker {worker} entry {number}",
                )
                session.add(entry)
                session.flush()
                audit.record(session, ChangeKind.LEDGER_ENTRY, entry.id, AuditAction.CREATE)
    finally:
        database.close()


def test_concurrent_processes_lose_and_duplicate_nothing(database: Database) -> None:
    with database.transaction() as session:
        source = FundingSource(name="Shared grant", kind=FundingSourceKind.STATE_GRANT)
        session.add(source)
        session.flush()
        assert source.id is not None
        source_id = source.id
    url = database.location.url
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=write_entries, args=(url, worker, source_id))
        for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    with database.session() as session:
        memos = Counter(session.execute(sa.select(LedgerEntry.memo)).scalars())
    expected = {f"worker {w} entry {n}" for w in range(WORKERS) for n in range(ENTRIES_EACH)}
    assert set(memos) == expected
    assert set(memos.values()) == {1}
