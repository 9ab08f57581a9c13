"""A grant's terms besides its reports: the local match it requires and how early to be
reminded of its dates; and how much of the match is met so far.

**Match rules** (also in the README):

- the requirement is a share of the grant's own money (25 % = a quarter of what the
  grant has paid), or a fixed amount over the grant;
- the grant's *spending so far* is its received money and adjustments dated inside the
  grant period and up to today (a reimbursement grant pays what was spent);
- *required so far*: the share times that spending; for a fixed amount, the amount times
  the part of the grant's budget (its budgeted entries inside the grant period) spent so
  far, or, without a budget, the part of the grant period elapsed;
- *met so far*: the received money and adjustments, dated inside the grant period and up
  to today, of the entries marked as this grant's match (ledger editor, "Counts as match
  for") and of the sources named as its match. An entry marked for one grant counts for
  that grant only, and every entry counts once;
- the match is *behind* when met < required so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

import sqlalchemy as sa
import sqlalchemy.orm
from sqlmodel import Session, col, select

from partnerdesk.core.funding.obligations import delete_rule
from partnerdesk.core.models import (
    AuditAction,
    FundingProspect,
    FundingSource,
    GrantMatchSource,
    GrantTerms,
    LedgerEntry,
    LedgerEntryType,
    ObligationRule,
)
from partnerdesk.core.mou.reviews import as_date
from partnerdesk.core.mou.rules import (
    DEFAULT_REMINDER_DAYS,
    format_reminder_days,
    parse_reminder_days,
    reminder_days_problem,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.money import CENT, amount_cents, format_money, from_cents
from partnerdesk.core.platform.schema import ChangeKind

MAX_MATCH_SHARE_PCT = Decimal(500)  # a 5:1 match; more is a typing slip

# --------------------------------------------------------------------------- terms


@dataclass
class TermsInput:
    """A match share in percent (25 = 25 %) or a fixed amount, or neither."""

    match_share_pct: Decimal | None = None
    match_amount: Decimal | None = None
    match_source_ids: Sequence[int] = ()
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS


@dataclass(frozen=True)
class TermsDetail:
    source_id: int
    source: str
    terms_id: int | None  # None while the source has no terms of its own
    row_version: int | None
    values: TermsInput


def _match_source_ids(session: Session, source_id: int) -> list[int]:
    return sorted(
        session.exec(
            select(GrantMatchSource.match_source_id).where(
                GrantMatchSource.grant_source_id == source_id
            )
        )
    )


def get_terms(session: Session, source_id: int) -> TermsDetail:
    source = session.get(FundingSource, source_id)
    if source is None:
        raise NotFoundError(f"funding source #{source_id} does not exist")
    terms = session.exec(
        select(GrantTerms).where(GrantTerms.funding_source_id == source_id)
    ).first()
    values = TermsInput(match_source_ids=_match_source_ids(session, source_id))
    if terms is not None:
        values.match_share_pct = (
            None if terms.match_share_bp is None else Decimal(terms.match_share_bp) / 100
        )
        values.match_amount = (
            None if terms.match_amount_cents is None else from_cents(terms.match_amount_cents)
        )
        values.reminder_days = parse_reminder_days(terms.reminder_days)
    return TermsDetail(
        source_id,
        source.name,
        None if terms is None else terms.id,
        None if terms is None else terms.row_version,
        values,
    )


def _checked(session: Session, source_id: int, data: TermsInput) -> tuple[int | None, int | None]:
    if data.match_share_pct is not None and data.match_amount is not None:
        raise ValidationError("give the match as a share or as an amount, not both", "match")
    share_bp = None
    if data.match_share_pct is not None:
        bp = Decimal(data.match_share_pct) * 100
        if bp != bp.to_integral_value():
            raise ValidationError("give the match share with at most two decimals", "match")
        if not 0 < data.match_share_pct <= MAX_MATCH_SHARE_PCT:
            raise ValidationError(
                f"a match share is above 0 and at most {MAX_MATCH_SHARE_PCT} %, "
                f"not {data.match_share_pct} %",
                field="match",
            )
        share_bp = int(bp)
    cents = None
    if data.match_amount is not None:
        try:
            cents = amount_cents(data.match_amount)
        except ValidationError as exc:
            raise ValidationError(exc.message, field="match") from None
        if cents <= 0:
            raise ValidationError("a match amount is above zero", field="match")
    for match_id in data.match_source_ids:
        if match_id == source_id:
            raise ValidationError("a grant's own money cannot be its match", "match_sources")
        if session.get(FundingSource, match_id) is None:
            raise ValidationError(f"funding source #{match_id} does not exist", "match_sources")
    problem = reminder_days_problem(data.reminder_days)
    if problem:
        raise ValidationError(problem, field="reminder_days")
    return share_bp, cents


def _names(session: Session, source_ids: Sequence[int]) -> str:
    if not source_ids:
        return ""
    rows = session.execute(
        sa.select(col(FundingSource.name)).where(col(FundingSource.id).in_(list(source_ids)))
    )
    return "; ".join(sorted(str(name) for (name,) in rows))


def save_terms(
    session: Session, source_id: int, data: TermsInput, seen_version: int | None = None
) -> int:
    """Create or change the source's terms and its match sources; returns the terms id."""
    source = session.get(FundingSource, source_id)
    if source is None:
        raise NotFoundError(f"funding source #{source_id} was deleted by someone else")
    share_bp, cents = _checked(session, source_id, data)
    linked = _match_source_ids(session, source_id)
    terms = session.exec(
        select(GrantTerms).where(GrantTerms.funding_source_id == source_id)
    ).first()
    summary = f"grant terms of {source.name}"
    if terms is None:
        terms = GrantTerms(funding_source_id=source_id)
        session.add(terms)
        _set_match_sources(session, source_id, data.match_source_ids)
        _fill(terms, share_bp, cents, data.reminder_days)
        session.flush()
        audit.record(
            session,
            ChangeKind.GRANT_TERMS,
            terms.id,
            AuditAction.CREATE,
            summary,
            audit.diff(
                {},
                {
                    **audit.column_snapshot(terms),
                    "match_sources": _names(session, data.match_source_ids),
                },
            ),
        )
    else:
        with audit.tracking(
            session,
            terms,
            ChangeKind.GRANT_TERMS,
            summary=summary,
            seen_version=seen_version,
            what=f"the grant terms of {source.name}",
        ) as tracked:
            _set_match_sources(session, source_id, data.match_source_ids)
            _fill(terms, share_bp, cents, data.reminder_days)
            tracked.add(
                "match_sources", _names(session, linked), _names(session, data.match_source_ids)
            )
    session.flush()
    assert terms.id is not None
    return terms.id


