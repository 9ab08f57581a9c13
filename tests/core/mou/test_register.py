"""The register: current versions, with the status a user sees."""

from __future__ import annotations

from datetime import date

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
