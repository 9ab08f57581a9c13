"""Unit costs: what one avoided event saves (a booking, a jail day, an emergency-department
visit, a hospital admission, an officer hour), where that figure comes from, and which
indicator's avoided events it prices (with how many units one event stands for: an arrest
avoided may save one booking and 2.5 jail days). Set in the outcomes assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from partnerdesk.core.models import Aggregation, AuditAction, Indicator, UnitCost
from partnerdesk.core.models.outcomes import VALUE_SCALE, milli_to_decimal
from partnerdesk.core.outcomes.indicators import value_milli
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.money import amount_cents, from_cents
from partnerdesk.core.platform.schema import ChangeKind


@dataclass(frozen=True, slots=True)
class UnitCostInput:
    name: str
    amount: Decimal
    source: str = ""
    indicator_id: int | None = None
    per_event: Decimal = Decimal(1)
    notes: str = ""


@dataclass(frozen=True, slots=True)
class UnitCostRow:
    id: int
    name: str
    amount: Decimal
    source: str
    indicator_id: int | None
    indicator: str  # its name, "" when not tied to one
    per_event: Decimal
    notes: str
    row_version: int

    def as_input(self) -> UnitCostInput:
        return UnitCostInput(
            self.name, self.amount, self.source, self.indicator_id, self.per_event, self.notes
        )


def list_unit_costs(session: Session) -> list[UnitCostRow]:
    names = {i.id: i.name for i in session.exec(select(Indicator))}
    return [
        UnitCostRow(
            id=cost.id or 0,
            name=cost.name,
            amount=from_cents(cost.amount_cents),
            source=cost.source,
            indicator_id=cost.indicator_id,
            indicator=names.get(cost.indicator_id, "") if cost.indicator_id else "",
            per_event=milli_to_decimal(cost.per_event_milli),
            notes=cost.notes or "",
            row_version=cost.row_version,
        )
        for cost in session.exec(select(UnitCost).order_by(col(UnitCost.name)))
    ]


def get_unit_cost(session: Session, cost_id: int) -> UnitCostRow:
    for row in list_unit_costs(session):
        if row.id == cost_id:
            return row
    raise NotFoundError(f"unit cost #{cost_id} does not exist (it may have been deleted)")


def _columns(session: Session, data: UnitCostInput, cost_id: int | None) -> dict[str, Any]:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("a unit cost needs a name, e.g. Jail day", field="name")
    clash = session.exec(select(UnitCost).where(col(UnitCost.name) == name)).first()
    if clash is not None and clash.id != cost_id:
        raise ValidationError(f"there is already a unit cost named “{name}”", field="name")
    cents = amount_cents(data.amount)
    if cents < 0:
        raise ValidationError("a unit cost cannot be negative", field="amount")
    if data.indicator_id is not None:
        indicator = session.get(Indicator, data.indicator_id)
        if indicator is None:
            raise ValidationError("that indicator no longer exists", field="indicator")
        if indicator.aggregation is not Aggregation.SUM:
            raise ValidationError(
                f"“{indicator.name}” is not a count of events (it is a "
                f"{indicator.aggregation.value}); savings price avoided events",
                field="indicator",
            )
    if data.per_event <= 0:
        raise ValidationError("units per avoided event must be more than 0", field="per_event")
    return {
        "name": name,
        "amount_cents": cents,
        "source": data.source.strip(),
        "indicator_id": data.indicator_id,
        "per_event_milli": value_milli(data.per_event, "per_event", "units per event"),
        "notes": data.notes.strip() or None,
    }


def _snapshot(cost: UnitCost) -> dict[str, Any]:
    return {
        "name": cost.name,
        "amount": from_cents(cost.amount_cents),
        "source": cost.source,
        "indicator_id": cost.indicator_id,
        "per_event": Decimal(cost.per_event_milli) / VALUE_SCALE,
        "notes": cost.notes,
    }


def create_unit_cost(session: Session, data: UnitCostInput) -> int:
    cost = UnitCost(**_columns(session, data, None))
    session.add(cost)
    session.flush()
    assert cost.id is not None
    audit.record(
        session,
        ChangeKind.UNIT_COST,
        cost.id,
        AuditAction.CREATE,
        summary=cost.name,
        changes=audit.diff({}, _snapshot(cost)),
    )
    return cost.id


def update_unit_cost(
    session: Session, cost_id: int, data: UnitCostInput, seen_row_version: int
) -> None:
    cost = session.get(UnitCost, cost_id)
    if cost is None:
        raise NotFoundError(f"unit cost #{cost_id} was deleted by someone else")
    with audit.tracking(
        session,
        cost,
        ChangeKind.UNIT_COST,
        summary=lambda: cost.name,
        seen_version=seen_row_version,
        what=f"the unit cost “{cost.name}”",
        snapshot=_snapshot,
    ):
        for column, value in _columns(session, data, cost_id).items():
            setattr(cost, column, value)
    session.flush()


def delete_unit_cost(session: Session, cost_id: int) -> None:
    cost = session.get(UnitCost, cost_id)
    if cost is None:
        raise NotFoundError(f"unit cost #{cost_id} was already deleted")
    snapshot = _snapshot(cost)
    session.delete(cost)
    audit.record(
        session,
        ChangeKind.UNIT_COST,
        cost_id,
        AuditAction.DELETE,
        summary=snapshot["name"],
        changes={key: (value, None) for key, value in snapshot.items()},
    )
    session.flush()
