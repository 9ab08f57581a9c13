"""The pipeline: money the program is seeking. Each prospect has a stage (identified,
drafting, submitted, then awarded or declined), the amount asked for over a period, a
decision date and a probability; projections weigh the open ones by their probability
(see :mod:`.projection`). Awarding a prospect turns it into a funding source (optionally
with the award budgeted in the ledger, fiscal year by fiscal year); the prospect stays,
with its history, pointing at the source it became.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from sqlmodel import Session, col

from partnerdesk.core.funding.ledger import EntryInput, create_entry
from partnerdesk.core.funding.projection import ProspectInfo
from partnerdesk.core.funding.sources import SourceInput, create_source
from partnerdesk.core.funding.totals import fiscal_start_month
from partnerdesk.core.models import (
    OPEN_STAGES,
    AuditAction,
    Contact,
    FundingProspect,
    FundingSource,
    FundingSourceKind,
    LedgerEntryType,
    Organization,
    ProspectStage,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import (
    add_months,
    check_supported_day,
    fiscal_year_bounds,
    fiscal_year_of,
)
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.money import format_money, from_cents, positive_amount_cents
from partnerdesk.core.platform.schema import ChangeKind

# A probability to start from when a prospect reaches a stage (the user may change it).
STAGE_PROBABILITY: dict[ProspectStage, int] = {
    ProspectStage.IDENTIFIED: 10,
    ProspectStage.DRAFTING: 25,
    ProspectStage.SUBMITTED: 50,
    ProspectStage.AWARDED: 100,
    ProspectStage.DECLINED: 0,
}


def effective_end(start: date, end: date | None) -> date:
    """The last day a prospect would fund: its end, or one year from its start."""
    return end if end is not None else add_months(start, 12) - timedelta(days=1)


# --------------------------------------------------------------------------- the list


@dataclass(frozen=True, slots=True)
class ProspectRow:
    id: int
    name: str
    funder: str
    kind: FundingSourceKind
    stage: ProspectStage
    amount_requested: Decimal
    amount_awarded: Decimal | None
    start_date: date
    end_date: date  # effective (one year from the start when none was given)
    decision_date: date | None
    probability_pct: int
    owner: str
    source_id: int | None
    source: str
    notes: str
    row_version: int

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def weighted(self) -> Decimal:
        """What the pipeline expects of it: the request times the probability while open,
        the award once awarded, nothing once declined."""
        if self.is_open:
            return (self.amount_requested * self.probability_pct / 100).quantize(Decimal("0.01"))
        if self.stage is ProspectStage.AWARDED:
            return self.amount_awarded if self.amount_awarded is not None else Decimal("0.00")
        return Decimal("0.00")


def list_prospects(session: Session) -> list[ProspectRow]:
    """Open prospects first (by decision date), then awarded and declined ones."""
    owner = sa.orm.aliased(Contact)
    statement = (
        sa.select(
            FundingProspect,
            col(Organization.name),
            col(owner.full_name),
            col(FundingSource.name),
        )
        .outerjoin(
            Organization, col(Organization.id) == col(FundingProspect.funder_organization_id)
        )
        .outerjoin(owner, col(owner.id) == col(FundingProspect.owner_contact_id))
        .outerjoin(FundingSource, col(FundingSource.id) == col(FundingProspect.funding_source_id))
    )
    rows: list[ProspectRow] = []
    for prospect, funder, owner_name, source in session.execute(statement):
        assert prospect.id is not None
        rows.append(
            ProspectRow(
                id=prospect.id,
                name=prospect.name,
                funder=funder or "",
                kind=prospect.kind,
                stage=prospect.stage,
                amount_requested=from_cents(prospect.amount_requested_cents),
                amount_awarded=None
                if prospect.amount_awarded_cents is None
                else from_cents(prospect.amount_awarded_cents),
                start_date=prospect.start_date,
                end_date=effective_end(prospect.start_date, prospect.end_date),
                decision_date=prospect.decision_date,
                probability_pct=prospect.probability_pct,
                owner=owner_name or "",
                source_id=prospect.funding_source_id,
                source=source or "",
                notes=prospect.notes or "",
                row_version=prospect.row_version,
            )
        )
    order = {stage: index for index, stage in enumerate(ProspectStage)}
    rows.sort(
        key=lambda r: (
            not r.is_open,
            order[r.stage] if not r.is_open else 0,
            r.decision_date or date.max,
            r.name.casefold(),
        )
    )
    return rows


def prospect_infos(session: Session) -> list[ProspectInfo]:
    """What a projection needs: open prospects as asked for, awarded ones as awarded
    (amount and the grant period of the source they became)."""
    infos: list[ProspectInfo] = []
    for row in list_prospects(session):
        if row.is_open:
            infos.append(
                ProspectInfo(
                    row.id, row.name, row.kind, row.stage, row.amount_requested,
                    row.start_date, row.end_date, row.probability_pct,
                )
            )  # fmt: skip
        elif row.stage is ProspectStage.AWARDED and row.source_id is not None:
            source = session.get(FundingSource, row.source_id)
            assert source is not None
            start = source.grant_start or row.start_date
            end = source.grant_end or row.end_date
            if end < start:
                continue
            amount = row.amount_awarded if row.amount_awarded is not None else row.amount_requested
            infos.append(
                ProspectInfo(
                    row.id, row.name, source.kind, row.stage, amount, start, end, 100,
                    row.source_id, source.name,
                )
            )  # fmt: skip
    return infos


# --------------------------------------------------------------------------- editing


@dataclass
class ProspectInput:
    name: str
    kind: FundingSourceKind
    amount_requested: Decimal
    start_date: date
    end_date: date | None = None
    stage: ProspectStage = ProspectStage.IDENTIFIED
    probability_pct: int | None = None  # None: the stage's usual probability
    decision_date: date | None = None
    funder_organization_id: int | None = None
    owner_contact_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class ProspectDetail:
    id: int
    row_version: int
    values: ProspectInput
    source_id: int | None


def _checked(
    session: Session, data: ProspectInput, current: FundingProspect | None
) -> tuple[str, int, int]:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("a prospect needs a name", field="name")
    if len(name) > 200:
        raise ValidationError("the name is longer than 200 characters", field="name")
    cents = positive_amount_cents(data.amount_requested, "the amount requested")
    check_supported_day(data.start_date, "start_date")
    if data.end_date is not None:
        check_supported_day(data.end_date, "end_date")
        if data.end_date < data.start_date:
            raise ValidationError(
                f"the period ends ({data.end_date}) before it starts ({data.start_date})",
                field="end_date",
            )
    if data.decision_date is not None:
        check_supported_day(data.decision_date, "decision_date")
    awarded = current is not None and current.funding_source_id is not None
    if awarded and data.stage is not ProspectStage.AWARDED:
        raise ValidationError(
            "this prospect was awarded and became a funding source; its stage stays awarded",
            field="stage",
        )
    if data.stage is ProspectStage.AWARDED and not awarded:
        raise ValidationError("use Award to turn a prospect into a funding source", field="stage")
    probability = (
        STAGE_PROBABILITY[data.stage] if data.probability_pct is None else data.probability_pct
    )
    if not 0 <= probability <= 100:
        raise ValidationError(
            f"the probability is 0 to 100 %, not {probability}", field="probability_pct"
        )
    if (
        data.funder_organization_id is not None
        and session.get(Organization, data.funder_organization_id) is None
    ):
        raise ValidationError("the funder organization no longer exists", field="funder")
    if data.owner_contact_id is not None and session.get(Contact, data.owner_contact_id) is None:
        raise ValidationError("the owner no longer exists in the contacts", field="owner")
    return name, cents, probability


def _apply(
    prospect: FundingProspect, data: ProspectInput, name: str, cents: int, probability: int
) -> None:
    prospect.name = name
    prospect.kind = data.kind
    prospect.stage = data.stage
    prospect.amount_requested_cents = cents
    prospect.start_date = data.start_date
    prospect.end_date = data.end_date
    prospect.decision_date = data.decision_date
    prospect.probability_pct = probability
    prospect.funder_organization_id = data.funder_organization_id
    prospect.owner_contact_id = data.owner_contact_id
    prospect.notes = data.notes.strip() or None


def _snapshot(prospect: FundingProspect) -> dict[str, Any]:
    values = audit.column_snapshot(prospect)
    values.pop("amount_requested_cents")
    values.pop("amount_awarded_cents")
    values["amount_requested"] = from_cents(prospect.amount_requested_cents)
    values["amount_awarded"] = (
        None if prospect.amount_awarded_cents is None else from_cents(prospect.amount_awarded_cents)
    )
    return values


def get_prospect(session: Session, prospect_id: int) -> ProspectDetail:
    prospect = session.get(FundingProspect, prospect_id)
    if prospect is None:
        raise NotFoundError(f"there is no prospect #{prospect_id}")
    return ProspectDetail(
        prospect_id,
        prospect.row_version,
        ProspectInput(
            name=prospect.name,
            kind=prospect.kind,
            amount_requested=from_cents(prospect.amount_requested_cents),
            start_date=prospect.start_date,
            end_date=prospect.end_date,
            stage=prospect.stage,
            probability_pct=prospect.probability_pct,
            decision_date=prospect.decision_date,
            funder_organization_id=prospect.funder_organization_id,
            owner_contact_id=prospect.owner_contact_id,
            notes=prospect.notes or "",
        ),
        prospect.funding_source_id,
    )


def create_prospect(session: Session, data: ProspectInput) -> int:
    name, cents, probability = _checked(session, data, None)
    prospect = FundingProspect(
        name=name, kind=data.kind, amount_requested_cents=cents, start_date=data.start_date
    )
    _apply(prospect, data, name, cents, probability)
    session.add(prospect)
    session.flush()
    assert prospect.id is not None
    audit.record(
        session,
        ChangeKind.PROSPECT,
        prospect.id,
        AuditAction.CREATE,
        summary=name,
        changes=audit.diff({}, _snapshot(prospect)),
    )
    return prospect.id


def update_prospect(
    session: Session, prospect_id: int, data: ProspectInput, seen_version: int
) -> None:
    prospect = session.get(FundingProspect, prospect_id)
    if prospect is None:
        raise NotFoundError(f"prospect #{prospect_id} was deleted by someone else")
    with audit.tracking(
        session,
        prospect,
        ChangeKind.PROSPECT,
        summary=lambda: prospect.name,
        seen_version=seen_version,
        what=f'the prospect "{prospect.name}"',
        snapshot=_snapshot,
    ):
        name, cents, probability = _checked(session, data, prospect)
        _apply(prospect, data, name, cents, probability)


def delete_prospect(session: Session, prospect_id: int) -> None:
    prospect = session.get(FundingProspect, prospect_id)
    if prospect is None:
        raise NotFoundError("the prospect was already deleted")
    if prospect.funding_source_id is not None:
        source = session.get(FundingSource, prospect.funding_source_id)
        raise ConflictError(
            f'"{prospect.name}" was awarded and became the funding source '
            f'"{source.name if source else "?"}"; it stays on record with it'
        )
    audit.record(
        session,
        ChangeKind.PROSPECT,
        prospect_id,
        AuditAction.DELETE,
        summary=prospect.name,
        changes={key: (value, None) for key, value in _snapshot(prospect).items()},
    )
    session.delete(prospect)


# --------------------------------------------------------------------------- awarding


@dataclass
class AwardInput:
    """What was awarded: the new source's name, the amount over the grant period."""

    source_name: str
    amount: Decimal
    grant_start: date
    grant_end: date
    decided_on: date
    renewal_probability_pct: int = 50
    record_budget: bool = True  # budgeted ledger lines, one per fiscal year of the period


