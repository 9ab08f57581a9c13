"""Projections as the program runs them: the built-in scenarios with the committee's
stored rates, the scenarios it saved, and :func:`project`, which reads the base-year
ledger totals, the sources and the costs and hands them to the projection engine
(:mod:`.projection`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.funding.assumptions import (
    BUILT_IN,
    DEFAULT_CLIFF_DROP,
    DEFAULT_COST_INFLATION,
    RULES,
    Assumptions,
    Rule,
    validate_assumptions,
)
from partnerdesk.core.funding.pipeline import prospect_infos
from partnerdesk.core.funding.projection import Projection, compute_projection
from partnerdesk.core.funding.totals import (
    costs_by_year,
    fiscal_start_month,
    source_infos,
    year_totals,
)
from partnerdesk.core.models import AuditAction, ProjectionScenario
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.dates import fiscal_year_of
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.settings import get_setting, set_setting

DEFAULT_SCENARIO = "expected"
COST_INFLATION_KEY = "funding_cost_inflation_pct"
CLIFF_DROP_KEY = "funding_cliff_drop_pct"

# --------------------------------------------------------------------------- default rates


def default_assumptions(session: Session, rule: Rule = "expected") -> Assumptions:
    """The built-in scenario for ``rule`` with the committee's stored rates."""
    return Assumptions(
        rule=rule,
        cost_inflation_pct=_setting_decimal(session, COST_INFLATION_KEY, DEFAULT_COST_INFLATION),
        cliff_drop_pct=_setting_decimal(session, CLIFF_DROP_KEY, DEFAULT_CLIFF_DROP),
    )


def _setting_decimal(session: Session, key: str, default: Decimal) -> Decimal:
    text = get_setting(session, key)
    try:
        return Decimal(text) if text else default
    except ArithmeticError:
        return default


def save_default_rates(
    session: Session, cost_inflation_pct: Decimal, cliff_drop_pct: Decimal
) -> None:
    """Store the rates the built-in scenarios use (the assumptions editor's 'defaults')."""
    validate_assumptions(
        Assumptions(cost_inflation_pct=cost_inflation_pct, cliff_drop_pct=cliff_drop_pct)
    )
    before = (
        _setting_decimal(session, COST_INFLATION_KEY, DEFAULT_COST_INFLATION),
        _setting_decimal(session, CLIFF_DROP_KEY, DEFAULT_CLIFF_DROP),
    )
    set_setting(session, COST_INFLATION_KEY, format(cost_inflation_pct, "f"))
    set_setting(session, CLIFF_DROP_KEY, format(cliff_drop_pct, "f"))
    audit.record(
        session,
        ChangeKind.SETTING,
        None,
        AuditAction.UPDATE,
        summary="projection default rates",
        changes={
            "cost_inflation_pct": (before[0], cost_inflation_pct),
            "cliff_drop_pct": (before[1], cliff_drop_pct),
        },
    )


# --------------------------------------------------------------------------- saved scenarios


@dataclass(frozen=True)
class ScenarioRow:
    id: int | None  # None for the built-in ones
    name: str
    assumptions: Assumptions
    row_version: int = 0

    @property
    def built_in(self) -> bool:
        return self.id is None


def list_scenarios(session: Session) -> list[ScenarioRow]:
    rows = [
        ScenarioRow(None, name, default_assumptions(session, rule))
        for name, rule in BUILT_IN.items()
    ]
    for saved in session.exec(select(ProjectionScenario).order_by(col(ProjectionScenario.name))):
        try:
            assumptions = Assumptions.from_json(saved.assumptions_json)
        except ValidationError:
            continue  # unreadable: not offered, but left in place for a newer version
        rows.append(ScenarioRow(saved.id, saved.name, assumptions, saved.row_version))
    return rows


def get_scenario(session: Session, name: str) -> ScenarioRow:
    wanted = name.strip().casefold()
    for row in list_scenarios(session):
        if row.name.casefold() == wanted or (
            row.built_in and BUILT_IN[row.name].replace("_", " ") == wanted.replace("_", " ")
        ):
            return row
    names = ", ".join(f'"{r.name}"' for r in list_scenarios(session))
    raise NotFoundError(f'there is no scenario named "{name}"; the scenarios are {names}')


