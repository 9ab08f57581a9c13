"""The .ics export: parses with two independent parsers, stable UIDs, alarms at lead times."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import vobject
from icalendar import Calendar

from partnerdesk.core.models import ReviewOutcome
from partnerdesk.core.mou.commands import update_mou
from partnerdesk.core.mou.register import find_mou, mou_input_of
from partnerdesk.core.mou.reviews import complete_review, snooze_review
from partnerdesk.core.platform.db import Database
from partnerdesk.core.program.calendar import export_calendar
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


def export(database: Database, path: Path, **kwargs: object) -> Calendar:
    with database.transaction() as session:
        export_calendar(session, path, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return Calendar.from_ical(path.read_bytes())


def mou_events(calendar: Calendar) -> list[object]:
    """The agreements' events (the export also holds other areas', e.g. training)."""
    return [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("mou-")]


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_every_open_review_and_expiry_is_an_event_with_its_alarms(
    demo_database: Database, tmp_path: Path
) -> None:
    calendar = export(demo_database, tmp_path / "reviews.ics")
    events: list[Any] = mou_events(calendar)
    # Demo: three agreements in force (three open reviews), two of them with an expiry date.
    assert len(events) == 5
    assert sum(len(event.walk("VALARM")) for event in events) == 15
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    everything = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]  # other areas' too
    assert sum(s.startswith("Evaluation due: 24-month evaluation") for s in everything) == 1
    assert sum(s.startswith("MOU review due: ") for s in summaries) == 3
    assert sum(s.startswith("MOU expires: ") for s in summaries) == 2
    overdue = next(e for e in events if "RIV-HD-01" in str(e["SUMMARY"]) and "review" in str(
        e["SUMMARY"]))  # fmt: skip
    assert overdue.decoded("DTSTART") == date(2026, 11, 15)
    assert overdue.decoded("DTEND") == date(2026, 11, 16)
    triggers = sorted(alarm.decoded("TRIGGER") for alarm in overdue.walk("VALARM"))
    assert triggers == [timedelta(days=-90), timedelta(days=-30), timedelta(days=-7)]
    assert calendar["VERSION"] == "2.0" and "PartnerDesk" in str(calendar["PRODID"])


def test_a_second_parser_reads_the_same_file(demo_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "reviews.ics"
    export(demo_database, path)
    parsed = vobject.readOne(path.read_text(encoding="utf-8"))
    events = [e for e in parsed.vevent_list if e.uid.value.startswith("mou-")]
    assert len(events) == 5
    assert sum(len(getattr(event, "valarm_list", [])) for event in events) == 15
    starts = sorted(event.dtstart.value for event in events)
    assert starts[0] == date(2026, 11, 15)
    assert all("@partnerdesk" in event.uid.value for event in events)


def test_reexporting_keeps_uids_and_updates_moved_events(
    demo_database: Database, tmp_path: Path
) -> None:
    first = events_by_uid(export(demo_database, tmp_path / "one.ics"))
    with demo_database.transaction() as session:
        mou_id = find_mou(session, "RIV-HD-01")
        snooze_review(session, mou_id, until=date(2027, 1, 10), reason="board", today=TODAY)
        co = find_mou(session, "RIV-CR-01")
        data = mou_input_of(session, co)
        data.reminder_days = (60, 14)
        update_mou(session, co, data, 1, today=TODAY)
    second = events_by_uid(export(demo_database, tmp_path / "two.ics"))
    assert set(first) == set(second)
    moved = next(
        uid for uid, event in second.items() if event.decoded("DTSTART") == date(2027, 1, 10)
    )
    assert first[moved].decoded("DTSTART") == date(2026, 11, 15)  # type: ignore[attr-defined]
    assert int(second[moved]["SEQUENCE"]) > int(first[moved]["SEQUENCE"])  # type: ignore[index]
    co_review = next(
        e for e in second.values() if str(e["SUMMARY"]).startswith("MOU review due: RIV-CR-01")
    )
    assert sorted(a.decoded("TRIGGER") for a in co_review.walk("VALARM")) == [
        timedelta(days=-60),
        timedelta(days=-14),
    ]
    before = first[str(co_review["UID"])]
    assert int(co_review["SEQUENCE"]) > int(before["SEQUENCE"])  # type: ignore[index]


def test_a_completed_review_moves_its_event_instead_of_adding_one(
    demo_database: Database, tmp_path: Path
) -> None:
    first = events_by_uid(export(demo_database, tmp_path / "one.ics"))
    with demo_database.transaction() as session:
        complete_review(
            session,
            find_mou(session, "RIV-HD-01"),
            completed_date=TODAY,
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=TODAY,
        )
    second = events_by_uid(export(demo_database, tmp_path / "two.ics"))
    assert set(second) == set(first)  # no new UID: the calendar moves the event it has
    [moved] = [
        uid for uid in second if str(second[uid]["SUMMARY"]).startswith("MOU review due: RIV-HD")
    ]
    assert first[moved].decoded("DTSTART") == date(2026, 11, 15)  # type: ignore[attr-defined]
    assert second[moved].decoded("DTSTART") == date(2027, 11, 27)  # type: ignore[attr-defined]
    assert int(second[moved]["SEQUENCE"]) > int(first[moved]["SEQUENCE"])  # type: ignore[index]


def test_an_unchanged_event_keeps_its_sequence(demo_database: Database, tmp_path: Path) -> None:
    first = events_by_uid(export(demo_database, tmp_path / "one.ics"))
    second = events_by_uid(export(demo_database, tmp_path / "two.ics"))
    assert {uid: int(e["SEQUENCE"]) for uid, e in first.items()} == {  # type: ignore[index]
        uid: int(e["SEQUENCE"])
        for uid, e in second.items()  # type: ignore[index]
    }


def test_what_no_longer_applies_is_cancelled_under_the_same_uid(
    demo_database: Database, tmp_path: Path
) -> None:
    first = events_by_uid(export(demo_database, tmp_path / "one.ics"))
    with demo_database.transaction() as session:
        complete_review(
            session,
            find_mou(session, "RIV-HD-01"),
            completed_date=TODAY,
            outcome=ReviewOutcome.TERMINATED,
            today=TODAY,
        )
    second = events_by_uid(export(demo_database, tmp_path / "two.ics"))
    assert set(second) == set(first)
    cancelled = {uid: e for uid, e in second.items() if str(e.get("STATUS")) == "CANCELLED"}
    hospital = {uid for uid, e in first.items() if "RIV-HD-01" in str(e["SUMMARY"])}
    assert set(cancelled) == hospital  # its review and its end date, nothing else
    for uid, event in cancelled.items():
        assert event.decoded("DTSTART") == first[uid].decoded("DTSTART")  # type: ignore[attr-defined]
        assert int(event["SEQUENCE"]) > int(first[uid]["SEQUENCE"])  # type: ignore[index]
        assert event.walk("VALARM") == []  # a cancelled reminder does not ring
    third = events_by_uid(export(demo_database, tmp_path / "three.ics"))
    assert set(third) == set(second)  # later exports keep telling calendars it is cancelled


def test_within_days_limits_the_export(demo_database: Database, tmp_path: Path) -> None:
    export(demo_database, tmp_path / "all.ics")
    calendar = export(demo_database, tmp_path / "soon.ics", within_days=90)
    assert len(mou_events(calendar)) == 2  # the overdue review and the one in 60 days
    # The overdue grant report and the two reports due in 64 days.
    obligations = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("obligation-")]
    assert len(obligations) == 3
    # What lies beyond the window is left alone, not cancelled.
    assert all(str(e.get("STATUS")) == "CONFIRMED" for e in calendar.walk("VEVENT"))
