"""The sheets of the sustainability workbook that the committee reads: the summary for the
meeting (totals, mix, warnings, the projection, the cliff, the scenarios side by side),
the projection line by line, the mix with budget vs actual, and the assumptions behind
it all. Written by :func:`partnerdesk.core.funding.workbook.export_workbook`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from partnerdesk.core.funding.assumptions import RULES
from partnerdesk.core.funding.diversification import MixSummary
from partnerdesk.core.funding.projection import Projection
from partnerdesk.core.funding.totals import BudgetVsActual
from partnerdesk.core.platform.db import current_os_user
from partnerdesk.core.platform.workbooks import SheetWriter


def summary_sheet(
    workbook: Any,
    program: str,
    today: date,
    mix: MixSummary,
    projection: Projection,
    entries: int,
    compared: Sequence[Projection],
    extra: Sequence[tuple[str, Any]] = (),
) -> None:
    sheet = SheetWriter(workbook, "Summary", [44, 22, 18, 18])
    sheet.title_row(f"{program or 'Crisis-response program'}: funding sustainability")
    sheet.append([f"Prepared {today.isoformat()} by {current_os_user()} with PartnerDesk"])
    sheet.append([])
    sheet.header(["Fiscal year " + f"FY{mix.fiscal_year}", "Value"], freeze=False)
    sheet.append(["Revenue received (incl. adjustments)", sheet.money(mix.actual_total)])
    sheet.append(["Budgeted / committed", sheet.money(mix.budget_total)])
    sheet.append(["Ledger entries this year", mix.entries])
    sheet.append(["Ledger entries, all years", entries])
    sheet.append(
        ["Herfindahl-Hirschman index (0-10,000)", sheet.cell(mix.hhi, "#,##0.0"), mix.concentration]
    )
    if mix.largest is not None:
        sheet.append(
            [
                f"Largest source: {mix.largest.name}",
                sheet.percent(mix.largest.share_pct),
            ]
        )
    sheet.append(["Share from state and federal grants", sheet.percent(mix.grant_share_pct)])
    sheet.append([])
    sheet.header(["Warnings"], freeze=False)
    for warning in mix.warnings or ["None: the mix is within the committee's limits."]:
        sheet.append([warning])
    sheet.append([])
    sheet.header(
        [f'Projection ("{projection.scenario}")', "Revenue", "Cost", "Surplus / gap"],
        freeze=False,
    )
    sheet.append(
        [
            f"FY{projection.base_year} (base year, actual)",
            sheet.money(projection.base_revenue),
            sheet.money(projection.base_cost),
            sheet.money(projection.base_revenue - projection.base_cost),
        ]
    )
    for year in projection.years:
        sheet.append(
            [
                f"FY{year.fiscal_year}",
                sheet.money(year.revenue),
                sheet.money(year.cost),
                sheet.money(year.balance),
            ]
        )
    sheet.append([])
    if projection.cliff is None:
        sheet.append(["Funding cliff: none within the projected years."])
    else:
        cliff = projection.cliff
        sheet.append([sheet.cell(f"Funding cliff: FY{cliff.fiscal_year}", bold=True)])
        sheet.append([cliff.reason])
        for source in cliff.sources:
            sheet.append([f"{source.name}: {source.reason}", sheet.money(source.change)])
    sheet.append([])
    sheet.header(
        ["Surplus / gap by scenario", *[f'"{p.scenario}"' for p in compared]], freeze=False
    )
    for index, year in enumerate(projection.years):
        sheet.append(
            [
                f"FY{year.fiscal_year}",
                *[
                    sheet.money(p.years[index].balance) if index < len(p.years) else None
                    for p in compared
                ],
            ]
        )
    sheet.append(
        [
            "Funding cliff",
            *[f"FY{p.cliff.fiscal_year}" if p.cliff else "none" for p in compared],
        ]
    )
    for label, value in extra:  # rows a layer above the funding adds (see export_workbook)
        if value is None:
            sheet.append([])
            sheet.header([label], freeze=False)
        else:
            sheet.append([label, sheet.money(value) if isinstance(value, Decimal) else value])


def projection_sheet(workbook: Any, projection: Projection) -> None:
    kinds = projection.kinds
    widths = [14] + [20] * len(kinds) + [18, 18, 18, 40]
    sheet = SheetWriter(workbook, "Projection", widths)
    sheet.header(
        ["Fiscal year", *[k.label for k in kinds], "Revenue", "Cost", "Surplus / gap", "Cost basis"]
    )
    for year in projection.years:
        sheet.append(
            [
                f"FY{year.fiscal_year}",
                *[sheet.money(year.revenue_by_kind.get(k, Decimal("0.00"))) for k in kinds],
                sheet.money(year.revenue, bold=True),
                sheet.money(year.cost),
                sheet.money(year.balance, bold=True),
                year.cost_note,
            ]
        )
    sheet.append([])
    sheet.header(
        [
            "Fiscal year",
            "Source",
            "Kind",
            "Annual base",
            "Growth factor",
            "Days covered",
            "Days in year",
            "Weight",
            "Amount",
            "Note",
        ],
        freeze=False,
    )
    for line in projection.lines:
        sheet.append(
            [
                f"FY{line.fiscal_year}",
                line.source,
                line.kind.label,
                sheet.money(line.annual_base.quantize(Decimal("0.01"))),
                sheet.cell(line.growth_factor, "0.000000"),
                line.covered_days,
                line.year_days,
                sheet.cell(line.weight.quantize(Decimal("0.000001")), "0.000000"),
                sheet.money(line.amount),
                line.note,
            ]
        )


def mix_sheet(workbook: Any, mix: MixSummary, comparison: Sequence[BudgetVsActual]) -> None:
    sheet = SheetWriter(workbook, "Mix", [32, 26, 18, 12, 12, 14])
    sheet.header(["Source kind", "", "Amount", "Share %", "Target %", "Difference (pts)"])
    for kind in mix.by_kind:
        sheet.append(
            [
                kind.kind.label,
                "",
                sheet.money(kind.amount),
                sheet.percent(kind.share_pct),
                sheet.percent(kind.target_pct),
                sheet.percent(kind.difference_pts),
            ]
        )
    sheet.append(
        [
            sheet.cell("Total", bold=True),
            "",
            sheet.money(sum((k.amount for k in mix.by_kind), Decimal("0.00")), bold=True),
            sheet.percent(sum((k.share_pct for k in mix.by_kind), Decimal("0.00"))),
        ]
    )
    sheet.append([])
    sheet.header(["Source", "Kind", "Amount", "Share %"], freeze=False)
    for source in mix.by_source:
        sheet.append(
            [
                source.name,
                source.kind.label,
                sheet.money(source.amount),
                sheet.percent(source.share_pct),
            ]
        )
    sheet.append([])
    sheet.append(
        [
            f"FY{mix.fiscal_year}, {mix.basis} revenue; HHI {mix.hhi} ({mix.concentration})",
        ]
    )
    sheet.append([])
    sheet.header(
        [f"Budget vs actual FY{mix.fiscal_year}", "Kind", "Budget", "Actual", "Variance",
         "% received"],
        freeze=False,
    )  # fmt: skip
    for line in comparison:
        sheet.append(
            [
                line.source,
                line.kind.label,
                sheet.money(line.budget),
                sheet.money(line.actual),
                sheet.money(line.variance),
                sheet.percent(line.percent_received),
            ]
        )
    budget = sum((line.budget for line in comparison), Decimal("0.00"))
    actual = sum((line.actual for line in comparison), Decimal("0.00"))
    sheet.append(
        [
            sheet.cell("Total", bold=True),
            "",
            sheet.money(budget, bold=True),
            sheet.money(actual, bold=True),
            sheet.money(actual - budget, bold=True),
        ]
    )


def assumptions_sheet(
    workbook: Any, projection: Projection, mix: MixSummary, start_month: int
) -> None:
    sheet = SheetWriter(workbook, "Assumptions", [40, 22, 16, 16, 16, 12, 14, 14])
    a = projection.assumptions
    sheet.header(["Assumption", "Value"])
    sheet.append(["Scenario", projection.scenario])
    sheet.append(["Rule", f"{a.rule.replace('_', ' ')}: {RULES[a.rule]}"])
    sheet.append(["Base year", f"FY{projection.base_year}"])
    sheet.append(["Base amounts", f"{a.basis} revenue of the base year"])
    sheet.append(["Years projected", a.years])
    sheet.append(["Fiscal year starts in month", start_month])
    sheet.append(["Cost inflation % a year", sheet.cell(a.cost_inflation_pct, "0.00")])
    sheet.append(["Cliff: revenue drop above %", sheet.cell(a.cliff_drop_pct, "0.00")])
    sheet.append(
        ["Warn when one source exceeds %", sheet.cell(mix.policy.single_source_limit_pct, "0.00")]
    )
    sheet.append(
        ["Warn when grants exceed %", sheet.cell(mix.policy.grant_share_limit_pct, "0.00")]
    )
    for kind, share in mix.policy.target_mix.items():
        sheet.append([f"Target share: {kind.label} %", sheet.cell(share, "0.00")])
    sheet.append(
        [
            "Grants ending mid-year",
            "counted pro rata by day up to and including the end date, never after it",
        ]
    )
    for note in projection.notes:
        sheet.append(["Note", note])
    sheet.append([])
    sheet.header(
        [
            "Source (base year)",
            "Kind",
            f"FY{projection.base_year} amount",
            "Share of year covered",
            "Annual base",
            "Growth %",
            "Renewal %",
            "Grant end",
        ],
        freeze=False,
    )
    for base in projection.bases:
        sheet.append(
            [
                base.name,
                base.kind.label,
                sheet.money(base.base_year_amount),
                sheet.cell(base.base_year_coverage.quantize(Decimal("0.000001")), "0.0000"),
                sheet.money(base.annual_base.quantize(Decimal("0.01"))),
                sheet.cell(base.growth_pct, "0.00"),
                base.renewal_probability_pct,
                sheet.day(base.grant_end),
            ]
        )
