"""Keeping the training records: responders (the same person as the contact), roles,
courses, requirements and sessions, each change audited and each refusal explained."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from partnerdesk.core.directory.contact_commands import delete_contact
from partnerdesk.core.models import AuditEvent, Contact, ResponderRole
from partnerdesk.core.platform.errors import (
    ConflictError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.training import seed
from partnerdesk.core.training.courses import (
    CourseInput,
    RequirementInput,
    create_requirement,
    delete_course,
    update_course,
)
from partnerdesk.core.training.responders import (
    ResponderInput,
    create_responder,
    delete_responder,
    get_responder,
    list_responders,
    set_left,
    update_responder,
)
from partnerdesk.core.training.roles import create_role, delete_role, update_role
from partnerdesk.core.training.seed import load_standard_catalogue
from partnerdesk.core.training.sessions import (
    SessionInput,
    delete_session,
    get_session,
    set_attendance,
    update_session,
)
from tests.core.training.conftest import TODAY, Program


def _events(program: Program, kind: ChangeKind) -> list[AuditEvent]:
    with program.database.session() as session:
        return list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.entity_type == kind)
                .order_by(col(AuditEvent.id))
            )
        )


def test_a_responder_is_the_contact_not_a_copy(program: Program) -> None:
    rid = program.person("Avery Stone")
    with program.database.transaction() as session:
        contact = session.exec(select(Contact).where(Contact.full_name == "Avery Stone")).one()
        contact.full_name = "Avery Stone-Lee"
        session.add(contact)
    with program.database.session() as session:
        row = get_responder(session, rid).row
    assert row.name == "Avery Stone-Lee" and row.agency == "Lakeside Police"
    assert row.role == seed.OFFICER
    created = _events(program, ChangeKind.RESPONDER)
    assert created[-1].summary and "Avery Stone responds as Police officer" in created[-1].summary


def test_the_same_person_cannot_be_added_twice(program: Program) -> None:
    rid = program.person("Avery Stone")
    with program.database.session() as session:
        contact_id = get_responder(session, rid).row.contact_id
    with (
        pytest.raises(ValidationError, match="already a responder"),
        program.database.transaction() as session,
    ):
        create_responder(session, ResponderInput(contact_id, program.roles[seed.OFFICER], TODAY))


def test_changing_role_keeps_the_history_and_audits_it(program: Program) -> None:
    rid = program.person("Avery Stone", start=date(2026, 1, 5))
    changed = date(2026, 10, 1)
    with program.database.transaction() as session:
        detail = get_responder(session, rid)
        update_responder(
            session,
            rid,
            ResponderInput(
                detail.row.contact_id,
                program.roles[seed.SUPERVISOR],
                date(2026, 1, 5),
                role_since=changed,
            ),
            seen_version=detail.row_version,
        )
    with program.database.session() as session:
        detail = get_responder(session, rid)
    assert [(s.role, s.start_date) for s in detail.roles] == [
        (seed.OFFICER, date(2026, 1, 5)),
        (seed.SUPERVISOR, changed),
    ]
    changes = {e.field: (e.old_value, e.new_value) for e in _events(program, ChangeKind.RESPONDER)}
    assert changes["role"] == (seed.OFFICER, seed.SUPERVISOR)


def test_a_role_change_before_the_current_role_started_is_refused(program: Program) -> None:
    rid = program.person("Avery Stone", start=date(2026, 3, 1))
    with program.database.session() as session:
        detail = get_responder(session, rid)
    data = ResponderInput(
        detail.row.contact_id,
        program.roles[seed.CLINICIAN],
        date(2026, 3, 1),
        role_since=date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as caught, program.database.transaction() as session:
        update_responder(session, rid, data)
    assert caught.value.field == "role_since"


def test_a_stale_copy_is_refused(program: Program) -> None:
    rid = program.person("Avery Stone")
    with program.database.session() as session:
        detail = get_responder(session, rid)
    data = ResponderInput(
        detail.row.contact_id, program.roles[seed.OFFICER], date(2026, 1, 5), notes="first"
    )
    with program.database.transaction() as session:
        update_responder(session, rid, data, seen_version=detail.row_version)
    with pytest.raises(StaleRecordError), program.database.transaction() as session:
        update_responder(session, rid, data, seen_version=detail.row_version)


def test_leaving_is_recorded_and_the_list_can_leave_them_out(program: Program) -> None:
    rid = program.person("Avery Stone")
    with program.database.transaction() as session:
        set_left(session, rid, TODAY - timedelta(days=3))
    with program.database.session() as session:
        assert list_responders(session, TODAY, include_left=False) == []
        assert [r.id for r in list_responders(session, TODAY)] == [rid]


def test_someone_who_attended_cannot_be_removed_only_marked_as_left(program: Program) -> None:
    rid = program.person("Avery Stone")
    session_id = program.session_of(seed.REFRESHER, TODAY - timedelta(days=7))
    program.attend(session_id, {rid: None})
    with (
        pytest.raises(ConflictError, match="attended 1 session"),
        program.database.transaction() as session,
    ):
        delete_responder(session, rid)
    other = program.person("Added By Mistake")
    with program.database.transaction() as session:
        assert delete_responder(session, other) == "Added By Mistake"
        assert (
            session.exec(select(ResponderRole).where(ResponderRole.responder_id == other)).all()
            == []
        )


def test_a_responder_cannot_be_deleted_from_the_directory(program: Program) -> None:
    rid = program.person("Avery Stone")
    with program.database.session() as session:
        contact_id = get_responder(session, rid).row.contact_id
    with pytest.raises(ConflictError, match="responder"), program.database.transaction() as session:
        delete_contact(session, contact_id)


def test_roles_are_a_list_the_program_extends(program: Program) -> None:
    with program.database.transaction() as session:
        role_id = create_role(session, "Crisis counselor")
        with pytest.raises(ValidationError, match="already a role"):
            create_role(session, "crisis COUNSELOR")
        update_role(session, role_id, "Crisis counsellor", active=False)
        assert delete_role(session, role_id) == "Crisis counsellor"
    with (
        pytest.raises(ConflictError, match="Deactivate"),
        program.database.transaction() as session,
    ):
        delete_role(session, program.roles[seed.OFFICER])


def test_the_standard_catalogue_fills_only_an_empty_one(program: Program) -> None:
    with (
        pytest.raises(ConflictError, match="only fills an empty"),
        program.database.transaction() as session,
    ):
        load_standard_catalogue(session)


def test_requirement_rules_are_checked(program: Program) -> None:
    data = RequirementInput(program.roles[seed.OFFICER], program.courses[seed.INITIAL], 4000, 90)
    with (
        pytest.raises(ValidationError, match="already requires") as caught,
        program.database.transaction() as session,
    ):
        create_requirement(session, data)
    assert caught.value.field == "course"
    peer, dispatch = program.roles[seed.PEER], program.courses[seed.DISPATCH]
    for bad, field in (
        (RequirementInput(peer, dispatch, 0, 90), "hours"),
        (RequirementInput(peer, dispatch, 800, -1), "due_within_days"),
        (RequirementInput(peer, dispatch, 800, 30, 0), "recurrence_months"),
    ):
        with pytest.raises(ValidationError) as caught, program.database.transaction() as session:
            create_requirement(session, bad)
        assert caught.value.field == field


def test_a_course_in_use_is_deactivated_not_deleted(program: Program) -> None:
    course_id = program.courses[seed.DE_ESCALATION]
    with pytest.raises(ConflictError, match="inactive"), program.database.transaction() as session:
        delete_course(session, course_id)
    with program.database.transaction() as session:
        update_course(session, course_id, CourseInput(seed.DE_ESCALATION, 800, "", active=False))


def test_attendance_is_refused_for_a_session_still_to_come_or_too_many_hours(
    program: Program,
) -> None:
    rid = program.person("Avery Stone")
    upcoming = program.session_of(seed.REFRESHER, TODAY + timedelta(days=3))
    with (
        pytest.raises(ValidationError, match="has not taken place yet"),
        program.database.transaction() as session,
    ):
        set_attendance(session, upcoming, {rid: 400}, TODAY)
    held = program.session_of(seed.REFRESHER, TODAY - timedelta(days=3))
    with (
        pytest.raises(ValidationError, match="more than the session lasted"),
        program.database.transaction() as session,
    ):
        set_attendance(session, held, {rid: 500}, TODAY)


def test_attendance_of_someone_who_had_left_is_refused(program: Program) -> None:
    rid = program.person("Avery Stone", left=TODAY - timedelta(days=30))
    held = program.session_of(seed.REFRESHER, TODAY - timedelta(days=3))
    with (
        pytest.raises(ValidationError, match="not a responder on the day"),
        program.database.transaction() as session,
    ):
        set_attendance(session, held, {rid: 400}, TODAY)


def test_each_change_of_attendance_is_audited_on_the_session(program: Program) -> None:
    avery, blake = program.person("Avery Stone"), program.person("Blake Moss")
    held = program.session_of(seed.REFRESHER, TODAY - timedelta(days=3))
    with program.database.transaction() as session:
        change = set_attendance(session, held, {avery: 400, blake: 200}, TODAY)
    assert (change.added, change.changed, change.removed) == (2, 0, 0)
    with program.database.transaction() as session:
        change = set_attendance(session, held, {avery: 400}, TODAY)
    assert (change.removed, change.unchanged) == (1, 1)
    fields = [
        (e.field, e.old_value, e.new_value) for e in _events(program, ChangeKind.TRAINING_SESSION)
    ]
    assert ("attendance: Blake Moss", None, "2 h") in fields
    assert ("attendance: Blake Moss", "2 h", None) in fields


def test_a_session_cannot_be_shortened_below_what_someone_attended(program: Program) -> None:
    rid = program.person("Avery Stone")
    held = program.session_of(seed.DE_ESCALATION, TODAY - timedelta(days=3))
    program.attend(held, {rid: None})
    with program.database.session() as session:
        detail = get_session(session, held)
    shorter = SessionInput(program.courses[seed.DE_ESCALATION], detail.row.start_date, 400)
    with (
        pytest.raises(ValidationError, match="cannot last only") as caught,
        program.database.transaction() as session,
    ):
        update_session(session, held, shorter, seen_version=detail.row_version)
    assert caught.value.field == "hours"


def test_deleting_a_session_takes_its_attendance_and_says_so(program: Program) -> None:
    rid = program.person("Avery Stone")
    held = program.session_of(seed.REFRESHER, TODAY - timedelta(days=3))
    program.attend(held, {rid: None})
    with program.database.transaction() as session:
        delete_session(session, held)
        left = session.execute(sa.text("SELECT COUNT(*) FROM training_attendance")).scalar_one()
    assert left == 0
    deleted = _events(program, ChangeKind.TRAINING_SESSION)[-1]
    assert deleted.summary is not None and "Avery Stone 4 h" in deleted.summary
