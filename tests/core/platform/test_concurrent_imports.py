"""Two people importing the same file at the same moment: it arrives once (issue #13, item 3).

An import checks what is already there, then inserts the rest. Two imports that both check
before either inserts would both insert. Each child process below is held at a barrier
just after reading the file and before its first look at the database, so that, unless
the check and the insert are one atomic step against other writers, both look before
either writes. The barrier gives up after a few seconds: when the writers are serialised,
the second import cannot reach it until the first has committed.
"""

from __future__ import annotations

import contextlib
import csv
import multiprocessing
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from partnerdesk.core.models import Contact, LedgerEntry, Organization
from partnerdesk.core.platform.db import Database, DatabaseLocation, open_database
from partnerdesk.core.program.info import table_counts

BARRIER_SECONDS = 4
LEDGER_ROWS = 500


def _held_after_reading(function: Any, barrier: Any) -> Any:
    """``function``, then wait (a bounded time) for the other import to get here too."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        # BrokenBarrierError: the other one is not coming (the writers are serialised).
        with contextlib.suppress(Exception):
            barrier.wait(timeout=BARRIER_SECONDS)
        return result

    return wrapper


def run_import(kind: str, url: str, file: str, barrier: Any, results: Any) -> None:
    """One user's import, in its own process: reports ("ok", added) or ("error", text)."""
    from partnerdesk.core.platform.errors import PartnerDeskError

    if kind == "ledger":
        from partnerdesk.core.funding import ledger_import as module

        module._ledger_table = _held_after_reading(module._ledger_table, barrier)  # type: ignore[assignment]
    else:
        from partnerdesk.core.directory import contacts_import as module  # type: ignore[no-redef]

        module.read_import_tables = _held_after_reading(module.read_import_tables, barrier)  # type: ignore[attr-defined]
    database = open_database(DatabaseLocation.for_url(url), create=False)
    try:
        with database.transaction() as session:
            if kind == "ledger":
                from partnerdesk.core.funding.ledger_import import import_ledger

                added = import_ledger(session, file).entries_added
            else:
                from partnerdesk.core.directory.contacts_import import import_contacts

                added = len(import_contacts(session, file).contacts_added)
        results.put(("ok", added))
    except PartnerDeskError as exc:
        results.put(("error", exc.message))
    except Exception as exc:  # what a user would see as "internal error"
        results.put(("internal error", f"{type(exc).__name__}: {exc}"))
    finally:
        database.close()


def import_twice_at_once(database: Database, kind: str, file: Path) -> list[tuple[str, Any]]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    processes = [
        context.Process(
            target=run_import, args=(kind, database.location.url, str(file), barrier, results)
        )
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return outcomes


def write_ledger(path: Path, sources: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "Source", "Type", "Amount", "Memo"])
        for number in range(LEDGER_ROWS):
            source = sources[number % len(sources)]
            writer.writerow([f"2026-{1 + number % 12:02d}-15", source, "Received", "12.34", ""])
    return path


def test_two_ledger_imports_of_one_file_at_once_add_it_once(
    demo_database: Database, tmp_path: Path
) -> None:
    from partnerdesk.core.funding.sources import list_sources

    with demo_database.session() as session:
        sources = [row.name for row in list_sources(session)]
    before = table_counts(demo_database)["ledger_entry"]
    outcomes = import_twice_at_once(
        demo_database, "ledger", write_ledger(tmp_path / "ledger.csv", sources)
    )
    assert all(status == "ok" for status, _ in outcomes), outcomes
    assert sorted(added for _, added in outcomes) == [0, LEDGER_ROWS]
    with demo_database.session() as session:
        total = session.execute(sa.select(sa.func.count()).select_from(LedgerEntry)).scalar()
    assert total == before + LEDGER_ROWS


def test_two_contact_imports_of_one_file_at_once_add_each_person_once(
    database: Database, tmp_path: Path
) -> None:
    file = tmp_path / "people.csv"
    with file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Organization", "Email"])
        for number in range(40):
            writer.writerow(
                [f"Person {number}", f"Agency {number % 7}", f"person{number}@example.org"]
            )
    outcomes = import_twice_at_once(database, "contacts", file)
    assert all(status == "ok" for status, _ in outcomes), outcomes
    assert sorted(added for _, added in outcomes) == [0, 40]
    with database.session() as session:
        people = session.execute(sa.select(sa.func.count()).select_from(Contact)).scalar()
        agencies = session.execute(sa.select(sa.func.count()).select_from(Organization)).scalar()
    assert (people, agencies) == (40, 7)
