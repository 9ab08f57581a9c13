"""An MOU as the editor (or an import) supplies it, and what makes it valid.

:func:`validate_mou` returns every problem at once, one message per field, so that the editor
can mark each field while the user types; the commands call it again before saving and
refuse with the first problem (:func:`raise_problems`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from partnerdesk.core.models import (
    Contact,
    Mou,
    MouStatus,
    Organization,
    PartyRole,
    ResponseModel,
    SharingTier,
)
from partnerdesk.core.mou.rules import (
    DEFAULT_REMINDER_DAYS,
    IN_FORCE,
    MAX_REVIEW_INTERVAL,
    normalise_code,
    reminder_days_problem,
)
from partnerdesk.core.mou.versions import chain_ids
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.text_limits import text_problem

_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


@dataclass
class PartyInput:
    organization_id: int
    role: PartyRole = PartyRole.PARTNER
    signatory_contact_id: int | None = None
    date_signed: date | None = None
    sharing_tier: SharingTier | None = None


@dataclass
class MouInput:
    """An MOU as the editor (or an import) supplies it."""

    reference_code: str
    title: str
    response_model: ResponseModel
    parties: list[PartyInput] = field(default_factory=list)
    status: MouStatus = MouStatus.DRAFT
    effective_date: date | None = None
    expiry_date: date | None = None
    review_interval_months: int = 12
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS
    owner_contact_id: int | None = None
    notes: str = ""


def validate_mou(
    session: Session, data: MouInput, *, today: date, mou_id: int | None = None
) -> dict[str, str]:
    """Every problem with ``data``, as field -> reason (empty when it can be saved).

    Field names: the :class:`MouInput` attribute, or ``parties[i].attribute`` for a party.
    """
    problems: dict[str, str] = {}
    _validate_code(session, data.reference_code, mou_id, problems)
    title = " ".join(data.title.split())
    if not title:
        problems["title"] = "give the MOU a title"
    elif reason := text_problem(Mou, "title", title):
        problems["title"] = reason
    if data.effective_date and data.expiry_date and data.expiry_date < data.effective_date:
        problems["expiry_date"] = (
            f"the expiry date {data.expiry_date:%d %b %Y} is before the effective date "
            f"{data.effective_date:%d %b %Y}"
        )
    if data.status in IN_FORCE and data.effective_date is None:
        problems["effective_date"] = "an agreement in force needs an effective date"
    if not 1 <= data.review_interval_months <= MAX_REVIEW_INTERVAL:
        problems["review_interval_months"] = (
            f"the review interval must be 1 to {MAX_REVIEW_INTERVAL} months, "
            f"not {data.review_interval_months}"
        )
    days_problem = reminder_days_problem(data.reminder_days)
    if days_problem:
        problems["reminder_days"] = days_problem
    if data.owner_contact_id is not None and session.get(Contact, data.owner_contact_id) is None:
        problems["owner_contact_id"] = "the owner no longer exists in the contacts"
    _validate_parties(session, data.parties, today, problems)
    return problems


def _validate_code(
    session: Session, reference_code: str, mou_id: int | None, problems: dict[str, str]
) -> None:
    """Unique across agreements, shared by every version of one agreement."""
    code = normalise_code(reference_code)
    if not code:
        problems["reference_code"] = "give the MOU a reference code, e.g. RIV-CR-02"
        return
    if reason := text_problem(Mou, "reference_code", code):
        problems["reference_code"] = reason
        return
    if not _CODE_PATTERN.match(code):
        problems["reference_code"] = (
            "use letters, digits and - _ . / only in the reference code (no spaces)"
        )
        return
    chain = chain_ids(session, mou_id)
    clash = session.exec(
        select(Mou.id, Mou.title).where(sa.func.upper(Mou.reference_code) == code)
    ).all()
    others = [(other_id, title) for other_id, title in clash if other_id not in chain]
    if others:
        problems["reference_code"] = (
            f'{code} is already used by "{others[0][1]}"; reference codes are unique'
        )
    elif mou_id is not None and len(chain) > 1:
        current = session.get(Mou, mou_id)
        if current is not None and normalise_code(current.reference_code) != code:
            problems["reference_code"] = (
                "the reference code is shared by every version of this agreement and "
                "cannot change after an amendment"
            )


def _validate_parties(
    session: Session, parties: Sequence[PartyInput], today: date, problems: dict[str, str]
) -> None:
    if len(parties) < 2:
        problems["parties"] = (
            f"an MOU needs at least two parties; it has {len(parties)}"
            if parties
            else "an MOU needs at least two parties; add them on the Parties tab"
        )
    seen: dict[int, int] = {}
    leads = 0
    for index, party in enumerate(parties):
        org = session.get(Organization, party.organization_id)
        if org is None:
            problems[f"parties[{index}].organization_id"] = "pick an organization"
            continue
        if party.organization_id in seen:
            problems[f"parties[{index}].organization_id"] = (
                f"{org.name} is already party {seen[party.organization_id] + 1}"
            )
        seen.setdefault(party.organization_id, index)
        leads += party.role == PartyRole.LEAD_AGENCY
        if party.date_signed is not None and party.date_signed > today:
            problems[f"parties[{index}].date_signed"] = (
                f"{org.name} cannot have signed on {party.date_signed:%d %b %Y}: "
                "that date is in the future"
            )
        if (
            party.signatory_contact_id is not None
            and session.get(Contact, party.signatory_contact_id) is None
        ):
            problems[f"parties[{index}].signatory_contact_id"] = "the signatory no longer exists"
    if parties and "parties" not in problems and leads != 1:
        problems["parties"] = (
            "one party must be the lead agency"
            if leads == 0
            else f"only one party can be the lead agency; {leads} are"
        )


def raise_problems(problems: dict[str, str]) -> None:
    """Refuse with the first problem, naming its field (nothing is saved)."""
    if problems:
        field_name, message = next(iter(problems.items()))
        raise ValidationError(message, field=field_name)
