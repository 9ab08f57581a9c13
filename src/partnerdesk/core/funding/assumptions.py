"""What a projection assumes: the renewal rule, the years, the base, the rates and the
per-source overrides of a scenario; how a saved scenario stores them (JSON), and which
values are allowed. Pure values: nothing here reads the database.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from partnerdesk.core.platform.dates import check_fiscal_year
from partnerdesk.core.platform.errors import ValidationError

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
DEFAULT_YEARS = 3
MAX_YEARS = 15
DEFAULT_COST_INFLATION = Decimal("3")
DEFAULT_CLIFF_DROP = Decimal("10")


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
    if assumptions.base_year is not None:
        check_fiscal_year(assumptions.base_year, "base_year")
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
