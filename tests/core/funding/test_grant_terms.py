"""A grant's match: the requirement, what counts towards it (marked entries, named sources,
each entry once, inside the grant period and up to today), exact Decimal arithmetic, the
warning when the match falls behind the grant's spending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from partnerdesk.core.funding import sources
from partnerdesk.core.funding.grant_terms import (
    TermsInput,
    get_terms,
    match_grant_choices,
    match_statuses,
    save_terms,
)
from partnerdesk.core.funding.ledger import EntryInput, create_entry, get_entry
from partnerdesk.core.funding.sources import SourceInput
from partnerdesk.core.models import FundingSourceKind, LedgerEntryType
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY  # 2026-11-27
RECEIVED, BUDGETED, ADJUSTMENT = (
    LedgerEntryType.RECEIVED,
    LedgerEntryType.BUDGETED,
    LedgerEntryType.ADJUSTMENT,
)


@dataclass
class Program:
    grant: int
    other_grant: int
    city: int
    foundation: int


def _source(session: Session, name: str, kind: FundingSourceKind, **extra: object) -> int:
    data = SourceInput(name=name, kind=kind)
    for key, value in extra.items():
        setattr(data, key, value)
    return sources.create_source(session, data)


def _entry(
    session: Session, source: int, day: date, kind: LedgerEntryType, amount: str,
    match_for: int | None = None,
) -> int:  # fmt: skip
    return create_entry(
        session, EntryInput(day, source, kind, Decimal(amount), match_for_source_id=match_for)
    )


def _program(database: Database) -> Program:
    with database.transaction() as session:
        grant = _source(
            session, "Federal grant", FundingSourceKind.FEDERAL_GRANT,
            grant_start=date(2025, 7, 1), grant_end=date(2028, 6, 30),
        )  # fmt: skip
        other = _source(
            session, "State grant", FundingSourceKind.STATE_GRANT,
            grant_start=date(2026, 1, 1), grant_end=date(2026, 12, 31),
        )  # fmt: skip
        city = _source(session, "City", FundingSourceKind.MUNICIPAL_BUDGET)
        foundation = _source(session, "Foundation", FundingSourceKind.COMMUNITY_FOUNDATION)
        # The grant's own money: what it paid inside its period, up to today, counts.
        _entry(session, grant, date(2025, 6, 30), RECEIVED, "10000.00")  # before the grant
        _entry(session, grant, date(2025, 8, 15), RECEIVED, "100000.00")
        _entry(session, grant, date(2026, 2, 15), RECEIVED, "33333.33")
        _entry(session, grant, date(2026, 3, 1), ADJUSTMENT, "-1000.00")
        _entry(session, grant, date(2027, 1, 15), RECEIVED, "50000.00")  # after today
        _entry(session, grant, date(2025, 7, 1), BUDGETED, "300000.00")
        _entry(session, grant, date(2026, 7, 1), BUDGETED, "300000.00")
        _entry(session, grant, date(2028, 7, 1), BUDGETED, "300000.00")  # after the grant
        # The match: the city's money (named below) and entries marked for the grant.
        _entry(session, city, date(2025, 9, 1), RECEIVED, "20000.00")
        _entry(session, city, date(2026, 1, 10), RECEIVED, "5000.00")
        _entry(session, city, date(2026, 2, 1), RECEIVED, "7000.00", match_for=other)
        _entry(session, city, date(2026, 4, 1), RECEIVED, "1000.00", match_for=grant)
        _entry(session, city, date(2026, 5, 1), BUDGETED, "50000.00")
        _entry(session, city, date(2027, 2, 1), RECEIVED, "3000.00")  # after today
        _entry(session, foundation, date(2026, 3, 1), RECEIVED, "4000.00", match_for=grant)
        _entry(session, foundation, date(2026, 3, 2), RECEIVED, "900.00")  # not match
    return Program(grant, other, city, foundation)


def test_a_share_of_the_grants_spending_against_what_counts_as_match(database: Database) -> None:
    program = _program(database)
    with database.transaction() as session:
        save_terms(
            session, program.grant,
            TermsInput(match_share_pct=Decimal(25), match_source_ids=[program.city]),
        )  # fmt: skip
    with database.session() as session:
        [status] = match_statuses(session, TODAY)
    assert status.grant_spent == Decimal("132333.33")  # 100,000 + 33,333.33 - 1,000
    assert status.grant_budget == Decimal("600000.00")
    assert status.required == Decimal("33083.33")  # 25 % of it, to the cent
    # City 20,000 + 5,000 (named), + 1,000 city and 4,000 foundation marked for the grant;
    # not the 7,000 marked for the state grant, the budget line, nor what comes after today.
    assert status.met == Decimal("30000.00")
    assert status.match_sources == ("City",) and status.marked_entries == 2
    assert status.behind and status.shortfall == Decimal("3083.33")
    assert status.warning() == (
        "The local match of Federal grant is behind its spending: $30,000.00 met of "
        "$33,083.33 required so far ($3,083.33 short)"
    )
    assert "25 % of the grant's money" in status.describe()


def test_an_entry_marked_for_the_grant_and_from_a_named_source_counts_once(
    database: Database,
) -> None:
    program = _program(database)
    with database.transaction() as session:
        save_terms(
            session, program.grant,
            TermsInput(
                match_share_pct=Decimal(10), match_source_ids=[program.city, program.foundation]
            ),
        )  # fmt: skip
    with database.session() as session:
        [status] = match_statuses(session, TODAY)
    # City 25,000 + 1,000 marked; foundation 4,000 marked + 900 named: 30,900.
    assert status.met == Decimal("30900.00")
    assert not status.behind and status.required == Decimal("13233.33")


def test_share_arithmetic_is_exact_and_rounds_half_to_even(database: Database) -> None:
    with database.transaction() as session:
        grant = _source(
            session, "Tiny grant", FundingSourceKind.STATE_GRANT,
            grant_start=date(2026, 1, 1), grant_end=date(2026, 12, 31),
        )  # fmt: skip
        _entry(session, grant, date(2026, 2, 1), RECEIVED, "0.10")
        _entry(session, grant, date(2026, 3, 1), RECEIVED, "0.20")
        save_terms(session, grant, TermsInput(match_share_pct=Decimal("8.35")))
    with database.session() as session:
        [status] = match_statuses(session, TODAY)
    # 0.30 x 8.35 % = 0.02505 exactly -> 0.03; in binary floating point 0.1 + 0.2 is
    # 0.30000000000000004 and the cents could come out differently.
    assert status.grant_spent == Decimal("0.30")
    assert status.required == Decimal("0.03")
    with database.transaction() as session:
        save_terms(
            session, grant, TermsInput(match_share_pct=Decimal(15)),
            get_terms(session, grant).row_version,
        )  # fmt: skip
    with database.session() as session:
        # 0.30 x 15 % = 0.045, half-way: to the even cent, 0.04 (as the projections round).
        assert match_statuses(session, TODAY)[0].required == Decimal("0.04")


def test_a_fixed_amount_follows_the_budget_spent_or_the_time_elapsed(database: Database) -> None:
    program = _program(database)
    with database.transaction() as session:
        save_terms(session, program.grant, TermsInput(match_amount=Decimal("90000")))
        save_terms(session, program.other_grant, TermsInput(match_amount=Decimal("36500")))
    with database.session() as session:
        federal, state = match_statuses(session, TODAY)
    # 90,000 x 132,333.33 / 600,000 = 19,849.9995 -> 19,850.00
    assert federal.required == Decimal("19850.00")
    assert federal.met == Decimal("5000.00")  # the two marked entries; nothing named
    # No budget: 331 of the 365 days of 2026 have passed on 27 November.
    assert state.required == Decimal("33100.00")
    assert state.met == Decimal("7000.00")
    assert state.notes and "spread over the period by day" in state.notes[0]
    assert federal.requirement == "$90,000.00 over the grant"


@pytest.mark.parametrize(
    ("terms", "field", "message"),
    [
        (TermsInput(Decimal(25), Decimal(1000)), "match", "not both"),
        (TermsInput(match_share_pct=Decimal(0)), "match", "above 0"),
        (TermsInput(match_share_pct=Decimal("12.345")), "match", "two decimals"),
        (TermsInput(match_amount=Decimal("-5")), "match", "above zero"),
        (TermsInput(match_amount=Decimal("1.001")), "match", "two decimal"),
        (TermsInput(reminder_days=(400,)), "reminder_days", "0 to 366"),
    ],
)
def test_terms_that_cannot_be_right_are_refused(
    database: Database, terms: TermsInput, field: str, message: str
) -> None:
    with database.transaction() as session:
        grant = _source(session, "Grant", FundingSourceKind.STATE_GRANT)
        with pytest.raises(ValidationError, match=message) as caught:
            save_terms(session, grant, terms)
        assert caught.value.field == field
        with pytest.raises(ValidationError, match="own money"):
            save_terms(session, grant, TermsInput(match_source_ids=[grant]))


def test_terms_are_audited_and_offered_to_the_ledger_editor(database: Database) -> None:
    program = _program(database)
    with database.transaction() as session:
        terms_id = save_terms(
            session, program.grant,
            TermsInput(match_share_pct=Decimal(25), reminder_days=(30, 7)),
        )  # fmt: skip
    with database.transaction() as session:
        detail = get_terms(session, program.grant)
        assert detail.values.reminder_days == (30, 7)
        detail.values.match_source_ids = [program.city]
        save_terms(session, program.grant, detail.values, detail.row_version)
    with database.session() as session:
        events = audit.history(session, ChangeKind.GRANT_TERMS, terms_id)
        assert next(e.new_value for e in events if e.field == "match_sources") == "City"
        assert match_grant_choices(session) == [(program.grant, "Federal grant")]


def test_deleting_a_source_clears_what_points_at_it(database: Database) -> None:
    program = _program(database)
    with database.transaction() as session:
        spare = _source(session, "Spare match", FundingSourceKind.DONATION)
        pledge = _source(session, "Pledged grant", FundingSourceKind.STATE_GRANT)
        save_terms(
            session, program.grant,
            TermsInput(match_share_pct=Decimal(25), match_source_ids=[program.city, spare]),
        )  # fmt: skip
        save_terms(session, pledge, TermsInput(match_amount=Decimal(1000)))
        marked = _entry(
            session, program.city, date(2026, 6, 1), RECEIVED, "10.00", match_for=pledge
        )
    with database.transaction() as session:
        sources.delete_source(session, spare)
        sources.delete_source(session, pledge)
    with database.session() as session:
        assert get_terms(session, program.grant).values.match_source_ids == [program.city]
        assert get_entry(session, marked).values.match_for_source_id is None
        assert [s.source for s in match_statuses(session, TODAY)] == ["Federal grant"]
