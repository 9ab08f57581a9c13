"""What an MOU still lacks: the required subjects, backed funding, signatories, granted tiers."""

from __future__ import annotations

from sqlmodel import select

from partnerdesk.core.models import (
    ClauseCategory,
    FundingSourceMou,
    MouIndicator,
    MouParty,
    SharingTier,
)
from partnerdesk.core.mou.completeness import check_completeness
from partnerdesk.core.mou.composition import (
    CompositionEntry,
    composable_clauses,
    get_composition,
    save_composition,
)
from partnerdesk.core.platform.db import Database

CO, MOBILE, PLAN = 1, 2, 4


def _codes(database: Database, mou_id: int) -> list[str]:
    with database.session() as session:
        return [gap.code for gap in check_completeness(session, mou_id)]


def _compose(database: Database, mou_id: int, titles: list[str]) -> None:
    with database.transaction() as session:
        library = {c.title: c for c in composable_clauses(session)}
        entries = [CompositionEntry(library[t].clause_version_id) for t in titles]
        parties = session.exec(select(MouParty).where(MouParty.mou_id == mou_id)).all()
        tiers = {p.id or 0: SharingTier.BASIC for p in parties}
        save_composition(
            session, mou_id, entries, tiers, get_composition(session, mou_id).row_version
        )


REQUIRED = [
    "Mobile crisis team: clinicians respond first",
    "Basic tier: identity and immediate risk",
    "Each party is responsible for its own staff",
    "Diversified funding plan",
    "Evaluation at 6, 12 and 24 months",
]


def test_demo_co_responder_mou_is_complete_and_the_others_are_not(demo_database: Database) -> None:
    with demo_database.session() as session:
        assert check_completeness(session, CO) == []
        mobile = [g.message for g in check_completeness(session, MOBILE)]
        plan = [g.code for g in check_completeness(session, PLAN)]
    assert "No funding arrangement clause" in mobile
    assert any("full tier" in m for m in mobile)
    assert {f"missing:{c.value}" for c in ClauseCategory if c.value in (
        "response_protocol", "information_sharing", "liability", "funding_arrangement",
        "evaluation_metrics")} <= set(plan)  # fmt: skip


def test_each_gap_closes_as_the_drafter_fixes_it(demo_database: Database) -> None:
    # The claims addendum: no clauses, two parties without a tier.
    assert len(_codes(demo_database, PLAN)) >= 7
    _compose(demo_database, PLAN, REQUIRED)
    codes = _codes(demo_database, PLAN)
    # Every party has a tier now, every category is covered; the funding clause is not
    # backed by a source linked in the ledger.
    assert "funding_not_backed" in codes
    assert not [c for c in codes if c.startswith(("missing", "party_without_tier"))]

    with demo_database.transaction() as session:
        session.add(FundingSourceMou(funding_source_id=1, mou_id=PLAN))
    codes = _codes(demo_database, PLAN)
    # The evaluation clause must name the indicators the parties report on.
    assert [c for c in codes if not c.startswith("party_without_signatory")] == [
        "evaluation_without_indicators"
    ]

    with demo_database.transaction() as session:
        session.add(MouIndicator(mou_id=PLAN, indicator_id=1))
    codes = _codes(demo_database, PLAN)
    assert [c for c in codes if not c.startswith("party_without_signatory")] == []

    with demo_database.transaction() as session:
        for party in session.exec(select(MouParty).where(MouParty.mou_id == PLAN)):
            party.signatory_contact_id = 1
            session.add(party)
    assert _codes(demo_database, PLAN) == []


def test_a_party_tier_above_what_the_clauses_grant_is_a_gap(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        composition = get_composition(session, CO)
        entries = [CompositionEntry(c.clause_version_id) for c in composition.clauses]
        police = composition.parties[0]
        save_composition(
            session, CO, entries, {police.party_id: SharingTier.FULL}, composition.row_version
        )
        gaps = check_completeness(session, CO)
    assert [g.message for g in gaps] == [
        "Riverton Police Department shares at the full tier, but no information-sharing "
        "clause in this MOU grants that tier"
    ]


def test_each_gap_says_where_it_is_fixed() -> None:
    """Issue #15, defect 10: the funding gap is fixed in the Funding area, a missing
    signatory on the Parties tab, clauses and tiers with Compose clauses…"""
    from partnerdesk.core.mou.completeness import Gap, where_to_fix

    gaps = [
        Gap("funding_not_backed", "…", "funding"),
        Gap("party_without_signatory:1", "…", "parties"),
        Gap("missing:liability", "…"),
    ]
    assert where_to_fix(gaps) == [
        "Compose clauses… (the clauses, and each party's tier)",
        "the Parties tab of the MOU (Open…)",
        "the Funding area (edit a source and tick this MOU under Linked MOUs)",
    ]
    assert where_to_fix(gaps[:1]) == [gaps[0].where]
