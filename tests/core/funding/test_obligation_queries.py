"""Reminders of grant obligations: what the Dashboard counts (overdue, due within 30 days)
and the calendar export's events (stable UIDs, the source's lead times, cancellation)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar

from partnerdesk.core.funding.grant_terms import get_terms, save_terms
from partnerdesk.core.funding.obligation_queries import (
    ObligationFilter,
    list_obligations,
    obligation_attention,
)
from partnerdesk.core.funding.obligations import get_rule, submit_item, update_rule
from partnerdesk.core.funding.sources import find_source
from partnerdesk.core.platform.db import Database
from partnerdesk.core.program.calendar import export_calendar
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY
FEDERAL = "Federal crisis response grant"


def _grant_events(database: Database, path: Path, today: date = TODAY) -> dict[str, Any]:
    with database.transaction() as session:
        export_calendar(session, path, today=today)
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(event["UID"]): event
        for event in calendar.walk("VEVENT")
        if str(event["SUMMARY"]).startswith("Grant ")
    }


def _triggers(event: Any) -> list[timedelta]:
    return sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))


def test_the_dashboard_counts_the_overdue_report_and_those_due_within_30_days(
    demo_database: Database,
) -> None:
    with demo_database.session() as session:
        now = obligation_attention(session, TODAY)
        # Two reports fall due on 2027-01-30: 30 days after 2026-12-31, 31 after 12-30.
        edge = obligation_attention(session, date(2026, 12, 31))
        outside = obligation_attention(session, date(2026, 12, 30))
    assert (now.overdue, now.due_soon) == (1, 0)
    [late] = now.items
    assert (late.title, late.due_date, late.describe()) == (
        "Quarterly progress report",
        date(2026, 10, 30),
        "28 days overdue",
    )
    assert (edge.overdue, edge.due_soon) == (1, 2)
    assert [item.due_date for item in edge.items] == [date(2026, 10, 30)] + [date(2027, 1, 30)] * 2
    assert (outside.overdue, outside.due_soon) == (1, 0)

    with demo_database.transaction() as session:
        submit_item(session, late.id, submitted_on=TODAY, today=TODAY)
    with demo_database.session() as session:
        after = obligation_attention(session, date(2026, 12, 31))
    assert (after.overdue, after.due_soon) == (0, 2)


def test_each_open_obligation_is_an_event_with_its_sources_lead_times(
    demo_database: Database, tmp_path: Path
) -> None:
    events = _grant_events(demo_database, tmp_path / "one.ics")
    with demo_database.session() as session:
        open_items = list_obligations(session, TODAY, ObligationFilter("open"))
    assert len(events) == len(open_items) == 17
    late = next(e for e in events.values() if e.decoded("DTSTART") == date(2026, 10, 30))
    assert str(late["SUMMARY"]) == (
        f"Grant progress report due: {FEDERAL} — Quarterly progress report"
    )
    assert "Jul–Sep 2026" in str(late["DESCRIPTION"])
    # The demo grant's own lead times (30, 14 and 3 days), not the MOU default.
    assert _triggers(late) == [timedelta(days=-30), timedelta(days=-14), timedelta(days=-3)]

    with demo_database.transaction() as session:
        source_id = find_source(session, FEDERAL)
        terms = get_terms(session, source_id)
        save_terms(session, source_id, replace(terms.values, reminder_days=(60, 7)))
    second = _grant_events(demo_database, tmp_path / "two.ics")
    assert set(second) == set(events)  # same UIDs: calendars update the events they have
    for uid, event in second.items():
        assert _triggers(event) == [timedelta(days=-60), timedelta(days=-7)]
        assert int(event["SEQUENCE"]) > int(events[uid]["SEQUENCE"])


def test_a_moved_obligation_keeps_its_uid_and_a_submitted_one_is_cancelled(
    demo_database: Database, tmp_path: Path
) -> None:
    first = _grant_events(demo_database, tmp_path / "one.ics")
    late_uid = next(u for u, e in first.items() if e.decoded("DTSTART") == date(2026, 10, 30))
    with demo_database.transaction() as session:
        [late] = list_obligations(session, TODAY, ObligationFilter("overdue"))
        # The funder now wants the quarterly reports 45 days after each quarter.
        rule = get_rule(session, late.rule_id)
        update_rule(session, rule.id, replace(rule.values, offset_days=45), rule.row_version)
    second = _grant_events(demo_database, tmp_path / "two.ics")
    assert set(second) == set(first)
    assert second[late_uid].decoded("DTSTART") == date(2026, 11, 14)
    assert int(second[late_uid]["SEQUENCE"]) > int(first[late_uid]["SEQUENCE"])

    with demo_database.transaction() as session:
        submit_item(session, late.id, submitted_on=TODAY, today=TODAY)
    third = _grant_events(demo_database, tmp_path / "three.ics")
    assert set(third) == set(first)  # nothing added, nothing dropped
    cancelled = [u for u, e in third.items() if str(e.get("STATUS")) == "CANCELLED"]
    assert cancelled == [late_uid]
    assert third[late_uid].walk("VALARM") == []  # a submitted report no longer rings
