"""Changing the MOU register: creating, editing, status changes, archiving, amending and
deleting agreements.

Rules that live here and nowhere else:
- an amendment is a new row superseding the previous version, which stays exactly as it was
  (its open review moves to the new version);
- an MOU with history that matters (completed reviews, ledger links, versions) is never
  deleted, only archived.

Every change writes audit events: the MOU itself as ``mou``, its parties as ``mou_party``
and its reviews as ``review``. Party and review events carry
:func:`~partnerdesk.core.mou.rules.mou_marker` at the start of their summary so that the
MOU's History finds them even after the party row is gone. A change to the parties alone
still moves the MOU's ``row_version``, so that a colleague holding an older copy is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    AuditAction,
    FundingSourceMou,
    LedgerEntry,
    Mou,
    MouClause,
    MouContact,
    MouParty,
    MouStatus,
    Review,
)
from partnerdesk.core.mou.register import (
    amendment_terms,
    contact_name,
    organization_name,
    parties_of,
)
from partnerdesk.core.mou.reviews import sync_open_review
from partnerdesk.core.mou.rules import (
    ALLOWED_TRANSITIONS,
    AMENDABLE,
    AMENDMENT_STATUSES,
    IN_FORCE,
    INITIAL_STATUSES,
    format_reminder_days,
    mou_label,
    mou_marker,
    normalise_code,
    transition_refusal,
    version_label,
)
from partnerdesk.core.mou.validation import MouInput, PartyInput, raise_problems, validate_mou
from partnerdesk.core.mou.versions import chain_ids, refuse_if_superseded
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.errors import (
    ConflictError,
    NotFoundError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.core.platform.schema import ChangeKind

# --------------------------------------------------------------------------- snapshots


def _snapshot(mou: Mou) -> dict[str, Any]:
    """The fields of an MOU its audit events name (not its version bookkeeping)."""
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


def _parties_text(session: Session, mou_id: int) -> str:
    """Every party with all it agreed, on one line: the MOU's own audit event for a change
    to its parties (each party's own events say field by field what changed)."""
    lines: list[str] = []
    for party in parties_of(session, mou_id):
        details = [party.role.label.lower()]
        if party.signatory_contact_id is not None:
            details.append(f"signatory {contact_name(session, party.signatory_contact_id)}")
        if party.date_signed is not None:
            details.append(f"signed {party.date_signed.isoformat()}")
        if party.sharing_tier is not None:
            details.append(f"{party.sharing_tier.value} tier")
        name = organization_name(session, party.organization_id)
        lines.append(f"{name} ({', '.join(details)})")
    return "; ".join(lines)


# --------------------------------------------------------------------------- shared steps


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


def _set_parties(session: Session, mou_id: int, label: str, parties: Sequence[PartyInput]) -> None:
    """Make the MOU's parties equal ``parties`` (matched by organization), auditing each;
    ``label`` names the MOU in the events."""
    existing = {p.organization_id: p for p in parties_of(session, mou_id)}
    wanted = {p.organization_id for p in parties}
    marker = mou_marker(mou_id)
    for org_id, party in existing.items():
        if org_id not in wanted:
            summary = f"{marker} {organization_name(session, org_id)} removed from {label}"
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
            mou_id=mou_id, organization_id=data.organization_id, role=data.role
        )
        party.role = data.role
        party.signatory_contact_id = data.signatory_contact_id
        party.date_signed = data.date_signed
        party.sharing_tier = data.sharing_tier
        party.position = position
        session.add(party)
        session.flush()  # a new party's id, for its audit event
        changes = audit.diff(before, _party_snapshot(party))
        if changes:
            name = organization_name(session, data.organization_id)
            action = AuditAction.UPDATE if before else AuditAction.CREATE
            verb = "on" if before else "added to"
            audit.record(
                session,
                ChangeKind.MOU_PARTY,
                party.id,
                action,
                f"{marker} {name} {verb} {label}",
                changes,
            )


def _mou(session: Session, mou_id: int) -> Mou:
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU #{mou_id} does not exist (deleted by someone else?)")
    return mou


def _stale_name(mou: Mou) -> str:
    """How a refused stale copy names the MOU."""
    return f"MOU {mou_label(mou)}"


