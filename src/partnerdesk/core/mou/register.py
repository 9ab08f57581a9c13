"""The MOU register: listing, editing, the lifecycle of an agreement and its versions.

Rules that live here and nowhere else:
- the status lifecycle (:data:`ALLOWED_TRANSITIONS`) and the *shown* status: an agreement in
  force whose expiry date has passed shows as expired (derived, see :func:`shown_status`);
- what a valid MOU is (:func:`validate_mou`), with one message per field;
- an amendment is a new row superseding the previous version, which stays as it was;
- an MOU with history that matters (completed reviews, ledger links, versions) is never
  deleted, only archived.

Every change writes audit events: the MOU itself as ``mou``, its parties as ``mou_party``
and its reviews as ``review``. Party and review events carry ``MOU #<id>:`` at the start of
their summary so that the MOU's History finds them even after the party row is gone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    AuditAction,
    AuditEvent,
    Contact,
    FundingSourceMou,
    LedgerEntry,
    Mou,
    MouClause,
    MouContact,
    MouParty,
    MouStatus,
    Organization,
    PartyRole,
    ResponseModel,
    Review,
    SharingTier,
    utc_now,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import (
    ConflictError,
    NotFoundError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.core.platform.schema import ChangeKind

# Statuses an agreement may move to from each status. Expired and terminated agreements
# are not reopened: an expired one is renewed by an amendment (a new version).
ALLOWED_TRANSITIONS: dict[MouStatus, tuple[MouStatus, ...]] = {
    MouStatus.DRAFT: (MouStatus.IN_NEGOTIATION, MouStatus.TERMINATED),
    MouStatus.IN_NEGOTIATION: (MouStatus.DRAFT, MouStatus.ACTIVE, MouStatus.TERMINATED),
    MouStatus.ACTIVE: (MouStatus.UNDER_REVIEW, MouStatus.EXPIRED, MouStatus.TERMINATED),
    MouStatus.UNDER_REVIEW: (MouStatus.ACTIVE, MouStatus.EXPIRED, MouStatus.TERMINATED),
    MouStatus.EXPIRED: (),
    MouStatus.TERMINATED: (),
}
# A new MOU may be recorded as already signed and in force (entering existing agreements).
INITIAL_STATUSES = (MouStatus.DRAFT, MouStatus.IN_NEGOTIATION, MouStatus.ACTIVE)
# Agreements in force: they have a scheduled review and an expiry to watch.
IN_FORCE = (MouStatus.ACTIVE, MouStatus.UNDER_REVIEW)
AMENDABLE = (MouStatus.DRAFT, MouStatus.IN_NEGOTIATION, *IN_FORCE, MouStatus.EXPIRED)
# What an amendment may start as: an expired agreement is renewed by an active amendment.
AMENDMENT_STATUSES = (MouStatus.DRAFT, MouStatus.IN_NEGOTIATION, MouStatus.ACTIVE)

DEFAULT_REMINDER_DAYS: tuple[int, ...] = (90, 30, 7)
MAX_REVIEW_INTERVAL = 60
_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def allowed_transitions(status: MouStatus) -> tuple[MouStatus, ...]:
    return ALLOWED_TRANSITIONS[status]


def shown_status(status: MouStatus, expiry_date: date | None, today: date) -> MouStatus:
    """The status a user sees: an agreement in force past its expiry date is expired.

    Derived rather than written back so that it is right on the day it happens, in every
    listing and command, whether or not anyone opened PartnerDesk that day; recording
    "expired" for good stays a deliberate step (a status change, audited).
    """
    if status in IN_FORCE and expiry_date is not None and expiry_date < today:
        return MouStatus.EXPIRED
    return status


def parse_reminder_days(text: str) -> tuple[int, ...]:
    """``"90,30,7"`` -> (90, 30, 7); bad parts are skipped (the editor validates input)."""
    days = {int(part) for part in re.split(r"[,\s;]+", text or "") if part.strip().isdigit()}
    return tuple(sorted(days, reverse=True))


def format_reminder_days(days: Iterable[int]) -> str:
    return ",".join(str(d) for d in sorted(set(days), reverse=True))


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True, slots=True)
class MouRow:
    id: int
    reference_code: str
    version_number: int
    title: str
    response_model: ResponseModel
    status: MouStatus  # as shown: an in-force MOU past its expiry date is EXPIRED
    effective_date: date | None
    expiry_date: date | None
    next_review_due: date | None  # snoozes applied
    parties: str  # "Lead agency (lead); partner; ..." in party order
    archived: bool
    recorded_status: MouStatus = MouStatus.DRAFT  # as stored
    owner: str = ""
    review_snoozed: bool = False
    days_until_review: int | None = None  # negative when overdue


def current_versions() -> sa.Select[tuple[int]]:
    """Ids of MOU versions that no amendment supersedes (what the register shows)."""
    superseded = select(Mou.supersedes_id).where(col(Mou.supersedes_id).is_not(None))
    return select(Mou.id).where(col(Mou.id).not_in(superseded))  # type: ignore[return-value]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def open_reviews_by_mou(session: Session) -> dict[int, tuple[date, bool]]:
    """Per MOU, the earliest open review's effective due date and whether it is snoozed."""
    statement = sa.select(
        col(Review.mou_id), col(Review.due_date), col(Review.snoozed_until)
    ).where(col(Review.completed_date).is_(None))
    result: dict[int, tuple[date, bool]] = {}
    for mou_id, due, snoozed in session.execute(statement):
        effective = _as_date(snoozed) if snoozed is not None else _as_date(due)
        if mou_id not in result or effective < result[mou_id][0]:
            result[mou_id] = (effective, snoozed is not None)
    return result


