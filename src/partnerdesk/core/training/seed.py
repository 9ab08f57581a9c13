"""The standard training catalogue: five roles, five courses, and what each role requires.

Joint initial training of at least 40 hours, then a refresher every quarter; 20 hours of
hands-on practice before a new system is used live; dispatchers trained to screen calls.
Loaded into an empty catalogue on request (the Training area offers it, ``partnerdesk
training seed`` does it, the demo uses it): a database is never filled behind the user's
back. Every figure is a starting point the program changes to its own.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from partnerdesk.core.models import TrainingCourse, TrainingRequirement, TrainingRole
from partnerdesk.core.platform.errors import ConflictError
from partnerdesk.core.training.courses import (
    CourseInput,
    RequirementInput,
    create_course,
    create_requirement,
)
from partnerdesk.core.training.roles import create_role
from partnerdesk.core.training.rules import HUNDRED

OFFICER = "Police officer"
CLINICIAN = "Clinician"
PEER = "Peer specialist"
DISPATCHER = "Dispatcher / call-taker"
SUPERVISOR = "Supervisor"
STANDARD_ROLES = (OFFICER, CLINICIAN, PEER, DISPATCHER, SUPERVISOR)

INITIAL = "Joint initial crisis-response training"
REFRESHER = "Quarterly joint refresher"
DISPATCH = "Dispatch screening protocol"
NEW_SYSTEM = "New-system hands-on training"
DE_ESCALATION = "De-escalation scenarios"

# name, hours, description
STANDARD_COURSES: tuple[tuple[str, int, str], ...] = (
    (
        INITIAL,
        40,
        "Police and mental-health responders learn the response protocol together: "
        "who leads at the scene, what may be shared at each tier, and practice on the "
        "community's own (de-identified) calls. May be split over several days.",
    ),
    (
        REFRESHER,
        4,
        "A half day each quarter: recent calls reviewed together, changes to the "
        "protocol, and practice of what went wrong.",
    ),
    (
        DISPATCH,
        8,
        "Call-takers and dispatchers screen behavioral-health calls and send the "
        "right responders: the questions to ask, the routing rules, the hand-offs.",
    ),
    (
        NEW_SYSTEM,
        20,
        "Hands-on practice with a new system (dispatch, field communication, "
        "records) before it is used on live calls.",
    ),
    (
        DE_ESCALATION,
        8,
        "Scenario practice of de-escalation in mixed pairs of officers and "
        "clinicians, with actors.",
    ),
)

# role, course, hours that count, due within days of taking up the role, every N months
STANDARD_REQUIREMENTS: tuple[tuple[str, str, int, int, int | None], ...] = (
    (OFFICER, INITIAL, 40, 90, None),
    (OFFICER, REFRESHER, 4, 180, 3),
    (OFFICER, DE_ESCALATION, 8, 180, 12),
    (CLINICIAN, INITIAL, 40, 90, None),
    (CLINICIAN, REFRESHER, 4, 180, 3),
    (CLINICIAN, DE_ESCALATION, 8, 180, 12),
    (PEER, INITIAL, 40, 90, None),
    (PEER, REFRESHER, 4, 180, 3),
    (DISPATCHER, DISPATCH, 8, 30, 12),
    (DISPATCHER, NEW_SYSTEM, 20, 60, None),
    (DISPATCHER, REFRESHER, 4, 180, 3),
    (SUPERVISOR, INITIAL, 40, 90, None),
    (SUPERVISOR, REFRESHER, 4, 180, 3),
    (SUPERVISOR, NEW_SYSTEM, 20, 60, None),
)


def catalogue_is_empty(session: Session) -> bool:
    for model in (TrainingRole, TrainingCourse, TrainingRequirement):
        if session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one():
            return False
    return True


def load_standard_catalogue(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """Create the standard roles, courses and requirements (audited like any other);
    returns the ids of the roles and of the courses, by name. Refuses a catalogue that
    already has roles, courses or requirements."""
    if not catalogue_is_empty(session):
        raise ConflictError(
            "the training catalogue already has roles or courses; the standard catalogue "
            "only fills an empty one"
        )
    roles = {name: create_role(session, name) for name in STANDARD_ROLES}
    courses = {
        name: create_course(session, CourseInput(name, hours * HUNDRED, description))
        for name, hours, description in STANDARD_COURSES
    }
    for role, course, hours, days, months in STANDARD_REQUIREMENTS:
        create_requirement(
            session, RequirementInput(roles[role], courses[course], hours * HUNDRED, days, months)
        )
    return roles, courses
