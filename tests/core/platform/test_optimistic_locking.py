"""Two people editing the same MOU: the second save is refused, nothing is lost."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from partnerdesk.core.models import Mou
from partnerdesk.core.mou.commands import update_mou
from partnerdesk.core.mou.register import mou_input_of
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError
from tests.conftest import DEMO_TODAY


def co_responder_id(database: Database) -> int:
    with database.session() as session:
        mou_id = session.execute(
            sa.select(Mou.id).where(Mou.reference_code == "RIV-CR-01")
        ).scalar_one()
    return int(mou_id)


def test_a_save_over_a_newer_version_is_refused_and_the_first_save_stays(
    demo_database: Database,
) -> None:
    mou_id = co_responder_id(demo_database)
    with demo_database.session() as alice, demo_database.session() as bob:
        alice_form, alice_seen = mou_input_of(alice, mou_id), alice.get(Mou, mou_id).row_version  # type: ignore[union-attr]
        bob_form, bob_seen = mou_input_of(bob, mou_id), bob.get(Mou, mou_id).row_version  # type: ignore[union-attr]
    with demo_database.transaction() as session:
        update_mou(
            session,
            mou_id,
            dataclasses.replace(alice_form, title="Alice's title"),
            alice_seen,
            today=DEMO_TODAY,
        )
    with pytest.raises(ConflictError, match="someone else"), demo_database.transaction() as session:
        update_mou(
            session,
            mou_id,
            dataclasses.replace(bob_form, notes="Bob's notes"),
            bob_seen,
            today=DEMO_TODAY,
        )
    with demo_database.session() as session:
        mou = session.get(Mou, mou_id)
        assert mou is not None
        assert mou.title == "Alice's title"
        assert mou.notes != "Bob's notes"


def test_two_saves_racing_inside_open_transactions_cannot_both_win(
    demo_database: Database,
) -> None:
    """Both read version N, both pass the check, both write: the database refuses one."""
    mou_id = co_responder_id(demo_database)
    with (
        pytest.raises(ConflictError, match="someone else"),
        demo_database.transaction() as first,
    ):
        mine = first.get(Mou, mou_id)
        assert mine is not None
        mine.title = "First writer"  # read and changed, not yet written
        with demo_database.transaction() as second:
            theirs = second.get(Mou, mou_id)
            assert theirs is not None
            theirs.title = "Second writer"
        # the second committed in between: the first's UPDATE now matches no row
    with demo_database.session() as session:
        mou = session.get(Mou, mou_id)
        assert mou is not None and mou.title == "Second writer"
