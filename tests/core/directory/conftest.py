"""Helpers the directory's tests share."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlmodel import func, select

from partnerdesk.core.models import Contact, Organization
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.schema import AuditEvent

HEADER = ["Name", "Organization", "Title", "Email", "Phone", "Groups"]


def id_of_contact(database: Database, name: str) -> int:
    with database.session() as session:
        contact = session.exec(select(Contact).where(Contact.full_name == name)).one()
        assert contact.id is not None
        return contact.id


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def counts(database: Database) -> tuple[int, int, int]:
    """How many contacts, organizations and audit events there are."""
    with database.session() as session:
        return (
            session.exec(select(func.count()).select_from(Contact)).one(),
            session.exec(select(func.count()).select_from(Organization)).one(),
            session.exec(select(func.count()).select_from(AuditEvent)).one(),
        )
