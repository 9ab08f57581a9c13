"""The demo program's joint training: 30 responders of the police department, the
mental-health agency and the hospital, the standard catalogue, a 40-hour initial training
split over five days, four quarterly refreshers (and a make-up), the courses dispatchers
and supervisors need, and a few people behind.

Dates are placed relative to ``today`` so that whatever day the demo is loaded, a few
people are overdue (a refresher missed, the initial training left unfinished, a course
never taken), a few refreshers fall due within 30 days, two people have just started, one
has changed role and one has left. All names are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from sqlmodel import Session

from partnerdesk.core.directory.contact_commands import ContactInput, create_contact
from partnerdesk.core.models import Contact, Organization, TrainingSession
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.training import seed
from partnerdesk.core.training.responders import (
    ResponderInput,
    create_responder,
    update_responder,
)
from partnerdesk.core.training.rules import HUNDRED
from partnerdesk.core.training.sessions import SessionInput, apply_attendance, create_session

# What sets a person apart from the cohort that attended everything.
ALL = ""
MISSED_LAST_REFRESHER = "missed last refresher"
INITIAL_3_DAYS = "initial training unfinished"
MAKE_UP = "refresher at the make-up session"
NEW = "just started"
LEFT = "left"
PROMOTED = "now a supervisor"
NO_DE_ESCALATION = "never took de-escalation"
NO_NEW_SYSTEM = "never took new-system training"

# key of an existing demo contact or a new name, organization key, title, role, what sets
# them apart. Existing contacts are named by their key in the program demo.
_RESPONDERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Kevin Marsh", "police", "Patrol Officer", seed.OFFICER, ALL),
    ("Rosa Delgado-Park", "police", "Patrol Officer", seed.OFFICER, ALL),
    ("Daniel Okafor", "police", "Patrol Officer", seed.OFFICER, MISSED_LAST_REFRESHER),
    ("Hannah Lindqvist", "police", "Senior Patrol Officer", seed.OFFICER, ALL),
    ("Luis Ortega", "police", "Patrol Officer", seed.OFFICER, INITIAL_3_DAYS),
    ("Megan O'Brien", "police", "Patrol Officer", seed.OFFICER, LEFT),
    ("Samir Haddad", "police", "Sergeant", seed.OFFICER, PROMOTED),
    ("Jessica Tran", "police", "Patrol Officer", seed.OFFICER, NEW),
    ("Andre Williams", "police", "Patrol Officer", seed.OFFICER, MAKE_UP),
    ("Claire Dubois", "police", "Patrol Officer", seed.OFFICER, NO_DE_ESCALATION),
    ("Brian Kelly", "police", "Patrol Officer", seed.OFFICER, ALL),
    ("Alicia Romero", "police", "Crisis Intervention Officer", seed.OFFICER, ALL),
    ("Yusuf Demir", "police", "Patrol Officer", seed.OFFICER, ALL),
    ("lt", "police", "", seed.SUPERVISOR, ALL),
    ("Tanya Brooks", "police", "Emergency Dispatcher", seed.DISPATCHER, ALL),
    ("Ethan Cho", "police", "Call-taker", seed.DISPATCHER, NO_NEW_SYSTEM),
    ("Farah Siddiqui", "police", "Emergency Dispatcher", seed.DISPATCHER, MAKE_UP),
    ("clinician", "health", "", seed.CLINICIAN, ALL),
    ("Nia Robinson", "health", "Crisis Clinician, LPC", seed.CLINICIAN, ALL),
    ("Peter Kowalski", "health", "Crisis Clinician, LCSW", seed.CLINICIAN, MISSED_LAST_REFRESHER),
    ("Grace Adeyemi", "health", "Crisis Clinician", seed.CLINICIAN, ALL),
    ("Oliver Grant", "health", "Crisis Clinician", seed.CLINICIAN, NEW),
    ("Lucía Fernández", "health", "Crisis Clinician, LMFT", seed.CLINICIAN, MAKE_UP),
    ("Ben Yazzie", "health", "Peer Support Specialist", seed.PEER, ALL),
    ("Maya Singh", "health", "Peer Support Specialist", seed.PEER, INITIAL_3_DAYS),
    ("Irene Castillo", "hospital", "Psychiatric Emergency Clinician", seed.CLINICIAN, ALL),
    ("Jamal Carter", "hospital", "Emergency Department Social Worker", seed.CLINICIAN, ALL),
    ("Sophie Laurent", "hospital", "Psychiatric Nurse", seed.CLINICIAN, MISSED_LAST_REFRESHER),
    ("Victor Mendes", "hospital", "Peer Recovery Coach", seed.PEER, ALL),
    ("Angela Reyes", "hospital", "Behavioral Health Nurse Manager", seed.SUPERVISOR, ALL),
)

TRAINING_CENTER = "Riverton Police Training Center, Room B"
CLINIC_ROOM = "Harbor County Behavioral Health, Conference Room 2"
HOSPITAL_ROOM = "St. Brigid Regional Hospital, Education Wing"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _email(name: str, org: Organization) -> str:
    local = ".".join(name.lower().replace("'", "").replace("í", "i").replace("á", "a").split())
    domain = (org.website or "https://example.org").removeprefix("https://")
    return f"{local}@{domain}"


def load_training_demo(
    session: Session,
    organizations: Mapping[str, Organization],
    people: Mapping[str, Contact],
    today: date,
) -> int:
    """Fill the training area of the demo; returns the number of responders."""
    roles, courses = seed.load_standard_catalogue(session)
    cohort_start = add_months(today, -15)
    responders: dict[str, tuple[int, str]] = {}  # name -> (responder id, what sets them apart)
    for key, org_key, title, role, flag in _RESPONDERS:
        org = organizations[org_key]
        if key in people:
            contact = people[key]
        else:
            contact = create_contact(
                session,
                ContactInput(key, organization_id=org.id, title=title, email=_email(key, org)),
            )
        assert contact.id is not None
        start = today - timedelta(days=20) if flag == NEW else cohort_start
        left = add_months(today, -2) if flag == LEFT else None
        responder_id = create_responder(
            session, ResponderInput(contact.id, roles[role], start, left_date=left)
        )
        if flag == PROMOTED:
            update_responder(
                session,
                responder_id,
                ResponderInput(
                    contact.id,
                    roles[seed.SUPERVISOR],
                    start,
                    role_since=today - timedelta(days=25),
                ),
            )
        responders[contact.full_name] = (responder_id, flag)
    trainers = {key: people[key].id for key in ("lt", "clinician", "director", "peer", "ed")}

    def session_of(
        course: str,
        start: date,
        hours: int,
        place: str,
        trainer_keys: tuple[str, ...],
        days: int = 1,
        capacity: int | None = 30,
    ) -> TrainingSession:
        session_id = create_session(
            session,
            SessionInput(
                courses[course],
                start,
                hours * HUNDRED,
                start + timedelta(days=days - 1),
                place,
                capacity,
                tuple(t for key in trainer_keys if (t := trainers[key])),
            ),
        )
        record = session.get(TrainingSession, session_id)
        assert record is not None
        return record

    def attend(record: TrainingSession, who: list[str], hours: int | None = None) -> None:
        worth = (hours or 0) * HUNDRED or record.hours_hundredths
        apply_attendance(session, record, {responders[n][0]: worth for n in who}, today)

    def cohort(*, excluding: tuple[str, ...] = (), roles_only: tuple[str, ...] = ()) -> list[str]:
        return [
            contact_name(key)
            for key, _org, _title, role, flag in _RESPONDERS
            if flag not in (NEW, *excluding) and (not roles_only or role in roles_only)
        ]

    def contact_name(key: str) -> str:
        return people[key].full_name if key in people else key

    joint_roles = (seed.OFFICER, seed.CLINICIAN, seed.PEER, seed.SUPERVISOR)
    # The 40-hour initial training, Monday to Friday, 8 hours a day, two months in.
    week = _monday(add_months(today, -13))
    for day in range(5):
        record = session_of(
            seed.INITIAL,
            week + timedelta(days=day),
            8,
            TRAINING_CENTER,
            ("clinician", "lt", "peer"),
            capacity=32,
        )
        attend(
            record,
            [
                n
                for n in cohort(roles_only=joint_roles)
                if day < 3 or responders[n][1] != INITIAL_3_DAYS
            ],
        )
    # Four quarterly refreshers; the last one missed by a few, who went to a make-up.
    last_refresher = add_months(today, -1) - timedelta(days=5)
    for quarter in (3, 2, 1, 0):
        held = add_months(last_refresher, -3 * quarter)
        record = session_of(seed.REFRESHER, held, 4, CLINIC_ROOM, ("clinician", "lt"))
        skipped = (MISSED_LAST_REFRESHER, MAKE_UP) if quarter == 0 else ()
        who = [n for n in cohort(excluding=skipped) if not _gone(responders[n][1], held, today)]
        attend(record, who)
    make_up = add_months(today, -2) - timedelta(days=10)
    record = session_of(seed.REFRESHER, make_up, 4, HOSPITAL_ROOM, ("ed",), capacity=8)
    attend(record, [n for n in cohort() if responders[n][1] == MAKE_UP])
    # Dispatchers: the screening protocol; dispatchers and supervisors: a new system.
    record = session_of(seed.DISPATCH, add_months(today, -10), 8, TRAINING_CENTER, ("lt",))
    attend(record, cohort(roles_only=(seed.DISPATCHER,)))
    record = session_of(
        seed.NEW_SYSTEM, add_months(today, -6), 20, TRAINING_CENTER, ("lt",), days=3
    )
    attend(
        record, cohort(roles_only=(seed.DISPATCHER, seed.SUPERVISOR), excluding=(NO_NEW_SYSTEM,))
    )
    # De-escalation scenarios, for officers and clinicians, in two groups.
    group = cohort(roles_only=(seed.OFFICER, seed.CLINICIAN), excluding=(NO_DE_ESCALATION,))
    for months, half in ((-9, group[::2]), (-3, group[1::2])):
        record = session_of(
            seed.DE_ESCALATION,
            add_months(today, months),
            8,
            HOSPITAL_ROOM,
            ("director", "clinician"),
            capacity=16,
        )
        held = add_months(today, months)
        attend(record, [n for n in half if not _gone(responders[n][1], held, today)])
    # Booked: a make-up refresher next week for those who missed the last one.
    session_of(seed.REFRESHER, today + timedelta(days=7), 4, TRAINING_CENTER, ("lt",), capacity=12)
    return len(responders)


def _gone(flag: str, day: date, today: date) -> bool:
    """Whether the person who left had already left on ``day``."""
    return flag == LEFT and day >= add_months(today, -2)