def next_review_due_by_mou(session: Session) -> dict[int, date]:
    """The earliest open (not completed) review per MOU, snoozes applied."""
    return {mou_id: due for mou_id, (due, _) in open_reviews_by_mou(session).items()}


def party_names_by_mou(session: Session) -> dict[int, list[str]]:
    statement = (
        select(MouParty.mou_id, Organization.name, MouParty.role)
        .join(Organization, col(Organization.id) == col(MouParty.organization_id))
        .order_by(col(MouParty.mou_id), col(MouParty.position), col(MouParty.id))
    )
    names: dict[int, list[str]] = defaultdict(list)
    for mou_id, name, role in session.exec(statement):
        names[mou_id].append(f"{name} (lead)" if role == PartyRole.LEAD_AGENCY else name)
    return names


def list_mous(
    session: Session,
    *,
    today: date,
    include_archived: bool = False,
    status: MouStatus | None = None,
) -> list[MouRow]:
    """The register: current versions, by reference code. ``status`` filters on the shown
    status (so ``EXPIRED`` includes agreements in force whose expiry date has passed)."""
    statement = sa.select(
        Mou.__table__,  # type: ignore[attr-defined]
        col(Contact.full_name),
    ).outerjoin(Contact, col(Contact.id) == col(Mou.owner_contact_id))
    statement = statement.where(col(Mou.id).in_(current_versions()))
    if not include_archived:
        statement = statement.where(col(Mou.archived).is_(False))
    statement = statement.order_by(col(Mou.reference_code), col(Mou.id))
    reviews = open_reviews_by_mou(session)
    parties = party_names_by_mou(session)
    rows: list[MouRow] = []
    for record in session.execute(statement).mappings():
        mou_id = int(record["id"])
        recorded = MouStatus(record["status"])
        expiry = record["expiry_date"]
        shown = shown_status(recorded, expiry, today)
        if status is not None and shown != status:
            continue
        due, snoozed = reviews.get(mou_id, (None, False))
        rows.append(
            MouRow(
                id=mou_id,
                reference_code=record["reference_code"],
                version_number=record["version_number"],
                title=record["title"],
                response_model=ResponseModel(record["response_model"]),
                status=shown,
                effective_date=record["effective_date"],
                expiry_date=expiry,
                next_review_due=due,
                parties="; ".join(parties.get(mou_id, [])),
                archived=bool(record["archived"]),
                recorded_status=recorded,
                owner=record["full_name"] or "",
                review_snoozed=snoozed,
                days_until_review=None if due is None else (due - today).days,
            )
        )
    return rows


