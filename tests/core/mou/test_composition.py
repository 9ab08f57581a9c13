"""Composing MOUs from the library and the completeness check."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.models import (
    AuditEvent,
    ClauseCategory,
    ClauseStatus,
    FundingSourceMou,
    MouParty,
    SharingTier,
)
from partnerdesk.core.mou.clauses import get_clause, list_clauses, set_clause_status
from partnerdesk.core.mou.completeness import check_completeness
from partnerdesk.core.mou.composition import (
    CompositionEntry,
    composable_clauses,
    get_composition,
    save_composition,
    update_to_current_versions,
)
from partnerdesk.core.mou.history import mou_history
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError

CO, MOBILE, HOSPITAL, PLAN = 1, 2, 3, 4


def _codes(database: Database, mou_id: int) -> list[str]:
    with database.session() as session:
        return [gap.code for gap in check_completeness(session, mou_id)]


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


def test_override_is_kept_for_this_mou_only_and_order_is_saved(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        composition = get_composition(session, CO)
        first, second, *rest = composition.clauses
        entries = [
            CompositionEntry(second.clause_version_id),
            CompositionEntry(first.clause_version_id, "Reworded for {{ lead_agency }} only."),
            *(CompositionEntry(c.clause_version_id, c.override_body) for c in rest),
        ]
        save_composition(session, CO, entries, {}, composition.row_version)
    with demo_database.session() as session:
        after = get_composition(session, CO)
        library_text = get_clause(session, first.clause_id).body
        events = session.exec(
            select(AuditEvent).where(AuditEvent.entity_type == "mou", AuditEvent.entity_id == CO)
        ).all()
    assert [c.title for c in after.clauses[:2]] == [second.title, first.title]
    assert after.clauses[1].override_body == "Reworded for {{ lead_agency }} only."
    assert library_text == first.library_body  # the library clause is untouched
    assert any(e.field == "clauses" for e in events)


def test_composition_refuses_duplicates_retired_clauses_bad_overrides_and_stale_saves(
    demo_database: Database,
) -> None:
    with demo_database.session() as session:
        composition = get_composition(session, PLAN)
        library = composable_clauses(session)
    one = library[0]
    with pytest.raises(ValidationError, match="included twice"), demo_database.transaction() as s:
        save_composition(
            s,
            PLAN,
            [CompositionEntry(one.clause_version_id), CompositionEntry(one.clause_version_id)],
            {},
            composition.row_version,
        )
    with pytest.raises(ValidationError, match="lead_agncy"), demo_database.transaction() as s:
        save_composition(
            s, PLAN, [CompositionEntry(one.clause_version_id, "{{ lead_agncy }}")], {},
            composition.row_version,
        )  # fmt: skip
    with demo_database.transaction() as session:
        set_clause_status(
            session,
            one.clause_id,
            ClauseStatus.RETIRED,
            get_clause(session, one.clause_id).row_version,
        )
    with pytest.raises(ValidationError, match="retired"), demo_database.transaction() as s:
        save_composition(
            s, PLAN, [CompositionEntry(one.clause_version_id)], {}, composition.row_version
        )
    with demo_database.transaction() as session:
        save_composition(
            session, PLAN, [CompositionEntry(library[1].clause_version_id)], {},
            composition.row_version,
        )  # fmt: skip
    with pytest.raises(ConflictError, match="someone else"), demo_database.transaction() as s:
        save_composition(s, PLAN, [], {}, composition.row_version)


def test_a_save_that_changes_nothing_leaves_the_version_and_the_history(
    demo_database: Database,
) -> None:
    with demo_database.session() as session:
        composition = get_composition(session, CO)
        events = len(mou_history(session, CO))
    entries = [CompositionEntry(c.clause_version_id, c.override_body) for c in composition.clauses]
    with demo_database.transaction() as session:
        save_composition(session, CO, entries, {}, composition.row_version)
    with demo_database.session() as session:
        assert get_composition(session, CO).row_version == composition.row_version
        assert len(mou_history(session, CO)) == events


def test_updating_an_outdated_clause_keeps_position_and_override(demo_database: Database) -> None:
    with demo_database.session() as session:
        before = get_composition(session, MOBILE)
    outdated = [c for c in before.clauses if c.outdated]
    assert [c.title for c in outdated] == ["Mobile crisis team: clinicians respond first"]
    with demo_database.transaction() as session:
        moved = update_to_current_versions(
            session, MOBILE, [outdated[0].clause_id], before.row_version
        )
    assert moved == 1
    with demo_database.session() as session:
        after = get_composition(session, MOBILE)
        rows = {r.id: r for r in list_clauses(session)}
    assert not any(c.outdated for c in after.clauses)
    assert [c.clause_id for c in after.clauses] == [c.clause_id for c in before.clauses]
    assert "follows up with the person within two days" in after.clauses[0].text
    assert rows[outdated[0].clause_id].outdated_in_mous == 0


# --------------------------------------------------------------------------- comparing versions


def test_comparing_an_amendment_with_the_signed_version(demo_database: Database) -> None:
    from datetime import date

    from partnerdesk.core.models import Mou
    from partnerdesk.core.mou.commands import amend_mou
    from partnerdesk.core.mou.compare import (
        compare_mous,
        default_baseline,
        mou_versions,
    )

    with demo_database.transaction() as session:
        mou = session.get(Mou, CO)
        assert mou is not None
        amended = amend_mou(session, CO, None, mou.row_version, today=date(2026, 11, 27))
        new_id = amended.id
        assert new_id is not None
    with demo_database.transaction() as session:
        composition = get_composition(session, new_id)
        library = {c.title: c for c in composable_clauses(session)}
        kept = [c for c in composition.clauses if c.title != "Insurance kept in force"]
        entries = [
            CompositionEntry(
                c.clause_version_id,
                c.text.replace("ninety days'", "six months'")
                if c.title == "Withdrawal on notice"
                else c.override_body,
            )
            for c in kept
        ]
        entries.append(CompositionEntry(library["Mediation"].clause_version_id))
        save_composition(session, new_id, entries, {}, composition.row_version)
        # The signed version cannot be recomposed any more.
        with pytest.raises(ConflictError, match="superseded"):
            save_composition(session, CO, [], {}, get_composition(session, CO).row_version)

    with demo_database.session() as session:
        assert [v.version_number for v in mou_versions(session, new_id)] == [1, 2]
        assert default_baseline(session, new_id) == CO
        assert default_baseline(session, CO) is None
        comparison = compare_mous(session, CO, new_id)

    changed = {c.title: c for c in comparison.changes if c.kind != "unchanged"}
    assert {t: c.kind for t, c in changed.items()} == {
        "Withdrawal on notice": "changed",
        "Mediation": "added",
        "Insurance kept in force": "removed",
    }
    assert comparison.count("unchanged") == 15
    segments = changed["Withdrawal on notice"].segments
    assert ("delete", "ninety days") in segments and ("insert", "six months") in segments
    old = "".join(text for kind, text in segments if kind != "insert")
    new = "".join(text for kind, text in segments if kind != "delete")
    assert old == changed["Withdrawal on notice"].old_text
    assert new == changed["Withdrawal on notice"].new_text
    assert comparison.old.signed and comparison.old.label.startswith("RIV-CR-01 version 1")
