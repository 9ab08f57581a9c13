"""A grant's obligations: its rules (kept), the dated items they expand into (kept in step
with the rule and the grant period), and recording that an item was submitted or accepted.

Items are derived from their rule, but stored, because each carries its own status. After
every change to a rule or to the grant period, :func:`sync_rule` brings the items in line:
an item keeps its id and its place (``sequence``) in the schedule when its date moves, an
open item the schedule no longer has is removed, and an item already submitted is kept
whatever happens to the schedule (it is part of the grant's history). Every change to an
item is audited, like the scheduled review of an MOU.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.funding.obligation_rules import (
    RuleSpec,
    ScheduledItem,
    describe,
    expand,
    needs_grant_period,
)
from partnerdesk.core.funding.totals import fiscal_start_month
from partnerdesk.core.models import (
    AuditAction,
    Contact,
    FundingSource,
    Obligation,
    ObligationKind,
    ObligationRule,
    ObligationSchedule,
    ObligationStatus,
    PeriodAlignment,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import check_supported_day
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind

# --------------------------------------------------------------------------- rules


@dataclass
class RuleInput:
    """A rule as the editor or the command line gives it."""

    funding_source_id: int
    kind: ObligationKind
    title: str = ""
    schedule: ObligationSchedule = ObligationSchedule.EACH_PERIOD
    due_date: date | None = None
    period_months: int = 3
    alignment: PeriodAlignment = PeriodAlignment.GRANT
    offset_months: int = 0
    offset_days: int = 30
    owner_contact_id: int | None = None
    notes: str = ""

    def spec(self) -> RuleSpec:
        return RuleSpec(
            self.schedule,
            self.due_date,
            self.period_months,
            self.alignment,
            self.offset_months,
            self.offset_days,
        )


@dataclass(frozen=True)
class RuleDetail:
    id: int
    row_version: int
    values: RuleInput
    submitted_items: int  # items already submitted or accepted (kept if the rule goes)
    items: int  # every item of the rule


def _spec_of(rule: ObligationRule) -> RuleSpec:
    return RuleSpec(
        rule.schedule,
        rule.due_date,
        rule.period_months,
        rule.alignment,
        rule.offset_months,
        rule.offset_days,
    )


def rule_text(rule: ObligationRule) -> str:
    """The rule in words ("30 days after each quarter of the grant period")."""
    return describe(_spec_of(rule))


def _source(session: Session, source_id: int) -> FundingSource:
    source = session.get(FundingSource, source_id)
    if source is None:
        raise ValidationError("choose a funding source", field="source")
    return source


def preview(session: Session, data: RuleInput) -> list[ScheduledItem]:
    """The items ``data`` would schedule for its source (for the editor's preview);
    refuses what :func:`create_rule` would refuse."""
    source = _source(session, data.funding_source_id)
    spec = data.spec()
    if needs_grant_period(spec) and (source.grant_start is None or source.grant_end is None):
        raise ValidationError(
            f'"{source.name}" has no grant period yet: set its start and end date '
            "(Funding › Sources), or give this obligation a due date",
            field="schedule",
        )
    return expand(spec, source.grant_start, source.grant_end, fiscal_start_month(session))


def _validated(session: Session, data: RuleInput) -> str:
    title = " ".join(data.title.split()) or data.kind.label
    if len(title) > 200:
        raise ValidationError("the title is longer than 200 characters", field="title")
    if data.owner_contact_id is not None and session.get(Contact, data.owner_contact_id) is None:
        raise ValidationError("the owner no longer exists in the contacts", field="owner")
    if not preview(session, data):
        raise ValidationError("this rule schedules nothing inside the grant period", "schedule")
    return title


def _apply(rule: ObligationRule, data: RuleInput, title: str) -> None:
    rule.funding_source_id = data.funding_source_id
    rule.kind = data.kind
    rule.title = title
    rule.schedule = data.schedule
    once = data.schedule is ObligationSchedule.ONCE
    rule.due_date = data.due_date if once else None
    rule.period_months = data.period_months
    rule.alignment = data.alignment
    rule.offset_months = 0 if once else data.offset_months
    rule.offset_days = 0 if once else data.offset_days
    rule.owner_contact_id = data.owner_contact_id
    rule.notes = data.notes.strip() or None


def _rule_snapshot(rule: ObligationRule) -> dict[str, Any]:
    return {**audit.column_snapshot(rule), "schedule_text": rule_text(rule)}


def _rule_label(session: Session, rule: ObligationRule) -> str:
    source = session.get(FundingSource, rule.funding_source_id)
    return f"{source.name if source else 'a deleted source'}: {rule.title}"


def _submitted_count(session: Session, rule_id: int) -> int:
    return int(
        session.execute(
            sa.select(sa.func.count()).where(
                col(Obligation.rule_id) == rule_id,
                col(Obligation.status) != ObligationStatus.UPCOMING,
            )
        ).scalar_one()
    )


def get_rule(session: Session, rule_id: int) -> RuleDetail:
    rule = session.get(ObligationRule, rule_id)
    if rule is None:
        raise NotFoundError(f"obligation rule #{rule_id} does not exist")
    return RuleDetail(
        rule_id,
        rule.row_version,
        RuleInput(
            funding_source_id=rule.funding_source_id,
            kind=rule.kind,
            title=rule.title,
            schedule=rule.schedule,
            due_date=rule.due_date,
            period_months=rule.period_months,
            alignment=rule.alignment,
            offset_months=rule.offset_months,
            offset_days=rule.offset_days,
            owner_contact_id=rule.owner_contact_id,
            notes=rule.notes or "",
        ),
        _submitted_count(session, rule_id),
        int(
            session.execute(
                sa.select(sa.func.count()).where(col(Obligation.rule_id) == rule_id)
            ).scalar_one()
        ),
    )


def create_rule(session: Session, data: RuleInput) -> int:
    """Add a rule and schedule its items; returns the rule's id."""
    title = _validated(session, data)
    rule = ObligationRule(
        funding_source_id=data.funding_source_id,
        kind=data.kind,
        title=title,
        schedule=data.schedule,
    )
    _apply(rule, data, title)
    session.add(rule)
    session.flush()
    assert rule.id is not None
    audit.record(
        session,
        ChangeKind.OBLIGATION_RULE,
        rule.id,
        AuditAction.CREATE,
        summary=_rule_label(session, rule),
        changes=audit.diff({}, _rule_snapshot(rule)),
    )
    sync_rule(session, rule)
    return rule.id


def update_rule(session: Session, rule_id: int, data: RuleInput, seen_version: int) -> None:
    """Change a rule; its open items move with it (submitted ones stay as recorded)."""
    rule = session.get(ObligationRule, rule_id)
    if rule is None:
        raise NotFoundError(f"obligation rule #{rule_id} was deleted by someone else")
    if data.funding_source_id != rule.funding_source_id:
        raise ValidationError("an obligation stays with its funding source", field="source")
    with audit.tracking(
        session,
        rule,
        ChangeKind.OBLIGATION_RULE,
        summary=lambda: _rule_label(session, rule),
        seen_version=seen_version,
        what=f'the obligation "{rule.title}"',
        snapshot=_rule_snapshot,
    ):
        title = _validated(session, data)
        _apply(rule, data, title)
    session.flush()
    sync_rule(session, rule)


def delete_rule(session: Session, rule_id: int) -> int:
    """Delete a rule and its open items; refused once an item was submitted (the grant's
    record of what was sent must stay). Returns how many items went with it."""
    rule = session.get(ObligationRule, rule_id)
    if rule is None:
        raise NotFoundError("the obligation was already deleted")
    submitted = _submitted_count(session, rule_id)
    if submitted:
        raise ConflictError(
            f'"{rule.title}" has {submitted} submitted item(s), which stay on record; '
            "change the rule instead (the open items follow it)"
        )
    label = _rule_label(session, rule)
    items = list(session.exec(select(Obligation).where(Obligation.rule_id == rule_id)))
    for item in items:
        _delete_item(session, item, f"{label} due {item.due_date} deleted with its rule")
    session.flush()
    audit.record(
        session,
        ChangeKind.OBLIGATION_RULE,
        rule_id,
        AuditAction.DELETE,
        summary=label,
        changes={key: (value, None) for key, value in _rule_snapshot(rule).items()},
    )
    session.delete(rule)
    return len(items)


# --------------------------------------------------------------------------- keeping items in step


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    moved: int = 0
    removed: int = 0


def _item_snapshot(item: Obligation) -> dict[str, Any]:
    return {
        "due_date": item.due_date,
        "period_start": item.period_start,
        "period_end": item.period_end,
        "status": item.status,
        "submitted_on": item.submitted_on,
        "accepted_on": item.accepted_on,
        "notes": item.notes,
    }


def _delete_item(session: Session, item: Obligation, summary: str) -> None:
    audit.record(
        session,
        ChangeKind.OBLIGATION,
        item.id,
        AuditAction.DELETE,
        summary,
        {key: (value, None) for key, value in _item_snapshot(item).items()},
    )
    session.delete(item)


def sync_rule(session: Session, rule: ObligationRule) -> SyncResult:
    """Bring the rule's items in line with its schedule and its grant's period."""
    assert rule.id is not None
    source = session.get(FundingSource, rule.funding_source_id)
    assert source is not None
    label = f"{source.name}: {rule.title}"
    scheduled = expand(
        _spec_of(rule), source.grant_start, source.grant_end, fiscal_start_month(session)
    )
    existing = {
        item.sequence: item
        for item in session.exec(select(Obligation).where(Obligation.rule_id == rule.id))
    }
    created: list[Obligation] = []
    moved = 0
    for planned in scheduled:
        item = existing.pop(planned.sequence, None)
        if item is None:
            created.append(
                Obligation(
                    rule_id=rule.id,
                    sequence=planned.sequence,
                    due_date=planned.due_date,
                    period_start=planned.period_start,
                    period_end=planned.period_end,
                )
            )
            continue
        if item.status is not ObligationStatus.UPCOMING:
            continue  # what was submitted keeps the date and period it was submitted for
        if (item.due_date, item.period_start, item.period_end) == (
            planned.due_date,
            planned.period_start,
            planned.period_end,
        ):
            continue
        with audit.tracking(
            session,
            item,
            ChangeKind.OBLIGATION,
            summary=f"{label} rescheduled",
            snapshot=_item_snapshot,
        ):
            item.due_date = planned.due_date
            item.period_start = planned.period_start
            item.period_end = planned.period_end
        moved += 1
    removed = 0
    for item in existing.values():
        if item.status is ObligationStatus.UPCOMING:
            _delete_item(session, item, f"{label} due {item.due_date} no longer scheduled")
            removed += 1
    session.flush()  # removed items free their place before new ones take it
    session.add_all(created)
    session.flush()
    for item in created:
        audit.record(
            session,
            ChangeKind.OBLIGATION,
            item.id,
            AuditAction.CREATE,
            f"{label} due {item.due_date} scheduled",
            {"due_date": (None, item.due_date)},
        )
    return SyncResult(len(created), moved, removed)


def sync_source(session: Session, source_id: int) -> SyncResult:
    """After the grant period of a source changed: every rule of it, in step again."""
    created = moved = removed = 0
    for rule in session.exec(
        select(ObligationRule).where(ObligationRule.funding_source_id == source_id)
    ):
        result = sync_rule(session, rule)
        created, moved, removed = (
            created + result.created,
            moved + result.moved,
            removed + result.removed,
        )
    return SyncResult(created, moved, removed)


# --------------------------------------------------------------------------- recording items


@dataclass
class ItemInput:
    """What a person records about one item."""

    status: ObligationStatus
    submitted_on: date | None = None
    accepted_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class ItemDetail:
    id: int
    row_version: int
    rule_id: int
    funding_source_id: int
    source: str
    title: str
    kind: ObligationKind
    rule_text: str
    due_date: date
    period_start: date | None
    period_end: date | None
    owner: str
    values: ItemInput


def get_item(session: Session, obligation_id: int) -> ItemDetail:
    item = session.get(Obligation, obligation_id)
    if item is None:
        raise NotFoundError(f"there is no obligation #{obligation_id}")
    rule = session.get(ObligationRule, item.rule_id)
    assert rule is not None
    source = session.get(FundingSource, rule.funding_source_id)
    owner = session.get(Contact, rule.owner_contact_id) if rule.owner_contact_id else None
    assert source is not None and item.id is not None
    return ItemDetail(
        id=item.id,
        row_version=item.row_version,
        rule_id=item.rule_id,
        funding_source_id=rule.funding_source_id,
        source=source.name,
        title=rule.title,
        kind=rule.kind,
        rule_text=rule_text(rule),
        due_date=item.due_date,
        period_start=item.period_start,
        period_end=item.period_end,
        owner=owner.full_name if owner is not None else "",
        values=ItemInput(item.status, item.submitted_on, item.accepted_on, item.notes or ""),
    )


def _check_item(data: ItemInput, today: date) -> None:
    if data.status is ObligationStatus.UPCOMING:
        return
    if data.submitted_on is None:
        raise ValidationError("give the date it was submitted", field="submitted_on")
    check_supported_day(data.submitted_on, "submitted_on")
    if data.submitted_on > today:
        raise ValidationError(
            f"it cannot have been submitted on {data.submitted_on:%d %b %Y}: that is in the future",
            field="submitted_on",
        )
    if data.status is ObligationStatus.ACCEPTED:
        if data.accepted_on is None:
            raise ValidationError("give the date the funder accepted it", field="accepted_on")
        if not data.submitted_on <= data.accepted_on <= today:
            raise ValidationError(
                f"the acceptance date must lie between the submission "
                f"({data.submitted_on:%d %b %Y}) and today",
                field="accepted_on",
            )


def save_item(
    session: Session,
    obligation_id: int,
    data: ItemInput,
    *,
    today: date,
    seen_version: int | None = None,
) -> ItemDetail:
    """Record an item's status (upcoming, submitted on a date, accepted on a date) and
    notes. Going back to upcoming clears the dates (a submission recorded by mistake)."""
    item = session.get(Obligation, obligation_id)
    if item is None:
        raise NotFoundError(f"obligation #{obligation_id} was deleted by someone else")
    rule = session.get(ObligationRule, item.rule_id)
    assert rule is not None
    _check_item(data, today)
    label = _rule_label(session, rule)
    with audit.tracking(
        session,
        item,
        ChangeKind.OBLIGATION,
        summary=lambda: f"{label} due {item.due_date}: {item.status.label.lower()}",
        seen_version=seen_version,
        what=f'the obligation "{rule.title}" due {item.due_date:%d %b %Y}',
        snapshot=_item_snapshot,
    ):
        item.status = data.status
        upcoming = data.status is ObligationStatus.UPCOMING
        item.submitted_on = None if upcoming else data.submitted_on
        accepted = data.status is ObligationStatus.ACCEPTED
        item.accepted_on = data.accepted_on if accepted else None
        item.notes = data.notes.strip() or None
    session.flush()
    assert item.id is not None
    return get_item(session, item.id)


def submit_item(
    session: Session,
    obligation_id: int,
    *,
    submitted_on: date,
    today: date,
    notes: str | None = None,
    seen_version: int | None = None,
) -> ItemDetail:
    """Mark an item submitted on a date (notes kept unless new ones are given)."""
    current = get_item(session, obligation_id)
    if current.values.status is ObligationStatus.ACCEPTED:
        raise ConflictError(
            f"{current.title} due {current.due_date} was already accepted on "
            f"{current.values.accepted_on}"
        )
    return save_item(
        session,
        obligation_id,
        ItemInput(
            ObligationStatus.SUBMITTED,
            submitted_on,
            None,
            current.values.notes if notes is None else notes,
        ),
        today=today,
        seen_version=seen_version,
    )


def accept_item(
    session: Session, obligation_id: int, *, accepted_on: date, today: date
) -> ItemDetail:
    """Record that the funder accepted a submitted item."""
    current = get_item(session, obligation_id)
    if current.values.submitted_on is None:
        raise ConflictError(
            f"{current.title} due {current.due_date} is not submitted yet; record the "
            "submission first"
        )
    return save_item(
        session,
        obligation_id,
        ItemInput(
            ObligationStatus.ACCEPTED,
            current.values.submitted_on,
            accepted_on,
            current.values.notes,
        ),
        today=today,
    )
