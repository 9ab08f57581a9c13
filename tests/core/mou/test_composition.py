"""Composing MOUs from the library: order, rewording, tiers, stale saves, newer versions."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.models import ClauseStatus
from partnerdesk.core.mou.clauses import get_clause, list_clauses, set_clause_status
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
from partnerdesk.core.platform.schema import AuditEvent

CO, MOBILE, PLAN = 1, 2, 4


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