# --------------------------------------------------------------------------- input


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


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def version_chain(session: Session, mou_id: int) -> list[Mou]:
    """Every version of the agreement ``mou_id`` belongs to, oldest first."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist")
    chain = [mou]
    seen = {mou_id}
    while chain[0].supersedes_id is not None and chain[0].supersedes_id not in seen:
        earlier = session.get(Mou, chain[0].supersedes_id)
        if earlier is None:
            break
        seen.add(chain[0].supersedes_id)
        chain.insert(0, earlier)
    while True:
        later = session.exec(select(Mou).where(Mou.supersedes_id == chain[-1].id)).first()
        if later is None or later.id in seen:
            break
        assert later.id is not None
        seen.add(later.id)
        chain.append(later)
    return chain


def _chain_ids(session: Session, mou_id: int | None) -> set[int]:
    if mou_id is None:
        return set()
    return {m.id for m in version_chain(session, mou_id) if m.id is not None}


def validate_mou(
    session: Session, data: MouInput, *, today: date, mou_id: int | None = None
) -> dict[str, str]:
    """Every problem with ``data``, as field -> reason (empty when it can be saved).

    Field names: the :class:`MouInput` attribute, or ``parties[i].attribute`` for a party.
    """
    problems: dict[str, str] = {}
    code = normalise_code(data.reference_code)
    if not code:
        problems["reference_code"] = "give the MOU a reference code, e.g. RIV-CR-02"
    elif len(code) > 60:
        problems["reference_code"] = "the reference code is longer than 60 characters"
    elif not _CODE_PATTERN.match(code):
        problems["reference_code"] = (
            "use letters, digits and - _ . / only in the reference code (no spaces)"
        )
    else:
        chain = _chain_ids(session, mou_id)
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
    title = " ".join(data.title.split())
    if not title:
        problems["title"] = "give the MOU a title"
    elif len(title) > 300:
        problems["title"] = "the title is longer than 300 characters"
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
    bad_days = [d for d in data.reminder_days if not 0 <= d <= 366]
    if bad_days:
        problems["reminder_days"] = (
            f"reminders are given 0 to 366 days ahead, not {bad_days[0]} days"
        )
    if data.owner_contact_id is not None and session.get(Contact, data.owner_contact_id) is None:
        problems["owner_contact_id"] = "the owner no longer exists in the contacts"
    _validate_parties(session, data.parties, today, problems)
    return problems


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


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        field_name, message = next(iter(problems.items()))
        raise ValidationError(message, field=field_name)


# --------------------------------------------------------------------------- snapshots


def _snapshot(mou: Mou) -> dict[str, Any]:
    return {
        "reference_code": mou.reference_code,
        "title": mou.title,
        "response_model": mou.response_model,
        "status": mou.status,
        "effective_date": mou.effective_date,
        "expiry_date": mou.expiry_date,
        "review_interval_months": mou.review_interval_months,
        "reminder_days": mou.reminder_days,
        "owner_contact_id": mou.owner_contact_id,
        "notes": mou.notes,
        "archived": mou.archived,
    }


def _party_snapshot(party: MouParty) -> dict[str, Any]:
    return {
        "organization_id": party.organization_id,
        "role": party.role,
        "signatory_contact_id": party.signatory_contact_id,
        "date_signed": party.date_signed,
        "sharing_tier": party.sharing_tier,
        "position": party.position,
    }


def mou_marker(mou_id: int) -> str:
    """The summary prefix tying a party or review event to its MOU."""
    return f"MOU #{mou_id}:"


def _label(mou: Mou) -> str:
    return f"{mou.reference_code} v{mou.version_number}"


def _org_name(session: Session, organization_id: int) -> str:
    org = session.get(Organization, organization_id)
    return org.name if org is not None else f"organization #{organization_id}"


def _apply(mou: Mou, data: MouInput) -> None:
    mou.reference_code = normalise_code(data.reference_code)
    mou.title = " ".join(data.title.split())
    mou.response_model = data.response_model
    mou.status = data.status
    mou.effective_date = data.effective_date
    mou.expiry_date = data.expiry_date
    mou.review_interval_months = data.review_interval_months
    mou.reminder_days = format_reminder_days(data.reminder_days)
    mou.owner_contact_id = data.owner_contact_id
    mou.notes = data.notes.strip() or None


def _parties_of(session: Session, mou_id: int) -> list[MouParty]:
    return list(
        session.exec(
            select(MouParty)
            .where(MouParty.mou_id == mou_id)
            .order_by(col(MouParty.position), col(MouParty.id))
        )
    )


def _set_parties(session: Session, mou: Mou, parties: Sequence[PartyInput]) -> None:
    """Make the MOU's parties equal ``parties`` (matched by organization), auditing each."""
    assert mou.id is not None
    existing = {p.organization_id: p for p in _parties_of(session, mou.id)}
    wanted = {p.organization_id for p in parties}
    marker = mou_marker(mou.id)
    for org_id, party in existing.items():
        if org_id not in wanted:
            summary = f"{marker} {_org_name(session, org_id)} removed from {_label(mou)}"
            audit.record(
                session,
                ChangeKind.MOU_PARTY,
                party.id,
                AuditAction.DELETE,
                summary,
                audit.diff(_party_snapshot(party), {}),
            )
            session.delete(party)
    session.flush()
    for position, data in enumerate(parties):
        found = existing.get(data.organization_id)
        before = _party_snapshot(found) if found is not None else {}
        party = found or MouParty(
            mou_id=mou.id, organization_id=data.organization_id, role=data.role
        )
        party.role = data.role
        party.signatory_contact_id = data.signatory_contact_id
        party.date_signed = data.date_signed
        party.sharing_tier = data.sharing_tier
        party.position = position
        session.add(party)
        session.flush()
        changes = audit.diff(before, _party_snapshot(party))
        if changes:
            name = _org_name(session, data.organization_id)
            action = AuditAction.UPDATE if before else AuditAction.CREATE
            verb = "on" if before else "added to"
            audit.record(
                session,
                ChangeKind.MOU_PARTY,
                party.id,
                action,
                f"{marker} {name} {verb} {_label(mou)}",
                changes,
            )


