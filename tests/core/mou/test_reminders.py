"""What is coming up: open reviews and expiries, on the reminder list and the Dashboard."""

from __future__ import annotations

from datetime import date

from partnerdesk.core.mou.commands import set_archived
from partnerdesk.core.mou.register import find_mou
from partnerdesk.core.mou.reminders import ReminderKind, reminders
from partnerdesk.core.platform.db import Database
from partnerdesk.core.program.dashboard import dashboard_summary
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def test_reminders_cover_reviews_and_expiries_and_skip_archived(demo_database: Database) -> None:
    late = date(2027, 11, 1)  # the hospital pathway expires on 15 Nov 2027
    with demo_database.session() as session:
        items = reminders(session, late, 30)
        kinds = {(i.reference_code, i.kind) for i in items}
        assert ("RIV-HD-01", ReminderKind.EXPIRY) in kinds
        assert all(i.days_until_due <= 30 for i in items)
        assert items == sorted(items, key=lambda i: (i.due_date, i.reference_code, i.kind.value))
    with demo_database.transaction() as session:
        set_archived(session, find_mou(session, "RIV-HD-01"), True, None)
    with demo_database.session() as session:
        assert all(i.reference_code != "RIV-HD-01" for i in reminders(session, late, 30))


def test_expiry_windows_on_the_dashboard(demo_database: Database) -> None:
    with demo_database.session() as session:
        # Expiry 15 Nov 2027: 10 days ahead on 5 Nov, expired on 20 Nov.
        ahead = dashboard_summary(session, date(2027, 11, 5))
        after = dashboard_summary(session, date(2027, 11, 20))
    assert (ahead.expiring_7, ahead.expiring_30, ahead.expiring_90) == (0, 1, 1)
    assert after.expired_in_force == 1
    assert after.count(ReminderKind.EXPIRY, "overdue") == 1