def save_scenario(
    session: Session,
    name: str,
    assumptions: Assumptions,
    *,
    scenario_id: int | None = None,
    seen_version: int | None = None,
) -> int:
    """Create (no ``scenario_id``) or update a user scenario."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("a scenario needs a name", field="name")
    if clean.casefold() in BUILT_IN or clean.casefold().replace(" ", "_") in RULES:
        raise ValidationError(f'"{clean}" is a built-in scenario; choose another name', "name")
    validate_assumptions(assumptions)
    clash = session.exec(
        select(ProjectionScenario.id).where(sa.func.lower(ProjectionScenario.name) == clean.lower())
    ).first()
    if clash is not None and clash != scenario_id:
        raise ValidationError(f'there is already a scenario named "{clean}"', field="name")
    text = assumptions.to_json()
    if scenario_id is None:
        created = ProjectionScenario(name=clean, assumptions_json=text)
        session.add(created)
        session.flush()
        assert created.id is not None
        audit.record(
            session,
            ChangeKind.SCENARIO,
            created.id,
            AuditAction.CREATE,
            summary=clean,
            changes={"assumptions": (None, text)},
        )
        return created.id
    scenario = session.get(ProjectionScenario, scenario_id)
    if scenario is None:
        raise NotFoundError(f'scenario "{clean}" was deleted by someone else')
    with audit.tracking(
        session,
        scenario,
        ChangeKind.SCENARIO,
        summary=clean,
        seen_version=seen_version,
        what=f'scenario "{scenario.name}"',
        snapshot=_scenario_snapshot,
    ):
        scenario.name = clean
        scenario.assumptions_json = text
    return scenario_id


def _scenario_snapshot(scenario: ProjectionScenario) -> dict[str, str]:
    """What the audit log names: the assumptions as one field (their JSON text)."""
    return {"name": scenario.name, "assumptions": scenario.assumptions_json}


def delete_scenario(session: Session, scenario_id: int) -> None:
    scenario = session.get(ProjectionScenario, scenario_id)
    if scenario is None:
        raise NotFoundError("the scenario was already deleted")
    audit.record(
        session,
        ChangeKind.SCENARIO,
        scenario_id,
        AuditAction.DELETE,
        summary=scenario.name,
        changes={"assumptions": (scenario.assumptions_json, None)},
    )
    label = f"scenario “{scenario.name}”"
    with trash.deleting(session, ChangeKind.SCENARIO, scenario_id, label) as deletion:
        deletion.delete(scenario)


# --------------------------------------------------------------------------- projecting


def last_complete_fiscal_year(session: Session, today: date) -> int:
    return fiscal_year_of(today, fiscal_start_month(session)) - 1


def project(
    session: Session,
    today: date,
    scenario: str | Assumptions = DEFAULT_SCENARIO,
    *,
    years: int | None = None,
    pipeline: bool = True,
) -> Projection:
    """Project by scenario name (built-in or saved) or by explicit assumptions; with
    ``pipeline`` (the default) the prospects count as the scenario's rule says."""
    if isinstance(scenario, str):
        found = get_scenario(session, scenario)
        name, assumptions = found.name, found.assumptions
    else:
        name, assumptions = "custom", scenario
    if years is not None:
        assumptions = replace(assumptions, years=years)
    validate_assumptions(assumptions)
    start_month = fiscal_start_month(session)
    base_year = assumptions.base_year or fiscal_year_of(today, start_month) - 1
    totals = year_totals(session, base_year)
    return compute_projection(
        name,
        assumptions,
        base_year=base_year,
        start_month=start_month,
        infos=source_infos(session),
        base_cents=totals.actual_cents if assumptions.basis == "actual" else totals.budget_cents,
        cost_table=costs_by_year(session),
        prospects=prospect_infos(session) if pipeline else (),
    )
