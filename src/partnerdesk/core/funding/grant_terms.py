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
from typing import Any

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
    Obligation,
    ObligationRule,
)
from partnerdesk.core.mou.reviews import as_date
from partnerdesk.core.mou.rules import (
    DEFAULT_REMINDER_DAYS,
    format_reminder_days,
    parse_reminder_days,
    reminder_days_problem,
)
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.money import CENT, format_money, from_cents, positive_amount_cents
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
        cents = positive_amount_cents(data.match_amount, "a match amount", field="match")
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


def _inside(grant: Any, day: Any, until: date | None = None) -> sa.ColumnElement[bool]:
    """Dated inside the grant period of ``grant`` (an open end is no limit), and not
    after ``until`` when given."""
    return sa.and_(
        sa.or_(col(grant.grant_start).is_(None), day >= col(grant.grant_start)),
        sa.or_(col(grant.grant_end).is_(None), day <= col(grant.grant_end)),
        sa.true() if until is None else day <= until,
    )


@dataclass(frozen=True)
class _Sums:
    """Cents per grant: its own spending and budget, its marked match, its named match."""

    spent: dict[int, int]
    budget: dict[int, int]
    marked: dict[int, int]
    marked_entries: dict[int, int]
    named: dict[int, int]


def _match_sums(session: Session, grant_ids: list[int], today: date) -> _Sums:
    """Every figure of the match in three queries that read each ledger line they need
    once (summing per grant read a source named as match for twelve grants twelve times,
    a second on a 200,000-line ledger)."""
    grant = sa.orm.aliased(FundingSource)
    day, cents = col(LedgerEntry.entry_date), col(LedgerEntry.amount_cents)
    budgeted = col(LedgerEntry.entry_type) == LedgerEntryType.BUDGETED

    def total(condition: sa.ColumnElement[bool]) -> Any:
        return sa.func.sum(sa.case((condition, cents), else_=0))

    own: dict[int, tuple[int, int]] = {
        int(source_id): (int(spent or 0), int(budget or 0))
        for source_id, spent, budget in session.execute(
            sa.select(
                col(LedgerEntry.funding_source_id),
                total(sa.and_(~budgeted, _inside(grant, day, today))),
                total(sa.and_(budgeted, _inside(grant, day))),
            )
            .join(grant, col(grant.id) == col(LedgerEntry.funding_source_id))
            .where(col(LedgerEntry.funding_source_id).in_(grant_ids))
            .group_by(col(LedgerEntry.funding_source_id))
        )
    }
    marked: dict[int, tuple[int, int]] = {
        int(source_id): (int(met or 0), int(entries))
        for source_id, met, entries in session.execute(
            sa.select(
                col(LedgerEntry.match_for_source_id),
                total(sa.and_(~budgeted, _inside(grant, day, today))),
                sa.func.count(),
            )
            .join(grant, col(grant.id) == col(LedgerEntry.match_for_source_id))
            .where(col(LedgerEntry.match_for_source_id).in_(grant_ids))
            .group_by(col(LedgerEntry.match_for_source_id))
        )
    }
    # A source named as match for several grants: its lines once, per day, then each
    # grant's window in Python. An entry marked for a grant counted above, not here.
    links = list(
        session.execute(
            sa.select(
                col(GrantMatchSource.grant_source_id), col(GrantMatchSource.match_source_id)
            ).where(col(GrantMatchSource.grant_source_id).in_(grant_ids))
        )
    )
    per_day: dict[int, list[tuple[date, int]]] = {}
    if links:
        for source_id, when, amount in session.execute(
            sa.select(col(LedgerEntry.funding_source_id), day, sa.func.sum(cents))
            .where(
                col(LedgerEntry.funding_source_id).in_(sorted({m for _g, m in links})),
                col(LedgerEntry.match_for_source_id).is_(None),
                ~budgeted,
                day <= today,
            )
            .group_by(col(LedgerEntry.funding_source_id), day)
        ):
            per_day.setdefault(int(source_id), []).append((as_date(when), int(amount)))
    windows = {
        int(g.id): (g.grant_start or date.min, min(g.grant_end or date.max, today))
        for g in session.exec(select(FundingSource).where(col(FundingSource.id).in_(grant_ids)))
        if g.id is not None
    }
    named: dict[int, int] = {}
    for grant_id, match_id in links:
        first, last = windows[int(grant_id)]
        named[int(grant_id)] = named.get(int(grant_id), 0) + sum(
            amount for when, amount in per_day.get(int(match_id), ()) if first <= when <= last
        )
    return _Sums(
        spent={k: v[0] for k, v in own.items()},
        budget={k: v[1] for k, v in own.items()},
        marked={k: v[0] for k, v in marked.items()},
        marked_entries={k: v[1] for k, v in marked.items()},
        named=named,
    )


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
    match_names: dict[int, list[str]] = {}
    for grant_id, name in session.execute(
        sa.select(col(GrantMatchSource.grant_source_id), col(FundingSource.name))
        .join(FundingSource, col(FundingSource.id) == col(GrantMatchSource.match_source_id))
        .where(col(GrantMatchSource.grant_source_id).in_(ids))
        .order_by(col(FundingSource.name))
    ):
        match_names.setdefault(int(grant_id), []).append(str(name))
    sums = _match_sums(session, ids, today)
    statuses: list[MatchStatus] = []
    for source, share_bp, match_cents in grants:
        assert source.id is not None
        spent_amount = from_cents(sums.spent.get(source.id, 0))
        budget_amount = from_cents(sums.budget.get(source.id, 0))
        met_cents = sums.marked.get(source.id, 0) + sums.named.get(source.id, 0)
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
                marked_entries=sums.marked_entries.get(source.id, 0),
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


def keep_grant_setup(deletion: trash.Deletion, source_id: int) -> None:
    """Copy into ``deletion`` what :func:`forget_grant_setup` is about to remove or clear,
    children before parents: undoing the source's deletion brings all of it back."""
    rules = sa.select(col(ObligationRule.id)).where(
        col(ObligationRule.funding_source_id) == source_id
    )
    deletion.keep_where(Obligation, col(Obligation.rule_id).in_(rules))
    deletion.keep_where(ObligationRule, col(ObligationRule.funding_source_id) == source_id)
    deletion.keep_where(
        GrantMatchSource,
        sa.or_(
            col(GrantMatchSource.grant_source_id) == source_id,
            col(GrantMatchSource.match_source_id) == source_id,
        ),
    )
    deletion.keep_where(GrantTerms, col(GrantTerms.funding_source_id) == source_id)
    counted_as_match_by = sa.select(col(GrantMatchSource.grant_source_id)).where(
        col(GrantMatchSource.match_source_id) == source_id
    )
    deletion.touch_on_restore(
        GrantTerms, col(GrantTerms.funding_source_id).in_(counted_as_match_by)
    )
    deletion.keep_references(LedgerEntry, "match_for_source_id", source_id)
    deletion.keep_references(FundingProspect, "funding_source_id", source_id)


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
