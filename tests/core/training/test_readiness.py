"""Readiness from the database: split hours, recurrence, role changes and people who left,
as the matrix, the status command and the dashboard see them."""

from __future__ import annotations

from datetime import date, timedelta

from partnerdesk.core.training import seed
from partnerdesk.core.training.readiness import readiness, training_attention
from partnerdesk.core.training.responders import ResponderInput, get_responder, update_responder
from partnerdesk.core.training.rules import Status
from tests.core.training.conftest import TODAY, Program

START = date(2026, 1, 5)


def _status(program: Program, responder_id: int, course: str, today: date = TODAY) -> Status:
    with program.database.session() as session:
        result = readiness(session, today, include_left=True)
    person = next(p for p in result.people if p.responder_id == responder_id)
    item = person.item(program.courses[course])
    assert item is not None, f"{course} is not required of {person.name}"
    return item.status


def test_initial_training_split_over_five_days_is_complete_on_the_last(program: Program) -> None:
    dana = program.person("Dana Ruiz", start=TODAY - timedelta(days=40))
    monday = TODAY - timedelta(days=30)
    days = [program.session_of(seed.INITIAL, monday + timedelta(days=n), 8) for n in range(5)]
    for session_id in days[:4]:
        program.attend(session_id, {dana: None})
    assert _status(program, dana, seed.INITIAL) is Status.IN_PROGRESS
    program.attend(days[4], {dana: None})
    with program.database.session() as session:
        person = readiness(session, TODAY).people[0]
    item = person.item(program.courses[seed.INITIAL])
    assert item is not None
    assert item.status is Status.COMPLETE
    assert item.standing.last_completed == monday + timedelta(days=4)


def test_attendance_of_a_session_still_to_end_does_not_count_yet(program: Program) -> None:
    dana = program.person("Dana Ruiz", start=TODAY - timedelta(days=60))
    session_id = program.session_of(seed.INITIAL, TODAY - timedelta(days=1), 40, days=3)
    program.attend(session_id, {dana: None})
    assert _status(program, dana, seed.INITIAL) is not Status.COMPLETE
    assert _status(program, dana, seed.INITIAL, TODAY + timedelta(days=1)) is Status.COMPLETE


def test_a_missed_refresher_makes_the_person_overdue(program: Program) -> None:
    kept, lapsed = program.person("Kept Up"), program.person("Lapsed Lee")
    first = program.session_of(seed.REFRESHER, TODAY - timedelta(days=120))
    program.attend(first, {kept: None, lapsed: None})
    second = program.session_of(seed.REFRESHER, TODAY - timedelta(days=20))
    program.attend(second, {kept: None})
    assert _status(program, kept, seed.REFRESHER) is Status.COMPLETE
    assert _status(program, lapsed, seed.REFRESHER) is Status.OVERDUE
    with program.database.session() as session:
        attention = training_attention(session, TODAY)
    # Both never took the yearly de-escalation scenarios; one also missed the refresher.
    assert attention.refreshers_overdue == 2
    assert attention.people == 2 and attention.people_current == 0


def test_people_who_left_count_nowhere(program: Program) -> None:
    gone = program.person("Gone Soon", left=TODAY - timedelta(days=10))
    staying = program.person("Still Here")
    with program.database.session() as session:
        result = readiness(session, TODAY)
        attention = training_attention(session, TODAY)
        with_left = readiness(session, TODAY, include_left=True)
    assert [p.responder_id for p in result.people] == [staying]
    assert attention.people == 1
    left = next(p for p in with_left.people if p.responder_id == gone)
    assert not left.active and left.items == ()
    assert _status(program, gone, seed.INITIAL, TODAY - timedelta(days=11)) is Status.OVERDUE


def test_a_role_change_brings_the_new_roles_requirements_from_the_day_of_the_change(
    program: Program,
) -> None:
    samir = program.person("Samir Haddad", start=START)
    initial = [
        program.session_of(seed.INITIAL, date(2026, 2, 2) + timedelta(days=n), 8) for n in range(5)
    ]
    for session_id in initial:
        program.attend(session_id, {samir: None})
    changed = TODAY - timedelta(days=25)
    with program.database.transaction() as session:
        detail = get_responder(session, samir)
        update_responder(
            session,
            samir,
            ResponderInput(
                detail.row.contact_id, program.roles[seed.SUPERVISOR], START, role_since=changed
            ),
            seen_version=detail.row_version,
        )
    with program.database.session() as session:
        person = readiness(session, TODAY).people[0]
    assert person.role == seed.SUPERVISOR and person.role_since == changed
    courses = {item.course for item in person.items}
    assert courses == {seed.INITIAL, seed.REFRESHER, seed.NEW_SYSTEM}
    new_system = person.item(program.courses[seed.NEW_SYSTEM])
    assert new_system is not None and new_system.standing.due_date == changed + timedelta(days=60)
    initial_item = person.item(program.courses[seed.INITIAL])
    assert initial_item is not None and initial_item.status is Status.COMPLETE  # still counts
    refresher = person.item(program.courses[seed.REFRESHER])
    # Both roles require the refresher: due 180 days from the start, not from the change.
    assert refresher is not None and refresher.standing.due_date == START + timedelta(days=180)
    # Before the change the same person was judged as an officer.
    assert _status(program, samir, seed.DE_ESCALATION, changed - timedelta(days=1)) in (
        Status.OVERDUE,
        Status.DUE_SOON,
    )


def test_filters_by_agency_and_role(program: Program) -> None:
    program.person("Officer One")
    clinician = program.person("Clinician One", seed.CLINICIAN, agency=program.health)
    with program.database.session() as session:
        by_agency = readiness(session, TODAY, agency_id=program.health)
        by_role = readiness(session, TODAY, role_id=program.roles[seed.OFFICER])
    assert [p.responder_id for p in by_agency.people] == [clinician]
    assert [p.name for p in by_role.people] == ["Officer One"]


def test_matrix_columns_are_the_courses_some_role_requires(program: Program) -> None:
    program.person("Officer One")
    with program.database.session() as session:
        result = readiness(session, TODAY)
    assert [name for _id, name in result.courses] == [
        seed.INITIAL,
        seed.REFRESHER,
        seed.DISPATCH,
        seed.NEW_SYSTEM,
        seed.DE_ESCALATION,
    ]
    officer = result.people[0]
    assert officer.item(program.courses[seed.DISPATCH]) is None  # not an officer's


def test_the_demo_shows_people_overdue_and_due_soon(demo_database: object) -> None:
    from partnerdesk.core.platform.db import Database

    assert isinstance(demo_database, Database)
    with demo_database.session() as session:
        attention = training_attention(session, TODAY)
        result = readiness(session, TODAY, include_left=True)
    assert attention.people >= 25
    assert attention.refreshers_overdue >= 3 and attention.refreshers_due >= 3
    assert attention.other_overdue >= 2
    agencies = {p.agency for p in result.people}
    assert agencies == {
        "Riverton Police Department",
        "Harbor County Behavioral Health",
        "St. Brigid Regional Hospital",
    }
    assert any(not p.active for p in result.people)  # someone left
    assert any(p.role_since and p.role_since > p.start_date for p in result.people)  # promoted