def _fill(
    terms: GrantTerms, share_bp: int | None, cents: int | None, days: tuple[int, ...]
) -> None:
    terms.match_share_bp = share_bp
    terms.match_amount_cents = cents
    terms.reminder_days = format_reminder_days(days)


def _set_match_sources(session: Session, source_id: int, wanted_ids: Sequence[int]) -> None:
    wanted = set(wanted_ids)
    current = set(_match_source_ids(session, source_id))
    for match_id in current - wanted:
        link = session.get(GrantMatchSource, (source_id, match_id))
        if link is not None:
            session.delete(link)
    for match_id in wanted - current:
        session.add(GrantMatchSource(grant_source_id=source_id, match_source_id=match_id))


def match_grant_choices(session: Session) -> list[tuple[int, str]]:
    """The grants that require a match (what a ledger entry can count towards)."""
    statement = (
        sa.select(col(FundingSource.id), col(FundingSource.name))
        .join(GrantTerms, col(GrantTerms.funding_source_id) == col(FundingSource.id))
        .where(
            sa.or_(
                col(GrantTerms.match_share_bp).is_not(None),
                col(GrantTerms.match_amount_cents).is_not(None),
            )
        )
        .order_by(col(FundingSource.name))
    )
    return [(int(i), str(n)) for i, n in session.execute(statement)]


# --------------------------------------------------------------------------- the match so far