def _tracking(
    session: Session, mou: Mou, seen_version: int | None
) -> AbstractContextManager[audit.Tracked]:
    """An edit of the MOU itself: refused when stale, audited field by field under its label."""
    return audit.tracking(
        session,
        mou,
        ChangeKind.MOU,
        summary=lambda: mou_label(mou),
        seen_version=seen_version,
        what=_stale_name(mou),
        snapshot=_snapshot,
    )


def _refuse_stale(mou: Mou, seen_version: int | None) -> None:
    """The stale-copy check for the changes :func:`audit.tracking` cannot wrap."""
    if seen_version is not None and mou.row_version != seen_version:
        raise StaleRecordError(_stale_name(mou), ChangeKind.MOU.value, mou.id)


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
    raise_problems(problems)
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
        mou_label(mou),
        audit.diff({}, _snapshot(mou)),
    )
    _set_parties(session, mou.id, mou_label(mou), data.parties)
    if copy_clauses_from is not None:
        _copy_clauses(session, copy_clauses_from, mou.id)
    sync_open_review(session, mou)
    return mou


def update_mou(
    session: Session, mou_id: int, data: MouInput, seen_version: int, *, today: date
) -> Mou:
    """Save the editor's changes to the current version of an MOU."""
    mou = _mou(session, mou_id)
    with _tracking(session, mou, seen_version) as tracked:
        refuse_if_superseded(session, mou)
        if mou.archived:
            raise ConflictError(f"{mou_label(mou)} is archived; restore it before editing")
        problems = validate_mou(session, data, today=today, mou_id=mou_id)
        if data.status != mou.status and data.status not in ALLOWED_TRANSITIONS[mou.status]:
            problems.setdefault("status", transition_refusal(mou.status, data.status))
        raise_problems(problems)
        # The parties first: setting them queries and flushes, and the MOU's own fields,
        # applied last, are then written once, together with the version the change moves.
        label = version_label(normalise_code(data.reference_code), mou.version_number)
        parties_before = _parties_text(session, mou_id)
        _set_parties(session, mou_id, label, data.parties)
        tracked.add("parties", parties_before, _parties_text(session, mou_id))
        _apply(mou, data)
    sync_open_review(session, mou)
    return mou


def change_status(
    session: Session, mou_id: int, new_status: MouStatus, seen_version: int | None, *, today: date
) -> Mou:
    mou = _mou(session, mou_id)
    with _tracking(session, mou, seen_version):
        refuse_if_superseded(session, mou)
        if new_status == mou.status:
            return mou
        if new_status not in ALLOWED_TRANSITIONS[mou.status]:
            raise ValidationError(transition_refusal(mou.status, new_status), field="status")
        if new_status in IN_FORCE and mou.effective_date is None:
            raise ValidationError(
                f"{mou_label(mou)} needs an effective date before it can be active",
                field="effective_date",
            )
        mou.status = new_status
    session.flush()
    sync_open_review(session, mou)
    return mou


def set_archived(session: Session, mou_id: int, archived: bool, seen_version: int | None) -> Mou:
    """Archive (hide from the register and reminders, keep everything) or restore.

    Audited as its own action (the History's Action column says Archive or Restore), which
    :func:`audit.tracking` (always an Update) cannot say: hence the check and stamp here.
    """
    mou = _mou(session, mou_id)
    _refuse_stale(mou, seen_version)
    if mou.archived == archived:
        return mou
    mou.archived = archived
    mou.updated_at = audit.moment(session)
    session.add(mou)
    audit.record(
        session,
        ChangeKind.MOU,
        mou_id,
        AuditAction.ARCHIVE if archived else AuditAction.RESTORE,
        f"{mou_label(mou)} {'archived' if archived else 'restored from the archive'}",
        {"archived": (not archived, archived)},
        row_version=mou.row_version,
    )
    session.flush()
    return mou


# --------------------------------------------------------------------------- amending


