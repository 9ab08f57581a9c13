"""Funding sources: editing rules, audit, versions (also when only the linked MOUs change)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from partnerdesk.core.funding import sources
from partnerdesk.core.funding.ledger import EntryInput, create_entry
from partnerdesk.core.funding.sources import SourceInput
from partnerdesk.core.models import FundingSourceKind, LedgerEntryType, Mou
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind


def _source(session: Session, name: str = "City", **extra: object) -> int:
    data = SourceInput(name=name, kind=FundingSourceKind.MUNICIPAL_BUDGET)
    for key, value in extra.items():
        setattr(data, key, value)
    return sources.create_source(session, data)


def test_source_create_update_delete_is_audited(database: Database) -> None:
    with database.transaction() as session:
        source_id = _source(session, "  City   general fund ", annual_growth_pct=Decimal("2.5"))
    with database.transaction() as session:
        detail = sources.get_source(session, source_id)
        assert detail.values.name == "City general fund"
        assert detail.values.annual_growth_pct == Decimal("2.5")
        detail.values.renewal_probability_pct = 60
        sources.update_source(session, source_id, detail.values, detail.row_version)
    with database.transaction() as session:
        assert sources.get_source(session, source_id).row_version == 2
        events = audit.history(session, ChangeKind.FUNDING_SOURCE, source_id)
        changed = [
            e for e in events if e.field == "renewal_probability_pct" and e.action.value == "update"
        ]
        assert changed and (changed[0].old_value, changed[0].new_value) == ("100", "60")
        sources.delete_source(session, source_id)
    with database.session() as session:
        assert sources.list_sources(session) == []
        assert any(
            e.action.value == "delete"
            for e in audit.history(session, ChangeKind.FUNDING_SOURCE, source_id)
        )


def test_stale_source_edit_is_refused(database: Database) -> None:
    with database.transaction() as session:
        source_id = _source(session)
    with database.transaction() as session:
        seen = sources.get_source(session, source_id)
        sources.update_source(session, source_id, seen.values, seen.row_version)  # no change
        data = sources.get_source(session, source_id).values
        data.notes = "first save"
        sources.update_source(session, source_id, data, seen.row_version)
    data.notes = "second save from an old copy"
    with (
        pytest.raises(ConflictError, match="changed by someone else"),
        database.transaction() as session,
    ):
        sources.update_source(session, source_id, data, seen.row_version)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"renewal_probability_pct": 101}, "renewal_probability_pct"),
        ({"annual_growth_pct": Decimal("1.234")}, "annual_growth_pct"),
        ({"grant_start": date(2026, 7, 1), "grant_end": date(2026, 6, 30)}, "grant_end"),
    ],
)
def test_source_validation_names_the_field(
    database: Database, changes: dict[str, object], field: str
) -> None:
    with database.transaction() as session, pytest.raises(ValidationError) as caught:
        _source(session, **changes) if "name" not in changes else sources.create_source(
            session, SourceInput(name=str(changes["name"]), kind=FundingSourceKind.OTHER)
        )
    assert caught.value.field == field


def test_duplicate_source_names_are_refused_case_insensitively(database: Database) -> None:
    with database.transaction() as session:
        _source(session, "Valley Health")
    with database.transaction() as session, pytest.raises(ValidationError, match="already"):
        _source(session, "valley health")


def test_source_with_entries_cannot_be_deleted(database: Database) -> None:
    with database.transaction() as session:
        source_id = _source(session)
        create_entry(
            session,
            EntryInput(date(2026, 8, 1), source_id, LedgerEntryType.RECEIVED, Decimal("10.00")),
        )
    with database.transaction() as session, pytest.raises(ConflictError, match="1 ledger"):
        sources.delete_source(session, source_id)


def test_a_change_to_the_linked_mous_alone_moves_the_version(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        mou_ids = list(session.exec(select(Mou.id)))[:2]
        source_id = _source(session, "Linked")
    with demo_database.transaction() as session:
        seen = sources.get_source(session, source_id)
        data = seen.values
        data.mou_ids = mou_ids
        sources.update_source(session, source_id, data, seen.row_version)
    with demo_database.session() as session:
        now = sources.get_source(session, source_id)
        assert sorted(now.values.mou_ids) == sorted(mou_ids)
        assert now.row_version == seen.row_version + 1
        linked = [
            e
            for e in audit.history(session, ChangeKind.FUNDING_SOURCE, source_id)
            if e.field == "mous"
        ]
        assert [(e.old_value, e.new_value) for e in linked if e.action.value == "update"] == [
            ("", ",".join(str(i) for i in sorted(mou_ids)))
        ]
    # A colleague's copy from before the links changed cannot write its links back.
    data.mou_ids = []
    with (
        pytest.raises(ConflictError, match="changed by someone else"),
        demo_database.transaction() as session,
    ):
        sources.update_source(session, source_id, data, seen.row_version)
