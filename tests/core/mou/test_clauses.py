"""The clause library: text checked when saved, versions, status, search."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from partnerdesk.core.models import ClauseCategory, ClauseStatus, SharingTier
from partnerdesk.core.mou.clauses import (
    ClauseInput,
    create_clause,
    delete_clause,
    get_clause,
    list_clauses,
    outdated_uses,
    set_clause_status,
    update_clause,
)
from partnerdesk.core.mou.composition import CompositionEntry, get_composition, save_composition
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import AuditEvent

LIABILITY = ClauseInput(
    title="Own staff",
    category=ClauseCategory.LIABILITY,
    body="{{ lead_agency }} answers for its own staff.",
    status=ClauseStatus.APPROVED,
)


# --------------------------------------------------------------------------- variables


def test_a_misspelt_variable_is_reported_when_saving_with_a_suggestion(
    database: Database,
) -> None:
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        create_clause(
            session, replace(LIABILITY, body="Signed by {{ lead_agncy }}.\nOn {{ efective_date }}")
        )
    message = caught.value.message
    assert caught.value.field == "body"
    assert "{{ lead_agncy }} on line 1 (did you mean {{ lead_agency }}?)" in message
    assert "{{ efective_date }} on line 2 (did you mean {{ effective_date }}?)" in message
    with database.session() as session:
        assert list_clauses(session) == []


# --------------------------------------------------------------------------- versions


def _include(database: Database, mou_id: int, clause_id: int) -> None:
    with database.transaction() as session:
        composition = get_composition(session, mou_id)
        entries = [
            CompositionEntry(c.clause_version_id, c.override_body) for c in composition.clauses
        ]
        entries.append(CompositionEntry(get_clause(session, clause_id).versions[-1].id))
        save_composition(session, mou_id, entries, {}, composition.row_version)


def test_editing_an_approved_clause_creates_a_version_and_mous_keep_theirs(
    demo_database: Database,
) -> None:
    with demo_database.transaction() as session:
        clause_id = create_clause(session, LIABILITY)
    _include(demo_database, 4, clause_id)

    with demo_database.transaction() as session:
        detail = get_clause(session, clause_id)
        result = update_clause(
            session, clause_id, replace(detail.as_input(), body="New wording."), detail.row_version
        )
    assert result.new_version and result.version == 2

    with demo_database.session() as session:
        detail = get_clause(session, clause_id)
        assert [v.body for v in detail.versions] == [LIABILITY.body, "New wording."]
        assert detail.body == "New wording."
        included = [c for c in get_composition(session, 4).clauses if c.clause_id == clause_id]
        assert included[0].version == 1 and included[0].outdated
        assert included[0].text == LIABILITY.body
        uses = [u for u in outdated_uses(session) if u.clause_id == clause_id]
        assert [(u.reference_code, u.included_version, u.current_version) for u in uses] == [
            ("RIV-DS-01", 1, 2)
        ]
        row = next(r for r in list_clauses(session) if r.id == clause_id)
        assert (row.version, row.used_by_mous, row.outdated_in_mous) == (2, 1, 1)


def test_a_draft_nobody_uses_is_corrected_in_place(database: Database) -> None:
    with database.transaction() as session:
        clause_id = create_clause(session, replace(LIABILITY, status=ClauseStatus.DRAFT))
    with database.transaction() as session:
        detail = get_clause(session, clause_id)
        result = update_clause(
            session, clause_id, replace(detail.as_input(), body="Fixed typo."), detail.row_version
        )
    assert not result.new_version
    with database.session() as session:
        assert [v.body for v in get_clause(session, clause_id).versions] == ["Fixed typo."]


def test_a_stale_edit_is_refused(database: Database) -> None:
    with database.transaction() as session:
        clause_id = create_clause(session, LIABILITY)
        seen = get_clause(session, clause_id).row_version
    with database.transaction() as session:
        update_clause(session, clause_id, replace(LIABILITY, title="First"), seen)
    with pytest.raises(ConflictError, match="someone else"), database.transaction() as session:
        update_clause(session, clause_id, replace(LIABILITY, title="Second"), seen)
    with database.session() as session:
        assert get_clause(session, clause_id).title == "First"


def test_status_changes_and_edits_are_audited(database: Database) -> None:
    with database.transaction() as session:
        clause_id = create_clause(session, LIABILITY)
    with database.transaction() as session:
        set_clause_status(session, clause_id, ClauseStatus.RETIRED, 1)
    with database.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "clause")).all()
    assert [(e.action.value, e.field, e.new_value) for e in events] == [
        ("create", None, None),
        ("update", "status", "retired"),
    ]


def test_a_clause_used_by_an_mou_cannot_be_deleted(demo_database: Database) -> None:
    with demo_database.session() as session:
        used = next(r for r in list_clauses(session) if r.used_by_mous)
        unused = next(r for r in list_clauses(session) if not r.used_by_mous)
    with pytest.raises(ConflictError, match="retire it"), demo_database.transaction() as s:
        delete_clause(s, used.id)
    with demo_database.transaction() as session:
        delete_clause(session, unused.id)
    with demo_database.session() as session:
        assert unused.id not in {r.id for r in list_clauses(session)}


def test_tier_is_kept_only_for_information_sharing_clauses(database: Database) -> None:
    with database.transaction() as session:
        sharing = create_clause(
            session,
            replace(
                LIABILITY,
                category=ClauseCategory.INFORMATION_SHARING,
                sharing_tier=SharingTier.FULL,
            ),
        )
        other = create_clause(session, replace(LIABILITY, sharing_tier=SharingTier.FULL))
    with database.session() as session:
        assert get_clause(session, sharing).sharing_tier == SharingTier.FULL
        assert get_clause(session, other).sharing_tier is None


# --------------------------------------------------------------------------- search, seed


def test_search_looks_through_titles_and_text_ignoring_case_and_accents(
    database: Database,
) -> None:
    with database.transaction() as session:
        create_clause(session, replace(LIABILITY, title="Ñandú clause", body="Rare bird text."))
        create_clause(session, replace(LIABILITY, title="Other", body="Mentions the NANDU here."))
        create_clause(session, replace(LIABILITY, title="Unrelated", body="Nothing."))
    with database.session() as session:
        assert {r.title for r in list_clauses(session, search="nandu")} == {"Ñandú clause", "Other"}
        assert [r.title for r in list_clauses(session, search="ñandú bird")] == ["Ñandú clause"]
        assert list_clauses(session, search="nandu missing") == []