@dataclass(frozen=True)
class MatchStatus:
    source_id: int
    source: str
    share_pct: Decimal | None
    amount: Decimal | None
    grant_spent: Decimal  # received + adjustments inside the grant period, up to today
    grant_budget: Decimal  # budgeted entries inside the grant period
    required: Decimal  # so far
    met: Decimal  # so far
    match_sources: tuple[str, ...] = ()
    marked_entries: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def behind(self) -> bool:
        return self.met < self.required

    @property
    def shortfall(self) -> Decimal:
        return max(self.required - self.met, Decimal("0.00"))

    @property
    def requirement(self) -> str:
        if self.share_pct is not None:
            return f"{self.share_pct.normalize():f} % of the grant's money"
        assert self.amount is not None
        return f"{format_money(self.amount)} over the grant"

    def describe(self) -> str:
        state = (
            f"behind by {format_money(self.shortfall)}"
            if self.behind
            else ("on track" if self.required or self.met else "nothing due yet")
        )
        return (
            f"{self.source}: match {self.requirement}; {format_money(self.required)} required "
            f"so far, {format_money(self.met)} met — {state}"
        )

    def warning(self) -> str:
        return (
            f"The local match of {self.source} is behind its spending: "
            f"{format_money(self.met)} met of {format_money(self.required)} required so far "
            f"({format_money(self.shortfall)} short)"
        )


@dataclass(frozen=True, slots=True)
class _DaySum:
    """The money of one source on one day, by kind and match mark."""

    marked_for: int | None
    budgeted: bool
    day: date
    cents: int
    entries: int


def _day_sums(
    session: Session, source_ids: set[int], grant_ids: list[int]
) -> tuple[dict[int, list[_DaySum]], dict[int, list[_DaySum]]]:
    """Every ledger line of ``source_ids`` or marked for one of ``grant_ids``, read once
    and summed per source, mark, kind and day (by source, and by the grant marked for);
    each grant's windows are added up from these sums in Python. Summing per grant in SQL
    read the same lines once per grant, ten times slower on a 200,000-line ledger."""
    budgeted = col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED
    keys = (
        col(LedgerEntry.funding_source_id),
        col(LedgerEntry.match_for_source_id),
        budgeted,
        col(LedgerEntry.entry_date),
    )
    statement = (
        sa.select(*keys, sa.func.sum(LedgerEntry.amount_cents), sa.func.count())
        .where(
            sa.or_(
                col(LedgerEntry.funding_source_id).in_(sorted(source_ids)),
                col(LedgerEntry.match_for_source_id).in_(grant_ids),
            )
        )
        .group_by(*keys)
    )
    by_source: dict[int, list[_DaySum]] = {}
    by_mark: dict[int, list[_DaySum]] = {}
    for source_id, marked_for, is_budget, day, cents, entries in session.execute(statement):
        item = _DaySum(marked_for, bool(is_budget), as_date(day), int(cents), int(entries))
        by_source.setdefault(int(source_id), []).append(item)
        if marked_for is not None:
            by_mark.setdefault(int(marked_for), []).append(item)
    return by_source, by_mark


def match_statuses(
    session: Session, today: date, source_ids: Sequence[int] | None = None
) -> list[MatchStatus]:
    """The match of every grant that requires one (or of ``source_ids``), by name."""
    requirement = sa.or_(
        col(GrantTerms.match_share_bp).is_not(None), col(GrantTerms.match_amount_cents).is_not(None)
    )
    statement = (
        sa.select(FundingSource, col(GrantTerms.match_share_bp), col(GrantTerms.match_amount_cents))
        .join(GrantTerms, col(GrantTerms.funding_source_id) == col(FundingSource.id))
        .where(requirement)
        .order_by(col(FundingSource.name))
    )
    if source_ids is not None:
        statement = statement.where(col(FundingSource.id).in_(list(source_ids)))
    grants = list(session.execute(statement))
    if not grants:
        return []
    ids = [int(source.id) for source, _bp, _cents in grants]
    named: dict[int, list[int]] = {}
    match_names: dict[int, list[str]] = {}
    for grant_id, match_id, name in session.execute(
        sa.select(
            col(GrantMatchSource.grant_source_id),
            col(GrantMatchSource.match_source_id),
            col(FundingSource.name),
        )
        .join(FundingSource, col(FundingSource.id) == col(GrantMatchSource.match_source_id))
        .where(col(GrantMatchSource.grant_source_id).in_(ids))
        .order_by(col(FundingSource.name))
    ):
        named.setdefault(int(grant_id), []).append(int(match_id))
        match_names.setdefault(int(grant_id), []).append(str(name))
    by_source, by_mark = _day_sums(
        session, set(ids) | {m for ms in named.values() for m in ms}, ids
    )
    statuses: list[MatchStatus] = []
    for source, share_bp, match_cents in grants:
        assert source.id is not None
        first, last = source.grant_start or date.min, source.grant_end or date.max
        so_far = min(last, today)
        own = by_source.get(source.id, [])
        spent_amount = from_cents(
            sum(s.cents for s in own if not s.budgeted and first <= s.day <= so_far)
        )
        budget_amount = from_cents(
            sum(s.cents for s in own if s.budgeted and first <= s.day <= last)
        )
        marked = by_mark.get(source.id, [])
        met_cents = sum(
            s.cents for s in marked if not s.budgeted and first <= s.day <= so_far
        ) + sum(
            s.cents
            for match_id in named.get(source.id, ())
            for s in by_source.get(match_id, [])
            if s.marked_for is None and not s.budgeted and first <= s.day <= so_far
        )
        notes: list[str] = []
        if share_bp is not None:
            share = Decimal(share_bp) / 100
            required = spent_amount * share / 100
            fixed = None
        else:
            share, fixed = None, from_cents(match_cents)
            required = fixed * _part_spent(source, spent_amount, budget_amount, today, notes)
        statuses.append(
            MatchStatus(
                source_id=source.id,
                source=source.name,
                share_pct=share,
                amount=fixed,
                grant_spent=spent_amount,
                grant_budget=budget_amount,
                required=required.quantize(CENT, rounding=ROUND_HALF_EVEN),
                met=from_cents(met_cents),
                match_sources=tuple(match_names.get(source.id, ())),
                marked_entries=sum(s.entries for s in marked),
                notes=tuple(notes),
            )
        )
    return statuses