def _load_for_change(session: Session, mou_id: int, seen_version: int | None) -> Mou:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist (deleted by someone else?)")
    if seen_version is not None and mou.row_version != seen_version:
        raise StaleRecordError(f"MOU {_label(mou)}", "mou", mou_id)
    return mou


def _refuse_if_superseded(session: Session, mou: Mou) -> None:
    later = session.exec(select(Mou).where(Mou.supersedes_id == mou.id)).first()
    if later is not None:
        raise ConflictError(
            f"{_label(mou)} was superseded by version {later.version_number}; "
            "earlier versions are kept as they were and cannot be changed"
        )


def _bump(mou: Mou) -> None:
    mou.row_version += 1
    mou.updated_at = utc_now()


# --------------------------------------------------------------------------- creating, editing


def create_mou(
    session: Session, data: MouInput, *, today: date, copy_clauses_from: int | None = None
) -> Mou:
    """A new agreement (version 1). ``copy_clauses_from`` duplicates another MOU's clauses."""
    problems = validate_mou(session, data, today=today)
    if data.status not in INITIAL_STATUSES:
        problems.setdefault(
            "status",
            f"a new MOU starts as draft, in negotiation or active, not {data.status.label.lower()}",
        )
    _raise_problems(problems)
    mou = Mou(reference_code="", title="", response_model=data.response_model)
    _apply(mou, data)
    session.add(mou)
    session.flush()
    assert mou.id is not None
    audit.record(
        session,
        ChangeKind.MOU,
        mou.id,
        AuditAction.CREATE,
        _label(mou),
        audit.diff({}, _snapshot(mou)),
    )
    _set_parties(session, mou, data.parties)
    if copy_clauses_from is not None:
        _copy_clauses(session, copy_clauses_from, mou.id)
    from partnerdesk.core.mou.reviews import sync_open_review

    sync_open_review(session, mou)
    return mou


def duplicate_input(session: Session, mou_id: int) -> MouInput:
    """The editor's starting point for "Duplicate": everything but the code and signatures."""
    source = mou_input_of(session, mou_id)
    return replace(
        source,
        reference_code="",
        title=f"Copy of {source.title}"[:300],
        status=MouStatus.DRAFT,
        parties=[replace(p, date_signed=None) for p in source.parties],
    )


def mou_input_of(session: Session, mou_id: int) -> MouInput:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist")
    assert mou.id is not None
    return MouInput(
        reference_code=mou.reference_code,
        title=mou.title,
        response_model=mou.response_model,
        parties=[
            PartyInput(
                organization_id=p.organization_id,
                role=p.role,
                signatory_contact_id=p.signatory_contact_id,
                date_signed=p.date_signed,
                sharing_tier=p.sharing_tier,
            )
            for p in _parties_of(session, mou.id)
        ],
        status=mou.status,
        effective_date=mou.effective_date,
        expiry_date=mou.expiry_date,
        review_interval_months=mou.review_interval_months,
        reminder_days=parse_reminder_days(mou.reminder_days),
        owner_contact_id=mou.owner_contact_id,
        notes=mou.notes or "",
    )


