"""The register: current versions, with the status a user sees."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.core.models import MouStatus
from partnerdesk.core.mou.register import list_mous
from partnerdesk.core.platform.db import Database
from tests.conftest import DEMO_TODAY
from tests.core.mou.conftest import create, draft

TODAY = DEMO_TODAY


def test_an_active_mou_past_its_expiry_shows_as_expired(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs, expiry_date=date(2026, 11, 26)))
    with database.session() as session:
        [row] = list_mous(session, today=TODAY)
        assert row.status == MouStatus.EXPIRED
        assert row.recorded_status == MouStatus.ACTIVE
        assert list_mous(session, today=TODAY, status=MouStatus.EXPIRED)[0].id == mou_id
        assert list_mous(session, today=TODAY, status=MouStatus.ACTIVE) == []
        # On its last day it is still in force.
        assert list_mous(session, today=date(2026, 11, 26))[0].status == MouStatus.ACTIVE


@pytest.mark.parametrize("typed", ["²", "١٢", "99999999999", "2147483648", "0"])
def test_what_is_not_a_record_id_finds_nothing(demo_database: Database, typed: str) -> None:
    from partnerdesk.core.mou.register import find_mou
    from partnerdesk.core.platform.errors import NotFoundError

    with demo_database.session() as session, pytest.raises(NotFoundError):
        find_mou(session, typed)


def test_reminder_days_skip_what_is_not_a_whole_number() -> None:
    from partnerdesk.core.mou.rules import parse_reminder_days

    assert parse_reminder_days("90, ², 30;7 x " + "9" * 5000) == (90, 30, 7)