def _part_spent(
    source: FundingSource, spent: Decimal, budget: Decimal, today: date, notes: list[str]
) -> Decimal:
    """How much of a fixed match is due so far: the part of the grant's budget spent, or
    without a budget the part of the grant period elapsed, or without a period all of it."""
    if budget > 0:
        return min(spent / budget, Decimal(1))
    start, end = source.grant_start, source.grant_end
    if start is None or end is None:
        notes.append("no budget and no grant period: the whole match amount counts as due")
        return Decimal(1)
    notes.append("no budget in the grant period: the match is spread over the period by day")
    total = (end - start).days + 1
    elapsed = min(max((today - start).days + 1, 0), total)
    return Decimal(elapsed) / Decimal(total)


# --------------------------------------------------------------------------- removing a source


def forget_grant_setup(session: Session, source_id: int) -> None:
    """Before a funding source is deleted: its obligations (refused when one was already
    submitted), its terms and match links, the match marks other sources' entries carry
    for it, and the link of the prospect it was awarded from. Each change is audited."""
    for rule_id in list(
        session.exec(select(ObligationRule.id).where(ObligationRule.funding_source_id == source_id))
    ):
        assert rule_id is not None
        delete_rule(session, rule_id)
    for link in list(
        session.exec(select(GrantMatchSource).where(GrantMatchSource.match_source_id == source_id))
    ):
        detail = get_terms(session, link.grant_source_id)
        remaining = [i for i in detail.values.match_source_ids if i != source_id]
        detail.values.match_source_ids = remaining
        save_terms(session, link.grant_source_id, detail.values)
    terms = session.exec(
        select(GrantTerms).where(GrantTerms.funding_source_id == source_id)
    ).first()
    if terms is not None:
        _set_match_sources(session, source_id, ())
        audit.record(
            session,
            ChangeKind.GRANT_TERMS,
            terms.id,
            AuditAction.DELETE,
            "grant terms deleted with their source",
            {key: (value, None) for key, value in audit.column_snapshot(terms).items()},
        )
        session.delete(terms)
    for entry in list(
        session.exec(select(LedgerEntry).where(LedgerEntry.match_for_source_id == source_id))
    ):
        with audit.tracking(
            session, entry, ChangeKind.LEDGER_ENTRY, summary="match mark removed with its grant"
        ):
            entry.match_for_source_id = None
    for prospect in list(
        session.exec(select(FundingProspect).where(FundingProspect.funding_source_id == source_id))
    ):
        with audit.tracking(
            session, prospect, ChangeKind.PROSPECT, summary="its funding source was deleted"
        ):
            prospect.funding_source_id = None
    session.flush()