def update_mou(
    session: Session, mou_id: int, data: MouInput, seen_version: int, *, today: date
) -> Mou:
    """Save the editor's changes to the current version of an MOU."""
    mou = _load_for_change(session, mou_id, seen_version)
    _refuse_if_superseded(session, mou)
    if mou.archived:
        raise ConflictError(f"{_label(mou)} is archived; restore it before editing")
    problems = validate_mou(session, data, today=today, mou_id=mou_id)
    if data.status != mou.status and data.status not in ALLOWED_TRANSITIONS[mou.status]:
        problems.setdefault("status", _transition_refusal(mou.status, data.status))
    _raise_problems(problems)
    before = _snapshot(mou)
    _apply(mou, data)
    changes = audit.diff(before, _snapshot(mou))
    if changes:
        _bump(mou)
        session.add(mou)
        audit.record(session, ChangeKind.MOU, mou_id, AuditAction.UPDATE, _label(mou), changes)
    _set_parties(session, mou, data.parties)
    session.flush()
    from partnerdesk.core.mou.reviews import sync_open_review

    sync_open_review(session, mou)
    return mou


def _transition_refusal(old: MouStatus, new: MouStatus) -> str:
    allowed = ALLOWED_TRANSITIONS[old]
    if not allowed:
        return f"a {old.label.lower()} MOU does not change status" + (
            "; amend it to renew the agreement" if old == MouStatus.EXPIRED else ""
        )
    names = ", ".join(s.label.lower() for s in allowed)
    return f"a {old.label.lower()} MOU can become {names}; not {new.label.lower()}"


def change_status(
    session: Session, mou_id: int, new_status: MouStatus, seen_version: int | None, *, today: date
) -> Mou:
    mou = _load_for_change(session, mou_id, seen_version)
    _refuse_if_superseded(session, mou)
    if new_status == mou.status:
        return mou
    if new_status not in ALLOWED_TRANSITIONS[mou.status]:
        raise ValidationError(_transition_refusal(mou.status, new_status), field="status")
    if new_status in IN_FORCE and mou.effective_date is None:
        raise ValidationError(
            f"{_label(mou)} needs an effective date before it can be active",
            field="effective_date",
        )
    old = mou.status
    mou.status = new_status
    _bump(mou)
    session.add(mou)
    audit.record(
        session,
        ChangeKind.MOU,
        mou_id,
        AuditAction.UPDATE,
        _label(mou),
        {"status": (old, new_status)},
    )
    session.flush()
    from partnerdesk.core.mou.reviews import sync_open_review

    sync_open_review(session, mou)
    return mou


def set_archived(session: Session, mou_id: int, archived: bool, seen_version: int | None) -> Mou:
    """Archive (hide from the register and reminders, keep everything) or restore."""
    mou = _load_for_change(session, mou_id, seen_version)
    if mou.archived == archived:
        return mou
    mou.archived = archived
    _bump(mou)
    session.add(mou)
    audit.record(
        session,
        ChangeKind.MOU,
        mou_id,
        AuditAction.ARCHIVE if archived else AuditAction.RESTORE,
        f"{_label(mou)} {'archived' if archived else 'restored from the archive'}",
        {"archived": (not archived, archived)},
    )
    return mou


# --------------------------------------------------------------------------- deleting


def deletion_blockers(session: Session, mou_id: int) -> list[str]:
    """Why the MOU cannot be deleted (empty when it can): history that must be kept."""
    chain = _chain_ids(session, mou_id)
    reasons: list[str] = []

    def count(statement: Any) -> int:
        return int(session.execute(statement).scalar_one())

    completed = count(
        sa.select(sa.func.count()).where(
            col(Review.mou_id).in_(chain), col(Review.completed_date).is_not(None)
        )
    )
    if completed:
        reasons.append(f"{completed} completed review{'s' if completed != 1 else ''}")
    entries = count(sa.select(sa.func.count()).where(col(LedgerEntry.mou_id).in_(chain)))
    if entries:
        reasons.append(f"{entries} ledger entr{'ies' if entries != 1 else 'y'}")
    links = count(sa.select(sa.func.count()).where(col(FundingSourceMou.mou_id).in_(chain)))
    if links:
        reasons.append(f"{links} linked funding source{'s' if links != 1 else ''}")
    if len(chain) > 1:
        reasons.append(f"{len(chain)} versions")
    return reasons


