"""Getting started: the first steps of a new program, and which of them are done.

The Dashboard of a database with no MOU yet shows these steps instead of a screen of zeros,
each with a button that does it; a step is done when the database shows it (the program
has a name, the clause library is loaded, ...), so the list is right however a step was
taken (the app, the command line, an import).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from partnerdesk.core.models import AuditAction, Clause, Contact, FundingSource, Mou
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.settings import (
    FISCAL_YEAR_START_MONTH,
    PROGRAM_NAME,
    load_settings,
    set_setting,
)


@dataclass(frozen=True)
class SetupStep:
    key: str  # "name", "clauses", "contacts", "funding", "mou"
    title: str
    explanation: str
    done: bool


def _count(session: Session, model: type) -> int:
    return int(session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one())


def getting_started(session: Session) -> list[SetupStep]:
    """The five first steps, in the order that makes each next one easier."""
    settings = load_settings(session)
    return [
        SetupStep(
            "name",
            "Name the program and its fiscal year",
            "The name heads the dashboard and the drafts; the fiscal year decides how the "
            "money is added up.",
            bool(settings.program_name),
        ),
        SetupStep(
            "clauses",
            "Load the clause library",
            "29 approved clauses covering every subject an MOU must settle, to reuse and adapt.",
            _count(session, Clause) > 0,
        ),
        SetupStep(
            "contacts",
            "Import your contacts",
            "The agencies and the people who sign, sit on the working group or the "
            "sustainability committee (.xlsx, .ods or .csv).",
            _count(session, Contact) > 0,
        ),
        SetupStep(
            "funding",
            "Add the funding sources",
            "City budget, health-care partners, foundations, grants: where the money comes "
            "from, and when a grant ends.",
            _count(session, FundingSource) > 0,
        ),
        SetupStep(
            "mou",
            "Create the first MOU",
            "The agreement, its parties and its review date; the dashboard then shows what "
            "needs attention.",
            _count(session, Mou) > 0,
        ),
    ]


def save_program_settings(session: Session, name: str, fiscal_year_start_month: int) -> None:
    """The program's name and the month its fiscal year starts (audited)."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("the program needs a name", field="program_name")
    if len(clean) > 200:
        raise ValidationError("the name is longer than 200 characters", field="program_name")
    before = load_settings(session)
    if (before.program_name, before.fiscal_year_start_month) == (clean, fiscal_year_start_month):
        return
    set_setting(session, PROGRAM_NAME, clean)
    set_setting(session, FISCAL_YEAR_START_MONTH, str(fiscal_year_start_month))
    audit.record(
        session,
        ChangeKind.SETTING,
        None,
        AuditAction.UPDATE,
        summary="program name and fiscal year",
        changes={
            "program_name": (before.program_name, clean),
            "fiscal_year_start_month": (
                before.fiscal_year_start_month,
                fiscal_year_start_month,
            ),
        },
    )
