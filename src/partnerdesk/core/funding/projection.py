"""Revenue and cost for the next N fiscal years, the surplus or gap, and the funding cliff:
the projection engine. It computes with exact Decimals from the base-year ledger totals,
the sources, the program costs and the assumptions it is given, and reads nothing itself
(:func:`partnerdesk.core.funding.scenarios.project` gathers them from the database).

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
- A source whose base-year net is **negative** (refunds or corrections larger than its
  receipts) is projected at zero in every scenario, with a note: a refund is not revenue
  that grows or is renewed. So every source and year keeps
  ``all renewed >= expected >= as scheduled >= 0``.
- **Costs**: a fiscal year with program cost lines uses them as entered; a year without
  them takes the latest earlier year that has them, inflated at the scenario's rate per
  year in between.
- Amounts are exact Decimals until the very end, then rounded to the cent (half-even) per
  source and year; totals are sums of those rounded amounts.
- **Pipeline**: a prospect still waiting for a decision counts from its start date, its
  request spread evenly by day over its period, times its probability, in ``expected``
  and ``all renewed`` (never in ``as scheduled``, which counts only money awarded). An
  awarded prospect counts in full while its new source has no revenue in the base year
  (afterwards the source's own line carries it).
- The **funding cliff** is the first projected year whose revenue falls by more than the
  set percentage against the year before, or whose revenue does not cover its cost. The
  sources whose amounts fall that year are named as responsible.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from partnerdesk.core.funding.assumptions import Assumptions, Rule, SourceOverride
from partnerdesk.core.funding.totals import SourceInfo
from partnerdesk.core.models import OPEN_STAGES, CostCategory, FundingSourceKind, ProspectStage
from partnerdesk.core.platform.dates import fiscal_year_bounds
from partnerdesk.core.platform.money import CENT, format_money, from_cents


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
class ProspectInfo:
    """A pipeline prospect as a projection weighs it (read by ``pipeline.prospect_infos``)."""

    id: int
    name: str
    kind: FundingSourceKind
    stage: ProspectStage
    amount: Decimal  # the whole request (or award), spread by day over start..end
    start: date
    end: date  # inclusive
    probability_pct: int
    source_id: int | None = None  # the source an awarded prospect became
    source_name: str | None = None


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
    prospect_id: int | None = None  # a line of the pipeline, not of a source


@dataclass(frozen=True)
class YearProjection:
    fiscal_year: int
    revenue_by_kind: dict[FundingSourceKind, Decimal]
    revenue_by_source: dict[str, Decimal]
    revenue: Decimal
    cost: Decimal
    cost_note: str
    pipeline: Decimal = Decimal("0.00")  # the part of ``revenue`` from prospects

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


def _days_inside(first: date, last: date, start: date | None, end: date | None) -> int:
    low = max(first, start) if start else first
    high = min(last, end) if end else last
    return max((high - low).days + 1, 0)


def compute_projection(
    name: str,
    assumptions: Assumptions,
    *,
    base_year: int,
    start_month: int,
    infos: Mapping[int, SourceInfo],
    base_cents: Mapping[int, int],
    cost_table: Mapping[int, Mapping[CostCategory, int]],
    prospects: Sequence[ProspectInfo] = (),
) -> Projection:
    """Project from the base year's cents per source (actual or budget, as the assumptions
    say), the program costs in cents per fiscal year and category, and the pipeline."""
    base_first, base_last = fiscal_year_bounds(base_year, start_month)
    notes: list[str] = []
    unknown = sorted(set(assumptions.overrides) - {i.name for i in infos.values()})
    if unknown:
        notes.append(
            "Overrides for sources that no longer exist were ignored: " + ", ".join(unknown)
        )

    bases: list[SourceBase] = []
    # Cents per (year, kind) and per (year, source): plain sums, no data frame needed
    # (pandas cost the dashboard over a second of imports for two small pivots).
    cents_by_kind: dict[tuple[int, FundingSourceKind], int] = defaultdict(int)
    cents_by_source: dict[tuple[int, str], int] = defaultdict(int)
    lines: list[ProjectionLine] = []
    for source_id in sorted(base_cents, key=lambda i: infos[i].name):
        info = infos[source_id]
        base = _source_base(info, assumptions, base_cents[source_id], base_first, base_last)
        bases.append(base)
        for offset in range(1, assumptions.years + 1):
            line = _line(base, info, assumptions.rule, base_year + offset, offset, start_month)
            lines.append(line)
            cents = int(line.amount * 100)
            cents_by_kind[line.fiscal_year, line.kind] += cents
            cents_by_source[line.fiscal_year, line.source] += cents
    pipeline_cents: dict[int, int] = defaultdict(int)
    for prospect in prospects:
        for offset in range(1, assumptions.years + 1):
            prospect_line = _prospect_line(
                prospect, assumptions.rule, base_year + offset, start_month, base_cents
            )
            if prospect_line is not None:
                lines.append(prospect_line)
                cents = int(prospect_line.amount * 100)
                cents_by_kind[prospect_line.fiscal_year, prospect_line.kind] += cents
                cents_by_source[prospect_line.fiscal_year, prospect_line.source] += cents
                pipeline_cents[prospect_line.fiscal_year] += cents
    for base in bases:
        if base.base_year_amount < 0:
            notes.append(
                f'"{base.name}" brought in {format_money(base.base_year_amount)} net in '
                f"FY{base_year} (refunds or corrections larger than its receipts); it is "
                "projected at $0.00, not as a loss that recurs"
            )
    if not bases:
        notes.append(
            f"No {'received' if assumptions.basis == 'actual' else 'budgeted'} revenue is "
            f"recorded for the base year FY{base_year}; every projected revenue is zero."
        )

    projected_years = [base_year + k for k in range(1, assumptions.years + 1)]
    # Every kind and source that appears in any year appears in every year (zero if none).
    kinds_present = {kind for _, kind in cents_by_kind}
    source_names = sorted({source for _, source in cents_by_source})

    cost_years = sorted(cost_table)
    year_rows: list[YearProjection] = []
    for year in projected_years:
        kinds = {kind: from_cents(cents_by_kind.get((year, kind), 0)) for kind in kinds_present}
        sources = {name: from_cents(cents_by_source.get((year, name), 0)) for name in source_names}
        cost, cost_note = _cost(cost_table, cost_years, year, assumptions.cost_inflation_pct)
        year_rows.append(
            YearProjection(
                fiscal_year=year,
                revenue_by_kind={k: kinds[k] for k in FundingSourceKind if k in kinds},
                revenue_by_source=sources,
                revenue=sum(kinds.values(), Decimal("0.00")),
                cost=cost,
                cost_note=cost_note,
                pipeline=from_cents(pipeline_cents.get(year, 0)),
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
    # A negative net (refunds or corrections beyond the receipts) is no stream of revenue to
    # grow or renew: projected at zero, which keeps all renewed >= expected >= as scheduled.
    annual = max(annual, Decimal(0))
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
    if base.base_year_amount < 0:
        note = "negative net in the base year: projected at zero"
    elif base.grant_end is not None and covered < year_days:
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


def _prospect_line(
    prospect: ProspectInfo,
    rule: Rule,
    year: int,
    start_month: int,
    base_cents: Mapping[int, int],
) -> ProjectionLine | None:
    """A prospect's money in one projected year, or None when it counts nothing there."""
    if prospect.stage in OPEN_STAGES:
        if rule == "as_scheduled":
            return None  # not awarded: "as scheduled" counts only money already won
        chance = Decimal(prospect.probability_pct) / 100
        label = f"{prospect.name} (pipeline)"
        note = f"pipeline, {prospect.stage.label.lower()}: {prospect.probability_pct} % likely"
    elif (
        prospect.stage is ProspectStage.AWARDED
        and prospect.source_id is not None
        and not base_cents.get(prospect.source_id)
    ):
        chance = Decimal(1)
        label = prospect.source_name or prospect.name
        note = "awarded; counted from the award until the base year has its revenue"
    else:
        return None
    first, last = fiscal_year_bounds(year, start_month)
    covered = _days_inside(first, last, prospect.start, prospect.end)
    if covered == 0:
        return None
    year_days = (last - first).days + 1
    period_days = (prospect.end - prospect.start).days + 1
    annual_base = prospect.amount * year_days / period_days
    weight = Decimal(covered) / Decimal(year_days) * chance
    return ProjectionLine(
        fiscal_year=year,
        source_id=prospect.source_id or 0,
        source=label,
        kind=prospect.kind,
        annual_base=annual_base,
        growth_factor=Decimal(1),
        covered_days=covered,
        year_days=year_days,
        weight=weight,
        amount=(annual_base * weight).quantize(CENT, rounding=ROUND_HALF_EVEN),
        note=f"{note}, from {prospect.start.isoformat()} to {prospect.end.isoformat()}",
        prospect_id=prospect.id,
    )


def _cost(
    table: Mapping[int, Mapping[CostCategory, int]], years: list[int], year: int, inflation: Decimal
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
