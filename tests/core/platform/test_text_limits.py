"""Free text has limits: one per field, declared in the models, the same for the editors,
the command line and the imports; the refusal names the field and the limit, and nothing is
saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import select

from partnerdesk.core.directory.contact_commands import ContactInput, create_contact
from partnerdesk.core.funding.costs import CostInput, create_cost
from partnerdesk.core.models import ALL_TABLES, Contact, CostCategory, Mou, Review
from partnerdesk.core.mou.register import find_mou
from partnerdesk.core.mou.reviews import open_review, snooze_review
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.text_limits import text_limit, text_problem
from tests.conftest import DEMO_TODAY

# Text the program writes itself, never typed: the audit trail copies the fields it records
# (each within its own limit), and a saved scenario is JSON the program composes.
PROGRAM_TEXT = {
    ("audit_event", "old_value"),
    ("audit_event", "new_value"),
    ("audit_event", "summary"),
    ("projection_scenario", "assumptions_json"),
    ("deleted_record", "rows_json"),  # the deleted rows, as PartnerDesk wrote them
}


def test_every_text_column_has_a_limit() -> None:
    unlimited = []
    for model in ALL_TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        for column in table.columns:
            if isinstance(column.type, sa.Enum) or not hasattr(column.type, "length"):
                continue
            key = (table.name, column.name)
            if text_limit(model, column.name) is None and key not in PROGRAM_TEXT:
                unlimited.append(key)
    assert unlimited == []


def test_the_message_names_the_field_and_the_limit() -> None:
    assert text_problem(Review, "snooze_reason", "x" * 100_000) == (
        "the snooze reason may have at most 500 characters; this one has 100,000"
    )
    assert text_problem(Contact, "full_name", "x" * 201) == (
        "the name may have at most 200 characters; this one has 201"
    )
    assert text_problem(Contact, "notes", "x" * 10_000) is None
    assert text_problem(Contact, "notes", "a\x00b") == (
        "the notes holds a NUL character, which cannot be stored"
    )
    assert text_problem(Contact, "id", 7) is None


def test_a_very_long_snooze_reason_is_refused_and_nothing_is_saved(
    demo_database: Database,
) -> None:
    with demo_database.session() as session:
        mou_id = find_mou(session, "RIV-CR-01")
        review = open_review(session, mou_id)
        assert review is not None
        before = (review.snoozed_until, review.snooze_reason, review.row_version)
    until = date(2027, 4, 1)  # after the due date (29 January 2027), before the next one
    with pytest.raises(ValidationError) as caught, demo_database.transaction() as session:
        snooze_review(session, mou_id, until=until, reason="x" * 100_000, today=DEMO_TODAY)
    assert caught.value.field == "snooze_reason"
    assert "at most 500 characters" in caught.value.message
    with demo_database.transaction() as session:  # the same reason, cut to the limit, is kept
        snooze_review(session, mou_id, until=until, reason="x" * 500, today=DEMO_TODAY)
        session.rollback()
    with demo_database.session() as session:
        review = open_review(session, mou_id)
        assert review is not None
        assert (review.snoozed_until, review.snooze_reason, review.row_version) == before


def test_every_service_refuses_the_same_way(database: Database) -> None:
    with (
        pytest.raises(ValidationError, match="notes may have at most 10,000") as caught,
        database.transaction() as session,
    ):
        create_contact(session, ContactInput(full_name="Ada", notes="n" * 10_001))
    assert caught.value.field == "notes"
    with (
        pytest.raises(ValidationError, match="description may have at most 500"),
        database.transaction() as session,
    ):
        create_cost(
            session,
            CostInput(2027, CostCategory.TRAINING, Decimal("10"), description="d" * 501),
        )
    with database.session() as session:
        assert session.exec(select(Contact)).all() == []


def test_text_stored_before_the_limits_does_not_block_other_edits(
    demo_database: Database,
) -> None:
    with demo_database.session() as session:
        mou = session.exec(select(Mou)).first()
        assert mou is not None and mou.id is not None
        session.execute(
            sa.update(Mou).where(Mou.id == mou.id).values(notes="old " * 5_000)  # type: ignore[arg-type]
        )
        session.commit()
    with demo_database.transaction() as session:
        stored = session.get(Mou, mou.id)
        assert stored is not None
        stored.title = "Renamed"  # the long notes are not touched: saved
    with pytest.raises(ValidationError, match="notes"), demo_database.transaction() as session:
        stored = session.get(Mou, mou.id)
        assert stored is not None
        stored.notes = "new " * 5_000  # a change to them must fit