def delete_mou(session: Session, mou_id: int) -> None:
    """Delete an MOU that has no history worth keeping; otherwise refuse (archive instead)."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist")
    blockers = deletion_blockers(session, mou_id)
    if blockers:
        raise ConflictError(
            f"{_label(mou)} has {', '.join(blockers)} and cannot be deleted, so that its "
            "history is kept; archive it instead"
        )
    marker = mou_marker(mou_id)
    for review in session.exec(select(Review).where(Review.mou_id == mou_id)):
        audit.record(
            session,
            ChangeKind.REVIEW,
            review.id,
            AuditAction.DELETE,
            f"{marker} scheduled review of {_label(mou)} removed with the MOU",
            {"due_date": (review.due_date, None)},
        )
        session.delete(review)
    for party in _parties_of(session, mou_id):
        audit.record(
            session,
            ChangeKind.MOU_PARTY,
            party.id,
            AuditAction.DELETE,
            f"{marker} {_org_name(session, party.organization_id)} removed with the MOU",
            audit.diff(_party_snapshot(party), {}),
        )
        session.delete(party)
    for model in (MouContact, MouClause):
        session.execute(sa.delete(model).where(col(model.mou_id) == mou_id))
    session.flush()
    audit.record(
        session,
        ChangeKind.MOU,
        mou_id,
        AuditAction.DELETE,
        f"{_label(mou)} deleted: {mou.title}",
        audit.diff(_snapshot(mou), {}),
    )
    session.delete(mou)
    session.flush()


# --------------------------------------------------------------------------- amending


def _copy_clauses(session: Session, from_id: int, to_id: int) -> None:
    clauses = session.exec(
        select(MouClause).where(MouClause.mou_id == from_id).order_by(col(MouClause.position))
    )
    for clause in clauses:
        session.add(
            MouClause(
                mou_id=to_id,
                clause_version_id=clause.clause_version_id,
                position=clause.position,
                override_body=clause.override_body,
            )
        )


def amend_mou(
    session: Session,
    mou_id: int,
    data: MouInput | None,
    seen_version: int | None,
    *,
    today: date,
) -> Mou:
    """Record an amendment: a new version superseding ``mou_id`` with ``data`` (or the same
    terms), carrying over parties, contacts, clauses and funding links. The earlier version
    is left exactly as it was; its open review moves to the new version."""
    previous = _load_for_change(session, mou_id, seen_version)
    _refuse_if_superseded(session, previous)
    if previous.status not in AMENDABLE:
        raise ConflictError(
            f"{_label(previous)} is {previous.status.label.lower()} and cannot be amended"
        )
    assert previous.id is not None
    if data is None:
        data = mou_input_of(session, mou_id)
        if data.status in (MouStatus.UNDER_REVIEW, MouStatus.EXPIRED):
            data.status = MouStatus.ACTIVE
    data = replace(data, reference_code=previous.reference_code)
    problems = validate_mou(session, data, today=today, mou_id=mou_id)
    if data.status not in AMENDMENT_STATUSES:
        problems.setdefault("status", f"an amendment cannot start as {data.status.label.lower()}")
    _raise_problems(problems)
    amended = Mou(
        reference_code=previous.reference_code,
        version_number=previous.version_number + 1,
        supersedes_id=previous.id,
        title="",
        response_model=data.response_model,
        archived=False,
    )
    _apply(amended, data)
    session.add(amended)
    session.flush()
    assert amended.id is not None
    audit.record(
        session,
        ChangeKind.MOU,
        amended.id,
        AuditAction.CREATE,
        f"{_label(amended)} amends version {previous.version_number} (MOU #{previous.id})",
        audit.diff({}, _snapshot(amended)),
    )
    audit.record(
        session,
        ChangeKind.MOU,
        previous.id,
        AuditAction.UPDATE,
        f"{_label(previous)} superseded by version {amended.version_number} (MOU #{amended.id})",
        {"superseded_by": (None, amended.id)},
    )
    _set_parties(session, amended, data.parties)
    for link in session.exec(select(MouContact).where(MouContact.mou_id == previous.id)):
        session.add(MouContact(mou_id=amended.id, contact_id=link.contact_id, role=link.role))
    _copy_clauses(session, previous.id, amended.id)
    for source_id in session.exec(
        select(FundingSourceMou.funding_source_id).where(FundingSourceMou.mou_id == previous.id)
    ):
        session.add(FundingSourceMou(funding_source_id=source_id, mou_id=amended.id))
    marker_old, marker_new = mou_marker(previous.id), mou_marker(amended.id)
    for review in session.exec(
        select(Review).where(Review.mou_id == previous.id, col(Review.completed_date).is_(None))
    ):
        review.mou_id = amended.id
        session.add(review)
        audit.record(
            session,
            ChangeKind.REVIEW,
            review.id,
            AuditAction.UPDATE,
            f"{marker_new} scheduled review moved from version {previous.version_number} "
            f"({marker_old[:-1]})",
            {"mou_id": (previous.id, amended.id)},
        )
    session.flush()
    from partnerdesk.core.mou.reviews import sync_open_review

    sync_open_review(session, amended)
    return amended


# --------------------------------------------------------------------------- reading one


@dataclass(frozen=True)
class PartyDetail:
    id: int
    organization_id: int
    organization: str
    role: PartyRole
    signatory_contact_id: int | None
    signatory: str
    date_signed: date | None
    sharing_tier: SharingTier | None


@dataclass(frozen=True)
class VersionRow:
    id: int
    version_number: int
    status: MouStatus
    effective_date: date | None
    expiry_date: date | None
    created_at: datetime
    is_current: bool


@dataclass(frozen=True)
class MouDetail:
    id: int
    row_version: int
    reference_code: str
    version_number: int
    title: str
    response_model: ResponseModel
    status: MouStatus  # shown
    recorded_status: MouStatus
    effective_date: date | None
    expiry_date: date | None
    review_interval_months: int
    reminder_days: tuple[int, ...]
    owner_contact_id: int | None
    owner: str
    notes: str
    archived: bool
    is_current: bool
    parties: list[PartyDetail]
    versions: list[VersionRow]
    next_review_due: date | None
    allowed_transitions: tuple[MouStatus, ...]

    def as_input(self) -> MouInput:
        return MouInput(
            reference_code=self.reference_code,
            title=self.title,
            response_model=self.response_model,
            parties=[
                PartyInput(
                    p.organization_id,
                    p.role,
                    p.signatory_contact_id,
                    p.date_signed,
                    p.sharing_tier,
                )
                for p in self.parties
            ],
            status=self.recorded_status,
            effective_date=self.effective_date,
            expiry_date=self.expiry_date,
            review_interval_months=self.review_interval_months,
            reminder_days=self.reminder_days,
            owner_contact_id=self.owner_contact_id,
            notes=self.notes,
        )


def find_mou(session: Session, id_or_code: str) -> int:
    """An MOU id from what a user typed: a number, or a reference code (current version)."""
    text = id_or_code.strip()
    if text.isdigit():
        if session.get(Mou, int(text)) is None:
            raise NotFoundError(f"there is no MOU #{text}")
        return int(text)
    code = normalise_code(text)
    found = session.exec(
        select(Mou.id)
        .where(sa.func.upper(Mou.reference_code) == code, col(Mou.id).in_(current_versions()))
        .order_by(col(Mou.version_number).desc())
    ).first()
    if found is None:
        raise NotFoundError(f"there is no MOU with the reference code {code}")
    return int(found)


def _contact_name(session: Session, contact_id: int | None) -> str:
    if contact_id is None:
        return ""
    contact = session.get(Contact, contact_id)
    return contact.full_name if contact is not None else f"contact #{contact_id}"


def get_mou(session: Session, mou_id: int, *, today: date) -> MouDetail:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist")
    assert mou.id is not None
    chain = version_chain(session, mou_id)
    is_current = chain[-1].id == mou.id
    parties = [
        PartyDetail(
            id=p.id or 0,
            organization_id=p.organization_id,
            organization=_org_name(session, p.organization_id),
            role=p.role,
            signatory_contact_id=p.signatory_contact_id,
            signatory=_contact_name(session, p.signatory_contact_id),
            date_signed=p.date_signed,
            sharing_tier=p.sharing_tier,
        )
        for p in _parties_of(session, mou.id)
    ]
    versions = [
        VersionRow(
            id=v.id or 0,
            version_number=v.version_number,
            status=v.status,
            effective_date=v.effective_date,
            expiry_date=v.expiry_date,
            created_at=v.created_at,
            is_current=v is chain[-1],
        )
        for v in chain
    ]
    open_review = session.exec(
        select(Review).where(Review.mou_id == mou.id, col(Review.completed_date).is_(None))
    ).first()
    next_due = None
    if open_review is not None:
        next_due = open_review.snoozed_until or open_review.due_date
    return MouDetail(
        id=mou.id,
        row_version=mou.row_version,
        reference_code=mou.reference_code,
        version_number=mou.version_number,
        title=mou.title,
        response_model=mou.response_model,
        status=shown_status(mou.status, mou.expiry_date, today),
        recorded_status=mou.status,
        effective_date=mou.effective_date,
        expiry_date=mou.expiry_date,
        review_interval_months=mou.review_interval_months,
        reminder_days=parse_reminder_days(mou.reminder_days),
        owner_contact_id=mou.owner_contact_id,
        owner=_contact_name(session, mou.owner_contact_id),
        notes=mou.notes or "",
        archived=mou.archived,
        is_current=is_current,
        parties=parties,
        versions=versions,
        next_review_due=next_due,
        allowed_transitions=ALLOWED_TRANSITIONS[mou.status] if is_current else (),
    )


# --------------------------------------------------------------------------- history


@dataclass(frozen=True, slots=True)
class HistoryRow:
    occurred_at: datetime
    who: str
    action: AuditAction
    subject: str  # "MOU", "Party", "Review"
    field: str
    old_value: str
    new_value: str
    summary: str


_SUBJECTS = {"mou": "MOU", "mou_party": "Party", "review": "Review"}
_FIELD_LABELS = {
    "organization_id": "organization",
    "signatory_contact_id": "signatory",
    "owner_contact_id": "owner",
    "reviewer_contact_id": "reviewer (contact)",
    "mou_id": "MOU version",
}
_CONTACT_FIELDS = ("signatory_contact_id", "owner_contact_id", "reviewer_contact_id")


def _names_for_history(
    session: Session, events: Sequence[AuditEvent]
) -> dict[tuple[str | None, str | None], str]:
    """Readable names for the ids that events record (organizations, contacts)."""
    wanted: dict[str, set[int]] = {"org": set(), "contact": set()}
    for event in events:
        kind = "org" if event.field == "organization_id" else None
        kind = "contact" if event.field in _CONTACT_FIELDS else kind
        if kind is None:
            continue
        for value in (event.old_value, event.new_value):
            if value and value.isdigit():
                wanted[kind].add(int(value))
    names: dict[tuple[str | None, str | None], str] = {}
    if wanted["org"]:
        for org_id, name in session.execute(
            sa.select(col(Organization.id), col(Organization.name)).where(
                col(Organization.id).in_(wanted["org"])
            )
        ):
            names[("organization_id", str(org_id))] = name
    if wanted["contact"]:
        for contact_id, name in session.execute(
            sa.select(col(Contact.id), col(Contact.full_name)).where(
                col(Contact.id).in_(wanted["contact"])
            )
        ):
            for field_name in _CONTACT_FIELDS:
                names[(field_name, str(contact_id))] = name
    return names


def mou_history(session: Session, mou_id: int) -> list[HistoryRow]:
    """Audit events of one MOU version, its parties and its reviews, newest first."""
    marker = mou_marker(mou_id)
    statement = (
        select(AuditEvent)
        .where(
            sa.or_(
                sa.and_(col(AuditEvent.entity_type) == "mou", col(AuditEvent.entity_id) == mou_id),
                sa.and_(
                    col(AuditEvent.entity_type).in_(("mou_party", "review")),
                    col(AuditEvent.summary).startswith(marker),
                ),
            )
        )
        .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())
    )
    rows: list[HistoryRow] = []
    events = list(session.exec(statement))
    names = _names_for_history(session, events)
    for event in events:
        who = event.os_user if not event.db_user else f"{event.os_user} ({event.db_user})"
        summary = event.summary or ""
        if summary.startswith(marker):
            summary = summary[len(marker) :].strip()
        rows.append(
            HistoryRow(
                occurred_at=event.occurred_at,
                who=who,
                action=event.action,
                subject=_SUBJECTS.get(event.entity_type, event.entity_type),
                field=_FIELD_LABELS.get(event.field or "", event.field or ""),
                old_value=names.get((event.field, event.old_value), event.old_value or ""),
                new_value=names.get((event.field, event.new_value), event.new_value or ""),
                summary=summary,
            )
        )
    return rows


# --------------------------------------------------------------------------- editor choices


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    organization_id: int | None = None  # for contacts
    active: bool = True


@dataclass(frozen=True)
class EditorChoices:
    organizations: list[Choice]
    contacts: list[Choice]


def editor_choices(session: Session) -> EditorChoices:
    """What the MOU editor's pickers offer: organizations and contacts, by name."""
    organizations = [
        Choice(org_id, name, None, active)
        for org_id, name, active in session.execute(
            sa.select(
                col(Organization.id), col(Organization.name), col(Organization.active)
            ).order_by(col(Organization.name_key))
        )
    ]
    contacts = [
        Choice(contact_id, name, org_id, active)
        for contact_id, name, org_id, active in session.execute(
            sa.select(
                col(Contact.id),
                col(Contact.full_name),
                col(Contact.organization_id),
                col(Contact.active),
            ).order_by(col(Contact.full_name))
        )
    ]
    return EditorChoices(organizations, contacts)
