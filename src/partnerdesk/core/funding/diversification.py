"""How diversified the funding is in one fiscal year: the mix by source kind and by source,
the Herfindahl-Hirschman index, the largest source, warnings, and the committee's target.

Shares are computed from exact cents. Percentages are shown with two decimals and rounded
by the largest-remainder method, so the shares of a mix always add up to exactly 100 %.
The HHI is the sum of the squared percentage shares of the *sources* (0-10,000; 10,000
means a single source), computed from the exact fractions and then rounded to 0.1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from sqlmodel import Session

from partnerdesk.core.funding.totals import (
    fiscal_start_month,
    source_infos,
    year_totals,
)
from partnerdesk.core.models import GRANT_KINDS, FundingSourceKind
from partnerdesk.core.platform.dates import fiscal_year_of
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.money import from_cents
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.settings import get_setting, set_setting

Basis = Literal["actual", "budget"]

TARGET_MIX_KEY = "funding_target_mix"
SINGLE_SOURCE_LIMIT_KEY = "funding_single_source_limit_pct"
GRANT_SHARE_LIMIT_KEY = "funding_grant_share_limit_pct"

# The committee's default target: the 40 / 35 / 25 split of city, health-care partners and
# foundations that keeps any one funder from carrying the program alone.
DEFAULT_TARGET_MIX: dict[FundingSourceKind, Decimal] = {
    FundingSourceKind.MUNICIPAL_BUDGET: Decimal("40"),
    FundingSourceKind.HEALTHCARE_PARTNERSHIP: Decimal("35"),
    FundingSourceKind.COMMUNITY_FOUNDATION: Decimal("25"),
}
DEFAULT_SINGLE_SOURCE_LIMIT = Decimal("50")
DEFAULT_GRANT_SHARE_LIMIT = Decimal("30")
HUNDRED = Decimal("100")


# --------------------------------------------------------------------------- policy (settings)


@dataclass(frozen=True)
class MixPolicy:
    """What the committee set: the target mix and the two warning thresholds (percent)."""

    target_mix: dict[FundingSourceKind, Decimal] = field(
        default_factory=lambda: dict(DEFAULT_TARGET_MIX)
    )
    single_source_limit_pct: Decimal = DEFAULT_SINGLE_SOURCE_LIMIT
    grant_share_limit_pct: Decimal = DEFAULT_GRANT_SHARE_LIMIT


def _percent_setting(session: Session, key: str, default: Decimal) -> Decimal:
    text = get_setting(session, key)
    if not text:
        return default
    try:
        return Decimal(text)
    except ArithmeticError:
        return default


def load_policy(session: Session) -> MixPolicy:
    raw = get_setting(session, TARGET_MIX_KEY)
    target = dict(DEFAULT_TARGET_MIX)
    if raw:
        try:
            target = {FundingSourceKind(k): Decimal(str(v)) for k, v in json.loads(raw).items()}
        except (ValueError, ArithmeticError, AttributeError):
            target = dict(DEFAULT_TARGET_MIX)  # a damaged setting must not break the summary
    return MixPolicy(
        target,
        _percent_setting(session, SINGLE_SOURCE_LIMIT_KEY, DEFAULT_SINGLE_SOURCE_LIMIT),
        _percent_setting(session, GRANT_SHARE_LIMIT_KEY, DEFAULT_GRANT_SHARE_LIMIT),
    )


def validate_policy(policy: MixPolicy) -> None:
    for kind, share in policy.target_mix.items():
        if not 0 <= share <= 100:
            raise ValidationError(
                f"the target for {kind.label} must be 0 to 100 %, not {share}", "target_mix"
            )
    total = sum(policy.target_mix.values(), Decimal(0))
    if policy.target_mix and total != HUNDRED:
        raise ValidationError(
            f"the target mix adds up to {total} %, it must add up to 100 %", field="target_mix"
        )
    for name, value in (
        ("single_source_limit_pct", policy.single_source_limit_pct),
        ("grant_share_limit_pct", policy.grant_share_limit_pct),
    ):
        if not 0 < value <= 100:
            raise ValidationError("a warning threshold must be above 0 and at most 100 %", name)


def save_policy(session: Session, policy: MixPolicy) -> None:
    from partnerdesk.core.models import AuditAction
    from partnerdesk.core.platform import audit

    validate_policy(policy)
    before = load_policy(session)
    mix_json = json.dumps(
        {kind.value: format(share, "f") for kind, share in policy.target_mix.items() if share}
    )
    set_setting(session, TARGET_MIX_KEY, mix_json)
    set_setting(session, SINGLE_SOURCE_LIMIT_KEY, format(policy.single_source_limit_pct, "f"))
    set_setting(session, GRANT_SHARE_LIMIT_KEY, format(policy.grant_share_limit_pct, "f"))
    audit.record(
        session,
        ChangeKind.SETTING,
        None,
        AuditAction.UPDATE,
        summary="funding targets and warning thresholds",
        changes=audit.diff(
            {
                "target_mix": _mix_text(before.target_mix),
                "single_source_limit_pct": before.single_source_limit_pct,
                "grant_share_limit_pct": before.grant_share_limit_pct,
            },
            {
                "target_mix": _mix_text(policy.target_mix),
                "single_source_limit_pct": policy.single_source_limit_pct,
                "grant_share_limit_pct": policy.grant_share_limit_pct,
            },
        ),
    )


def _mix_text(mix: dict[FundingSourceKind, Decimal]) -> str:
    return ", ".join(f"{kind.label} {share} %" for kind, share in mix.items() if share)


# --------------------------------------------------------------------------- exact shares


def largest_remainder_shares(amounts: list[int], places: int = 2) -> list[Decimal]:
    """Percent shares of positive integer amounts, rounded so that they add up to 100
    exactly (the largest remainders get the spare units). Non-positive amounts get 0."""
    positive = [max(a, 0) for a in amounts]
    total = sum(positive)
    if total == 0:
        return [Decimal(0).quantize(Decimal(1).scaleb(-places)) for _ in amounts]
    units = 100 * 10**places
    quotients_remainders = [divmod(a * units, total) for a in positive]
    missing = units - sum(q for q, _ in quotients_remainders)
    order = sorted(range(len(amounts)), key=lambda i: -quotients_remainders[i][1])
    bonus = set(order[:missing])
    return [
        Decimal(q + (1 if i in bonus else 0)).scaleb(-places)
        for i, (q, _r) in enumerate(quotients_remainders)
    ]


def hhi(amounts: list[int]) -> Decimal:
    """Herfindahl-Hirschman index of positive amounts on the 0-10,000 scale."""
    positive = [a for a in amounts if a > 0]
    total = sum(positive)
    if total == 0:
        return Decimal("0.0")
    exact = Decimal(10_000 * sum(a * a for a in positive)) / Decimal(total * total)
    return exact.quantize(Decimal("0.1"))


def hhi_label(value: Decimal) -> str:
    """The usual reading of the index (the antitrust bands, applied to funders)."""
    if value >= 2500:
        return "highly concentrated"
    if value >= 1500:
        return "moderately concentrated"
    return "diversified"


# --------------------------------------------------------------------------- the mix


@dataclass(frozen=True)
class SourceShare:
    source_id: int
    name: str
    kind: FundingSourceKind
    amount: Decimal
    share_pct: Decimal


@dataclass(frozen=True)
class KindShare:
    kind: FundingSourceKind
    amount: Decimal
    share_pct: Decimal
    target_pct: Decimal | None

    @property
    def difference_pts(self) -> Decimal | None:
        """Share minus target, in percentage points (None when no target was set)."""
        return None if self.target_pct is None else self.share_pct - self.target_pct


@dataclass(frozen=True)
class MixSummary:
    fiscal_year: int
    basis: Basis
    total: Decimal
    budget_total: Decimal
    actual_total: Decimal
    entries: int
    by_kind: list[KindShare]
    by_source: list[SourceShare]
    hhi: Decimal
    largest: SourceShare | None
    grant_share_pct: Decimal
    warnings: list[str]
    policy: MixPolicy

    @property
    def concentration(self) -> str:
        return hhi_label(self.hhi)


def current_fiscal_year(session: Session, today: date) -> int:
    return fiscal_year_of(today, fiscal_start_month(session))


def funding_mix(
    session: Session,
    fiscal_year: int,
    *,
    basis: Basis = "actual",
    policy: MixPolicy | None = None,
) -> MixSummary:
    """The mix of one fiscal year. ``actual`` counts received money and adjustments;
    ``budget`` counts budgeted/committed amounts (useful for a year not yet under way)."""
    policy = policy or load_policy(session)
    infos = source_infos(session)
    totals = year_totals(session, fiscal_year)
    cents_by_source = totals.actual_cents if basis == "actual" else totals.budget_cents
    source_ids = sorted(cents_by_source, key=lambda i: (-cents_by_source[i], infos[i].name))
    amounts = [cents_by_source[i] for i in source_ids]
    shares = largest_remainder_shares(amounts)
    by_source = [
        SourceShare(i, infos[i].name, infos[i].kind, from_cents(cents), share)
        for i, cents, share in zip(source_ids, amounts, shares, strict=True)
    ]

    kind_cents: dict[FundingSourceKind, int] = {}
    for source_id, cents in cents_by_source.items():
        if cents > 0:
            kind = infos[source_id].kind
            kind_cents[kind] = kind_cents.get(kind, 0) + cents
    kinds = [k for k in FundingSourceKind if k in kind_cents or k in policy.target_mix]
    kind_shares = largest_remainder_shares([kind_cents.get(k, 0) for k in kinds])
    by_kind = [
        KindShare(kind, from_cents(kind_cents.get(kind, 0)), share, policy.target_mix.get(kind))
        for kind, share in zip(kinds, kind_shares, strict=True)
    ]

    positive_total = sum(a for a in amounts if a > 0)
    grant_cents = sum(kind_cents.get(k, 0) for k in GRANT_KINDS)
    # The grant share is the sum of the grant kinds' shown shares, so the two always agree.
    grant_share = sum((k.share_pct for k in by_kind if k.kind in GRANT_KINDS), Decimal("0.00"))
    largest = by_source[0] if by_source and amounts[0] > 0 else None
    warnings = _warnings(
        fiscal_year, basis, policy, by_source, amounts, positive_total, grant_cents, grant_share
    )
    return MixSummary(
        fiscal_year=fiscal_year,
        basis=basis,
        total=from_cents(sum(amounts)),
        budget_total=from_cents(sum(totals.budget_cents.values())),
        actual_total=from_cents(sum(totals.actual_cents.values())),
        entries=totals.entries,
        by_kind=by_kind,
        by_source=by_source,
        hhi=hhi(amounts),
        largest=largest,
        grant_share_pct=grant_share,
        warnings=warnings,
        policy=policy,
    )


def _warnings(
    fiscal_year: int,
    basis: Basis,
    policy: MixPolicy,
    by_source: list[SourceShare],
    amounts: list[int],
    positive_total: int,
    grant_cents: int,
    grant_share: Decimal,
) -> list[str]:
    what = "received revenue" if basis == "actual" else "budgeted revenue"
    if positive_total == 0:
        return [f"No {what} is recorded for FY{fiscal_year}."]
    warnings: list[str] = []
    # Compared on exact cents: 50.004 % must warn although it shows as 50.00 %.
    for share, cents in zip(by_source, amounts, strict=True):
        if cents * 100 > policy.single_source_limit_pct * positive_total:
            warnings.append(
                f'"{share.name}" provides {share.share_pct} % of FY{fiscal_year} {what}, '
                f"more than {policy.single_source_limit_pct} % from a single source."
            )
    if grant_cents * 100 > policy.grant_share_limit_pct * positive_total:
        warnings.append(
            f"Time-limited state and federal grants provide {grant_share} % of "
            f"FY{fiscal_year} {what}, more than the {policy.grant_share_limit_pct} % the "
            "committee set."
        )
    for share, cents in zip(by_source, amounts, strict=True):
        if cents < 0:
            warnings.append(
                f'"{share.name}" has a net negative {what} of {share.amount} in '
                f"FY{fiscal_year}: check its adjustments."
            )
    return warnings
