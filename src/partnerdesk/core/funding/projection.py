"""Revenue and cost for the next N fiscal years, the surplus or gap, and the funding cliff.

Every projected figure is ``base x growth x weight`` for one source and one year, and the
result keeps each of those factors (:class:`ProjectionLine`) next to the base-year ledger
totals and the assumptions, so nothing in a projection is a hidden number.

Rules (also stated in the README):

- The **base year** is the last complete fiscal year before today (or the one the scenario
  names). A source's base amount is its actual revenue that year (received + adjustments;
  or its budget when the scenario says ``basis: budget``). When a grant period covered only
  part of the base year, the base is annualised: amount / covered fraction of the year.
- **Growth** compounds from the base year: year *k* after the base gets ``(1 + g)^k``.
- **Grant end dates, pro rata by day**: in a year in which a grant ends, the covered share
  of the year is (days of the fiscal year up to and including the end date) / (days in the
  fiscal year). Nothing of a grant is counted after its end date, except by renewal:
  ``as scheduled`` weights a year by its covered share; ``expected`` adds the uncovered
  share times the renewal probability; ``all renewed`` counts every year in full.
- **Costs**: a fiscal year with program cost lines uses them as entered; a year without
  them takes the latest earlier year that has them, inflated at the scenario's rate per
  year in between.
- Amounts are exact Decimals until the very end, then rounded to the cent (half-even) per
  source and year; totals are sums of those rounded amounts.
- The **funding cliff** is the first projected year whose revenue falls by more than the
  set percentage against the year before, or whose revenue does not cover its cost. The
  sources whose amounts fall that year are named as responsible.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.funding.ledger import (
    SourceInfo,
    costs_by_year,
    fiscal_start_month,
    source_infos,
    year_totals,
)
from partnerdesk.core.models import (
    AuditAction,
    CostCategory,
    FundingSourceKind,
    ProjectionScenario,
    utc_now,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.errors import ConflictError, NotFoundError, ValidationError
from partnerdesk.core.platform.money import CENT, format_money, from_cents
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.settings import get_setting, set_setting

Rule = Literal["as_scheduled", "expected", "all_renewed"]
RULES: dict[str, str] = {
    "as_scheduled": "grants end on their end date",
    "expected": "after its end a grant is weighted by its renewal probability",
    "all_renewed": "every grant is renewed",
}
# Built-in scenario name -> rule. User scenarios cannot take these names.
BUILT_IN: dict[str, Rule] = {
    "as scheduled": "as_scheduled",
    "expected": "expected",
    "all renewed": "all_renewed",
}
DEFAULT_SCENARIO = "expected"
DEFAULT_YEARS = 3
MAX_YEARS = 15
COST_INFLATION_KEY = "funding_cost_inflation_pct"
CLIFF_DROP_KEY = "funding_cliff_drop_pct"
DEFAULT_COST_INFLATION = Decimal("3")
DEFAULT_CLIFF_DROP = Decimal("10")


# --------------------------------------------------------------------------- assumptions


@dataclass(frozen=True)
class SourceOverride:
    """A scenario's changes to one source (None keeps the source's own value)."""

    annual_growth_pct: Decimal | None = None
    renewal_probability_pct: int | None = None
    grant_end: date | None = None


@dataclass(frozen=True)
class Assumptions:
    rule: Rule = "expected"
    years: int = DEFAULT_YEARS
    base_year: int | None = None  # None: the last complete fiscal year
    basis: Literal["actual", "budget"] = "actual"
    cost_inflation_pct: Decimal = DEFAULT_COST_INFLATION
    cliff_drop_pct: Decimal = DEFAULT_CLIFF_DROP
    # Keyed by source name, so a scenario still reads right in an exported workbook.
    overrides: dict[str, SourceOverride] = field(default_factory=dict)

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "rule": self.rule,
            "years": self.years,
            "base_year": self.base_year,
            "basis": self.basis,
            "cost_inflation_pct": format(self.cost_inflation_pct, "f"),
            "cliff_drop_pct": format(self.cliff_drop_pct, "f"),
            "overrides": {
                name: {
                    key: (format(v, "f") if isinstance(v, Decimal) else v)
                    if not isinstance(v, date)
                    else v.isoformat()
                    for key, v in asdict(override).items()
                    if v is not None
                }
                for name, override in sorted(self.overrides.items())
            },
        }
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Assumptions:
        try:
            data = json.loads(text or "{}")
            overrides = {
                name: SourceOverride(
                    annual_growth_pct=_opt_decimal(raw.get("annual_growth_pct")),
                    renewal_probability_pct=(
                        None
                        if raw.get("renewal_probability_pct") is None
                        else int(raw["renewal_probability_pct"])
                    ),
                    grant_end=(
                        None if not raw.get("grant_end") else date.fromisoformat(raw["grant_end"])
                    ),
                )
                for name, raw in (data.get("overrides") or {}).items()
            }
            return cls(
                rule=data.get("rule", "expected"),
                years=int(data.get("years", DEFAULT_YEARS)),
                base_year=None if data.get("base_year") is None else int(data["base_year"]),
                basis=data.get("basis", "actual"),
                cost_inflation_pct=Decimal(str(data.get("cost_inflation_pct", "3"))),
                cliff_drop_pct=Decimal(str(data.get("cliff_drop_pct", "10"))),
                overrides=overrides,
            )
        except (ValueError, TypeError, AttributeError, ArithmeticError) as exc:
            raise ValidationError(f"the saved scenario cannot be read ({exc})") from None


def _opt_decimal(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def validate_assumptions(assumptions: Assumptions) -> None:
    if assumptions.rule not in RULES:
        raise ValidationError(
            f"{assumptions.rule!r} is not a projection rule; use one of {', '.join(RULES)}",
            field="rule",
        )
    if not 1 <= assumptions.years <= MAX_YEARS:
        raise ValidationError(
            f"project 1 to {MAX_YEARS} years, not {assumptions.years}", field="years"
        )
    if assumptions.basis not in ("actual", "budget"):
        raise ValidationError("the basis must be 'actual' or 'budget'", field="basis")
    if not Decimal(-50) <= assumptions.cost_inflation_pct <= Decimal(100):
        raise ValidationError(
            f"a cost inflation of {assumptions.cost_inflation_pct} % a year is not plausible",
            field="cost_inflation_pct",
        )
    if not Decimal(0) < assumptions.cliff_drop_pct <= Decimal(100):
        raise ValidationError(
            "the revenue drop that flags a cliff must be above 0 and at most 100 %",
            field="cliff_drop_pct",
        )
    for name, override in assumptions.overrides.items():
        p = override.renewal_probability_pct
        if p is not None and not 0 <= p <= 100:
            raise ValidationError(f'renewal probability for "{name}" must be 0 to 100 %')
        g = override.annual_growth_pct
        if g is not None and not Decimal(-100) < g <= Decimal(1000):
            raise ValidationError(f'growth for "{name}" must be above -100 % a year')


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
        scenario = ProjectionScenario(name=clean, assumptions_json=text)
        session.add(scenario)
        session.flush()
        assert scenario.id is not None
        audit.record(
            session,
            ChangeKind.SCENARIO,
            scenario.id,
            AuditAction.CREATE,
            summary=clean,
            changes={"assumptions": (None, text)},
        )
        return scenario.id
    stored = session.get(ProjectionScenario, scenario_id)
    if stored is None:
        raise NotFoundError(f'scenario "{clean}" was deleted by someone else')
    scenario = stored
    if seen_version is not None and scenario.row_version != seen_version:
        raise ConflictError(
            f'scenario "{scenario.name}" was changed by someone else since you opened it'
        )
    changes = audit.diff(
        {"name": scenario.name, "assumptions": scenario.assumptions_json},
        {"name": clean, "assumptions": text},
    )
    if changes:
        scenario.name = clean
        scenario.assumptions_json = text
        scenario.updated_at = utc_now()
        session.add(scenario)
        audit.record(session, ChangeKind.SCENARIO, scenario_id, AuditAction.UPDATE, clean, changes)
    return scenario_id


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
    session.delete(scenario)


# --------------------------------------------------------------------------- the projection


@dataclass(frozen=True)
class SourceBase:
    """Where a source's projection starts: the base-year ledger total, and why it was
    annualised (or not)."""

    source_id: int
    name: str
    kind: FundingSourceKind
    base_year_amount: Decimal
    base_year_coverage: Decimal  # share of the base year inside the grant period
    annual_base: Decimal
    growth_pct: Decimal
    renewal_probability_pct: int
    grant_end: date | None


@dataclass(frozen=True)
class ProjectionLine:
    """One source in one projected year: amount = annual_base x growth_factor x weight."""

    fiscal_year: int
    source_id: int
    source: str
    kind: FundingSourceKind
    annual_base: Decimal
    growth_factor: Decimal
    covered_days: int  # days of the fiscal year inside the grant period
    year_days: int
    weight: Decimal
    amount: Decimal
    note: str


@dataclass(frozen=True)
class YearProjection:
    fiscal_year: int
    revenue_by_kind: dict[FundingSourceKind, Decimal]
    revenue_by_source: dict[str, Decimal]
    revenue: Decimal
    cost: Decimal
    cost_note: str

    @property
    def balance(self) -> Decimal:
        """Revenue minus cost: positive is a surplus, negative a gap."""
        return self.revenue - self.cost

    @property
    def gap(self) -> Decimal:
        """The shortfall (0 when revenue covers the cost)."""
        return max(self.cost - self.revenue, Decimal("0.00"))


@dataclass(frozen=True)
class CliffSource:
    name: str
    kind: FundingSourceKind
    change: Decimal
    reason: str


@dataclass(frozen=True)
class Cliff:
    fiscal_year: int
    revenue_change: Decimal
    revenue_change_pct: Decimal | None
    gap: Decimal
    reason: str
    sources: list[CliffSource]


@dataclass(frozen=True)
class Projection:
    scenario: str
    assumptions: Assumptions
    base_year: int
    base_revenue: Decimal
    base_cost: Decimal
    bases: list[SourceBase]
    lines: list[ProjectionLine]
    years: list[YearProjection]
    cliff: Cliff | None
    notes: list[str]

    @property
    def kinds(self) -> list[FundingSourceKind]:
        present = {kind for year in self.years for kind in year.revenue_by_kind}
        return [kind for kind in FundingSourceKind if kind in present]


def last_complete_fiscal_year(session: Session, today: date) -> int:
    return fiscal_year_of(today, fiscal_start_month(session)) - 1


def _days_inside(first: date, last: date, start: date | None, end: date | None) -> int:
    low = max(first, start) if start else first
    high = min(last, end) if end else last
    return max((high - low).days + 1, 0)


def project(
    session: Session,
    today: date,
    scenario: str | Assumptions = DEFAULT_SCENARIO,
    *,
    years: int | None = None,
) -> Projection:
    """Project by scenario name (built-in or saved) or by explicit assumptions."""
    if isinstance(scenario, str):
        found = get_scenario(session, scenario)
        name, assumptions = found.name, found.assumptions
    else:
        name, assumptions = "custom", scenario
    if years is not None:
        assumptions = replace(assumptions, years=years)
    validate_assumptions(assumptions)
    return _project(session, today, name, assumptions)


def _project(session: Session, today: date, name: str, assumptions: Assumptions) -> Projection:
    import pandas as pd

    start_month = fiscal_start_month(session)
    base_year = assumptions.base_year or fiscal_year_of(today, start_month) - 1
    infos = source_infos(session)
    totals = year_totals(session, base_year)
    base_cents = totals.actual_cents if assumptions.basis == "actual" else totals.budget_cents
    base_first, base_last = fiscal_year_bounds(base_year, start_month)
    notes: list[str] = []
    unknown = sorted(set(assumptions.overrides) - {i.name for i in infos.values()})
    if unknown:
        notes.append(
            "Overrides for sources that no longer exist were ignored: " + ", ".join(unknown)
        )

    bases: list[SourceBase] = []
    records: list[dict[str, Any]] = []
    lines: list[ProjectionLine] = []
    for source_id in sorted(base_cents, key=lambda i: infos[i].name):
        info = infos[source_id]
        base = _source_base(info, assumptions, base_cents[source_id], base_first, base_last)
        bases.append(base)
        for offset in range(1, assumptions.years + 1):
            line = _line(base, info, assumptions.rule, base_year + offset, offset, start_month)
            lines.append(line)
            records.append(
                {
                    "fiscal_year": line.fiscal_year,
                    "kind": line.kind.value,
                    "source": line.source,
                    "cents": int(line.amount * 100),
                }
            )
    if not bases:
        notes.append(
            f"No {'received' if assumptions.basis == 'actual' else 'budgeted'} revenue is "
            f"recorded for the base year FY{base_year}; every projected revenue is zero."
        )

    projected_years = [base_year + k for k in range(1, assumptions.years + 1)]
    frame = pd.DataFrame.from_records(records, columns=["fiscal_year", "kind", "source", "cents"])
    by_kind = frame.pivot_table(
        index="fiscal_year", columns="kind", values="cents", aggfunc="sum", fill_value=0
    ).reindex(projected_years, fill_value=0)
    by_source = frame.pivot_table(
        index="fiscal_year", columns="source", values="cents", aggfunc="sum", fill_value=0
    ).reindex(projected_years, fill_value=0)

    cost_table = costs_by_year(session)
    cost_years = sorted(cost_table)
    year_rows: list[YearProjection] = []
    for year in projected_years:
        kinds = {
            FundingSourceKind(kind): from_cents(int(by_kind.at[year, kind]))
            for kind in by_kind.columns
        }
        sources = {
            str(source): from_cents(int(by_source.at[year, source])) for source in by_source.columns
        }
        cost, cost_note = _cost(cost_table, cost_years, year, assumptions.cost_inflation_pct)
        year_rows.append(
            YearProjection(
                fiscal_year=year,
                revenue_by_kind={k: kinds[k] for k in FundingSourceKind if k in kinds},
                revenue_by_source=sources,
                revenue=sum(kinds.values(), Decimal("0.00")),
                cost=cost,
                cost_note=cost_note,
            )
        )
    base_revenue = from_cents(sum(base_cents.values()))
    base_cost, _ = _cost(cost_table, cost_years, base_year, assumptions.cost_inflation_pct)
    cliff = _find_cliff(assumptions, base_revenue, year_rows, lines, bases)
    return Projection(
        scenario=name,
        assumptions=replace(assumptions, base_year=base_year),
        base_year=base_year,
        base_revenue=base_revenue,
        base_cost=base_cost,
        bases=bases,
        lines=lines,
        years=year_rows,
        cliff=cliff,
        notes=notes,
    )


def _source_base(
    info: SourceInfo, assumptions: Assumptions, cents: int, first: date, last: date
) -> SourceBase:
    override = assumptions.overrides.get(info.name, SourceOverride())
    growth = (
        override.annual_growth_pct
        if override.annual_growth_pct is not None
        else Decimal(info.annual_growth_bp) / 100
    )
    renewal = (
        override.renewal_probability_pct
        if override.renewal_probability_pct is not None
        else info.renewal_probability_pct
    )
    grant_end = override.grant_end or info.grant_end
    year_days = (last - first).days + 1
    covered = _days_inside(first, last, info.grant_start, grant_end)
    amount = from_cents(cents)
    # A grant that began (or ended) inside the base year brought in only part of a year's
    # money; its yearly rate is what it brought divided by the share of the year it ran.
    if 0 < covered < year_days:
        coverage = Decimal(covered) / Decimal(year_days)
        annual = amount * year_days / covered
    else:
        coverage = Decimal(1)
        annual = amount
    return SourceBase(
        info.id, info.name, info.kind, amount, coverage, annual, growth, renewal, grant_end
    )


def _line(
    base: SourceBase, info: SourceInfo, rule: Rule, year: int, offset: int, start_month: int
) -> ProjectionLine:
    first, last = fiscal_year_bounds(year, start_month)
    year_days = (last - first).days + 1
    # Only the end matters ahead: the base year already had the grant's money.
    covered = _days_inside(first, last, None, base.grant_end)
    coverage = Decimal(covered) / Decimal(year_days)
    if rule == "all_renewed" or base.grant_end is None:
        weight = Decimal(1)
    elif rule == "as_scheduled":
        weight = coverage
    else:
        weight = coverage + (1 - coverage) * Decimal(base.renewal_probability_pct) / 100
    growth_factor = (1 + base.growth_pct / 100) ** offset
    amount = (base.annual_base * growth_factor * weight).quantize(CENT, rounding=ROUND_HALF_EVEN)
    note = ""
    if base.grant_end is not None and covered < year_days:
        if covered == 0:
            note = f"grant ended {base.grant_end.isoformat()}"
        else:
            note = f"grant ends {base.grant_end.isoformat()} ({covered}/{year_days} days)"
        if rule == "expected":
            note += f"; renewal {base.renewal_probability_pct} % likely"
        elif rule == "all_renewed":
            note += "; assumed renewed"
    return ProjectionLine(
        fiscal_year=year,
        source_id=info.id,
        source=info.name,
        kind=info.kind,
        annual_base=base.annual_base,
        growth_factor=growth_factor,
        covered_days=covered,
        year_days=year_days,
        weight=weight,
        amount=amount,
        note=note,
    )


def _cost(
    table: dict[int, dict[CostCategory, int]], years: list[int], year: int, inflation: Decimal
) -> tuple[Decimal, str]:
    if year in table:
        return from_cents(sum(table[year].values())), f"program costs entered for FY{year}"
    earlier = [y for y in years if y < year]
    if not earlier:
        return Decimal("0.00"), "no program costs entered for this or an earlier year"
    source_year = earlier[-1]
    factor = (1 + inflation / 100) ** (year - source_year)
    amount = (from_cents(sum(table[source_year].values())) * factor).quantize(
        CENT, rounding=ROUND_HALF_EVEN
    )
    return amount, f"FY{source_year} costs + {inflation} % a year for {year - source_year} year(s)"


def _find_cliff(
    assumptions: Assumptions,
    base_revenue: Decimal,
    years: list[YearProjection],
    lines: list[ProjectionLine],
    bases: list[SourceBase],
) -> Cliff | None:
    by_year_source: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for line in lines:
        by_year_source[(line.fiscal_year, line.source)] += line.amount
    base_by_source = {b.name: b.base_year_amount for b in bases}
    kind_of = {b.name: b.kind for b in bases}
    previous_revenue = base_revenue
    for index, year in enumerate(years):
        change = year.revenue - previous_revenue
        drop_limit = previous_revenue * assumptions.cliff_drop_pct / 100
        dropped = previous_revenue > 0 and -change > drop_limit
        gap = year.revenue < year.cost
        if dropped or gap:
            responsible: list[CliffSource] = []
            for name, kind in kind_of.items():
                before = (
                    base_by_source[name]
                    if index == 0
                    else by_year_source[(years[index - 1].fiscal_year, name)]
                )
                after = by_year_source[(year.fiscal_year, name)]
                if after < before:
                    line = next(
                        ln
                        for ln in lines
                        if ln.fiscal_year == year.fiscal_year and ln.source == name
                    )
                    responsible.append(
                        CliffSource(name, kind, after - before, line.note or "negative growth")
                    )
            responsible.sort(key=lambda s: s.change)
            pct = (
                (change * 100 / previous_revenue).quantize(Decimal("0.1"))
                if previous_revenue
                else None
            )
            reasons = []
            if dropped:
                reasons.append(
                    f"revenue falls by {format_money(-change)} "
                    f"({-pct if pct is not None else '?'} %), more "
                    f"than {assumptions.cliff_drop_pct} %"
                )
            if gap:
                reasons.append(f"revenue falls short of the cost by {format_money(year.gap)}")
                if not responsible:
                    reasons.append("costs grow faster than revenue")
            return Cliff(
                fiscal_year=year.fiscal_year,
                revenue_change=change,
                revenue_change_pct=pct,
                gap=year.gap,
                reason="; ".join(reasons),
                sources=responsible,
            )
        previous_revenue = year.revenue
    return None