def amend_mou(
    session: Session,
    mou_id: int,
    data: MouInput | None,
    seen_version: int | None,
    *,
    today: date,
) -> Mou:
    """Record an amendment: a new version superseding ``mou_id`` with ``data`` (by default
    :func:`~partnerdesk.core.mou.register.amendment_terms`: the same terms, unsigned, in
    negotiation), carrying over parties, contacts, clauses and funding links. The earlier
    version is left exactly as it was (so it is not tracked: its version does not move);
    its open review moves to the new version, and stays due when it was while the
    amendment is not signed yet."""
    previous = _mou(session, mou_id)
    _refuse_stale(previous, seen_version)
    refuse_if_superseded(session, previous)
    if previous.status not in AMENDABLE:
        raise ConflictError(
            f"{mou_label(previous)} is {previous.status.label.lower()} and cannot be amended"
        )
    assert previous.id is not None
    if data is None:
        data = amendment_terms(session, mou_id)
    data = replace(data, reference_code=previous.reference_code)
    problems = validate_mou(session, data, today=today, mou_id=mou_id)
    if data.status not in AMENDMENT_STATUSES:
        problems.setdefault("status", f"an amendment cannot start as {data.status.label.lower()}")
    raise_problems(problems)
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
        f"{mou_label(amended)} amends version {previous.version_number} (MOU #{previous.id})",
        audit.diff({}, _snapshot(amended)),
    )
    audit.record(
        session,
        ChangeKind.MOU,
        previous.id,
        AuditAction.UPDATE,
        f"{mou_label(previous)} superseded by version {amended.version_number} (MOU #{amended.id})",
        {"superseded_by": (None, amended.id)},
    )
    _set_parties(session, amended.id, mou_label(amended), data.parties)
    _carry_over(session, previous, amended)
    session.flush()
    sync_open_review(session, amended)
    return amended


def _carry_over(session: Session, previous: Mou, amended: Mou) -> None:
    """Contacts, clauses, funding links and the open review move on to the amendment."""
    assert previous.id is not None and amended.id is not None
    for link in session.exec(select(MouContact).where(MouContact.mou_id == previous.id)):
        session.add(MouContact(mou_id=amended.id, contact_id=link.contact_id, role=link.role))
    _copy_clauses(session, previous.id, amended.id)
    for source_id in session.exec(
        select(FundingSourceMou.funding_source_id).where(FundingSourceMou.mou_id == previous.id)
    ):
        session.add(FundingSourceMou(funding_source_id=source_id, mou_id=amended.id))
    marker_old, marker_new = mou_marker(previous.id), mou_marker(amended.id)
    open_reviews = session.exec(
        select(Review).where(Review.mou_id == previous.id, col(Review.completed_date).is_(None))
    ).all()
    for review in open_reviews:
        with audit.tracking(
            session,
            review,
            ChangeKind.REVIEW,
            summary=f"{marker_new} scheduled review moved from version "
            f"{previous.version_number} ({marker_old[:-1]})",
            snapshot=lambda row: {"mou_id": row.mou_id},
        ):
            review.mou_id = amended.id


# --------------------------------------------------------------------------- deleting


def deletion_blockers(session: Session, mou_id: int) -> list[str]:
    """Why the MOU cannot be deleted (empty when it can): history that must be kept."""
    chain = chain_ids(session, mou_id)
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
            f"{mou_label(mou)} has {', '.join(blockers)} and cannot be deleted, so that its "
            "history is kept; archive it instead"
        )
    marker = mou_marker(mou_id)
    label = f"MOU {mou_label(mou)} “{mou.title}”"
    with trash.deleting(session, ChangeKind.MOU, mou_id, label) as deletion:
        for review in session.exec(select(Review).where(Review.mou_id == mou_id)):
            audit.record(
                session,
                ChangeKind.REVIEW,
                review.id,
                AuditAction.DELETE,
                f"{marker} scheduled review of {mou_label(mou)} removed with the MOU",
                {"due_date": (review.due_date, None)},
            )
            deletion.delete(review)
        for party in parties_of(session, mou_id):
            organization = organization_name(session, party.organization_id)
            audit.record(
                session,
                ChangeKind.MOU_PARTY,
                party.id,
                AuditAction.DELETE,
                f"{marker} {organization} removed with the MOU",
                audit.diff(_party_snapshot(party), {}),
            )
            deletion.delete(party)
        for model in (MouContact, MouClause):
            deletion.delete_where(model, col(model.mou_id) == mou_id)
        session.flush()
        audit.record(
            session,
            ChangeKind.MOU,
            mou_id,
            AuditAction.DELETE,
            f"{mou_label(mou)} deleted: {mou.title}",
            audit.diff(_snapshot(mou), {}),
        )
        deletion.delete(mou)
    session.flush()