def split_by_fiscal_year(
    cents: int, start: date, end: date, start_month: int
) -> list[tuple[int, date, int]]:
    """``cents`` spread over ``start``..``end`` by day, per fiscal year: (year, the first
    day of the period in it, cents). Whole cents; the last year takes the remainder, so
    the parts add up to exactly ``cents``."""
    total_days = (end - start).days + 1
    parts: list[tuple[int, date, int]] = []
    year = fiscal_year_of(start, start_month)
    given = 0
    while True:
        first, last = fiscal_year_bounds(year, start_month)
        low, high = max(first, start), min(last, end)
        if low > end:
            break
        days = (high - low).days + 1
        share = cents * days // total_days
        parts.append((year, low, share))
        given += share
        year += 1
    fiscal, day, share = parts[-1]
    parts[-1] = (fiscal, day, share + cents - given)
    return parts


def award_prospect(session: Session, prospect_id: int, data: AwardInput, *, today: date) -> int:
    """Turn a prospect into a funding source; returns the new source's id."""
    prospect = session.get(FundingProspect, prospect_id)
    if prospect is None:
        raise NotFoundError(f"prospect #{prospect_id} was deleted by someone else")
    if prospect.funding_source_id is not None:
        raise ConflictError(f'"{prospect.name}" was already awarded')
    if data.decided_on > today:
        raise ValidationError("the award cannot be decided in the future", field="decided_on")
    cents = positive_amount_cents(data.amount, "the amount awarded")
    requested = from_cents(prospect.amount_requested_cents)
    source_id = create_source(
        session,
        SourceInput(
            name=data.source_name,
            kind=prospect.kind,
            funder_organization_id=prospect.funder_organization_id,
            grant_start=data.grant_start,
            grant_end=data.grant_end,
            renewal_probability_pct=data.renewal_probability_pct,
            notes=(
                f"Awarded on {data.decided_on.isoformat()} from the pipeline prospect "
                f'"{prospect.name}" ({format_money(requested)} requested, '
                f"{format_money(from_cents(cents))} awarded)."
            ),
        ),
    )
    if data.record_budget:
        for year, first, part in split_by_fiscal_year(
            cents, data.grant_start, data.grant_end, fiscal_start_month(session)
        ):
            if part:
                create_entry(
                    session,
                    EntryInput(
                        entry_date=first,
                        funding_source_id=source_id,
                        entry_type=LedgerEntryType.BUDGETED,
                        amount=from_cents(part),
                        memo=f"FY{year} share of the award",
                    ),
                )
    with audit.tracking(
        session,
        prospect,
        ChangeKind.PROSPECT,
        summary=f"{prospect.name} awarded",
        snapshot=_snapshot,
    ):
        prospect.stage = ProspectStage.AWARDED
        prospect.probability_pct = 100
        prospect.amount_awarded_cents = cents
        prospect.decision_date = data.decided_on
        prospect.funding_source_id = source_id
    session.flush()
    return source_id
