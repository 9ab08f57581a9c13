"""Program costs: the budgeted cost lines per fiscal year (staffing, training, vehicles...)
that projections set against revenue. A cost is never negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from partnerdesk.core.models import AuditAction, CostCategory, ProgramCost
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.dates import check_fiscal_year
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.money import amount_cents, from_cents
from partnerdesk.core.platform.schema import ChangeKind


@dataclass(frozen=True, slots=True)
class CostRow:
    id: int
    fiscal_year: int
    category: CostCategory
    amount: Decimal
    description: str


def list_costs(session: Session) -> list[CostRow]:
    statement = select(ProgramCost).order_by(
        col(ProgramCost.fiscal_year).desc(), col(ProgramCost.category), col(ProgramCost.id)
    )
    return [
        CostRow(
            c.id or 0, c.fiscal_year, c.category, from_cents(c.amount_cents), c.description or ""
        )
        for c in session.exec(statement)
    ]


@dataclass
class CostInput:
    fiscal_year: int
    category: CostCategory
    amount: Decimal
    description: str = ""


def _validate_cost(data: CostInput) -> int:
    check_fiscal_year(data.fiscal_year)
    cents = amount_cents(data.amount)
    if cents < 0:
        raise ValidationError("a cost cannot be negative", field="amount")
    return cents


def _cost_columns(data: CostInput, cents: int) -> dict[str, Any]:
    """The stored values of a cost line the editor gave (checked: ``cents`` is its amount)."""
    return {
        "fiscal_year": data.fiscal_year,
        "category": data.category,
        "amount_cents": cents,
        "description": data.description.strip() or None,
    }


def _cost_snapshot(cost: ProgramCost) -> dict[str, Any]:
    return {
        "fiscal_year": cost.fiscal_year,
        "category": cost.category,
        "amount": from_cents(cost.amount_cents),
        "description": cost.description,
    }


def get_cost(session: Session, cost_id: int) -> tuple[int, CostInput]:
    cost = session.get(ProgramCost, cost_id)
    if cost is None:
        raise NotFoundError(f"program cost #{cost_id} does not exist")
    return cost.row_version, CostInput(
        cost.fiscal_year, cost.category, from_cents(cost.amount_cents), cost.description or ""
    )


def create_cost(session: Session, data: CostInput) -> int:
    cost = ProgramCost(**_cost_columns(data, _validate_cost(data)))
    session.add(cost)
    session.flush()
    assert cost.id is not None
    audit.record(
        session,
        ChangeKind.PROGRAM_COST,
        cost.id,
        AuditAction.CREATE,
        summary=f"FY{cost.fiscal_year} {cost.category.label}",
        changes=audit.diff({}, _cost_snapshot(cost)),
    )
    return cost.id


def update_cost(session: Session, cost_id: int, data: CostInput, seen_version: int) -> None:
    cost = session.get(ProgramCost, cost_id)
    if cost is None:
        raise NotFoundError(f"program cost #{cost_id} was deleted by someone else")
    with audit.tracking(
        session,
        cost,
        ChangeKind.PROGRAM_COST,
        summary=lambda: f"FY{cost.fiscal_year} {cost.category.label}",
        seen_version=seen_version,
        what=f"program cost #{cost_id}",
        snapshot=_cost_snapshot,  # the amount as money, not as cents
    ):
        for column, value in _cost_columns(data, _validate_cost(data)).items():
            setattr(cost, column, value)


def delete_cost(session: Session, cost_id: int) -> None:
    cost = session.get(ProgramCost, cost_id)
    if cost is None:
        raise NotFoundError(f"program cost #{cost_id} was already deleted")
    snapshot = _cost_snapshot(cost)
    what = f"FY{snapshot['fiscal_year']} {cost.category.label}"
    with trash.deleting(session, ChangeKind.PROGRAM_COST, cost_id, f"cost line {what}") as deletion:
        deletion.delete(cost)
    audit.record(
        session,
        ChangeKind.PROGRAM_COST,
        cost_id,
        AuditAction.DELETE,
        summary=what,
        changes={key: (value, None) for key, value in snapshot.items()},
    )
