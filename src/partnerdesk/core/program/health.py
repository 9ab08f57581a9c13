"""`partnerdesk check`: is this database intact and consistent?"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import col

from partnerdesk.core.models import (
    LedgerEntry,
    LedgerEntryType,
    Mou,
    MouStatus,
    ProgramCost,
    Review,
)
from partnerdesk.core.platform.db import SCHEMA_HEAD, Database


@dataclass(frozen=True)
class Finding:
    check: str
    problem: str

    def as_json(self) -> dict[str, str]:
        return {"check": self.check, "problem": self.problem}


def check_database(database: Database) -> list[Finding]:
    """Every problem found; an empty list means the database is healthy.

    A damaged file is a finding, not a failure: each check that cannot read what it needs
    says so, and the others still run (a report, never an internal error)."""
    findings: list[Finding] = []
    with database.engine.connect() as connection:
        checks = [_revision] + ([_sqlite_integrity] if connection.dialect.name == "sqlite" else [])
        for check in [*checks, _reviews, _amounts]:
            try:
                findings.extend(check(database, connection))
            except sa.exc.DatabaseError as exc:
                connection.rollback()
                text = str(exc.orig if exc.orig is not None else exc)
                findings.append(
                    Finding("integrity", f"{check.__doc__} could not be checked: {text}")
                )
    return findings


def _sqlite_integrity(_database: Database, connection: sa.Connection) -> list[Finding]:
    """the file's integrity"""
    findings: list[Finding] = []
    for (message,) in connection.exec_driver_sql("PRAGMA integrity_check"):
        if message != "ok":
            findings.append(Finding("integrity", message))
    for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        findings.append(
            Finding("orphans", f"{table} row {rowid} points to a missing {parent} record")
        )
    return findings


def _revision(database: Database, _connection: sa.Connection) -> list[Finding]:
    """the schema revision"""
    revision = database.schema_revision()
    if revision != SCHEMA_HEAD:
        return [Finding("schema", f"schema revision is {revision}, expected {SCHEMA_HEAD}")]
    return []


def _reviews(_database: Database, connection: sa.Connection) -> list[Finding]:
    """the review dates"""
    open_review = sa.select(col(Review.mou_id)).where(col(Review.completed_date).is_(None))
    missing_review = connection.execute(
        sa.select(col(Mou.reference_code), col(Mou.version_number)).where(
            col(Mou.status).in_([MouStatus.ACTIVE, MouStatus.UNDER_REVIEW]),
            col(Mou.archived).is_(False),
            col(Mou.id).not_in(open_review),
            col(Mou.id).not_in(
                sa.select(col(Mou.supersedes_id)).where(col(Mou.supersedes_id).is_not(None))
            ),
        )
    )
    return [
        Finding("reviews", f"MOU {code} (version {version}) is in force with no review date")
        for code, version in missing_review
    ]


def _amounts(_database: Database, connection: sa.Connection) -> list[Finding]:
    """the amounts"""
    findings: list[Finding] = []
    # Budget and receipt amounts are positive by definition; corrections are adjustments.
    negative = connection.execute(
        sa.select(sa.func.count(col(LedgerEntry.id))).where(
            col(LedgerEntry.entry_type) != LedgerEntryType.ADJUSTMENT,
            col(LedgerEntry.amount_cents) < 0,
        )
    ).scalar_one()
    if negative:
        findings.append(
            Finding(
                "amounts",
                f"{negative} budgeted or received ledger entries are negative "
                "(record corrections as adjustments)",
            )
        )
    negative_costs = connection.execute(
        sa.select(sa.func.count(col(ProgramCost.id))).where(col(ProgramCost.amount_cents) < 0)
    ).scalar_one()
    if negative_costs:
        findings.append(Finding("amounts", f"{negative_costs} program cost lines are negative"))
    return findings
