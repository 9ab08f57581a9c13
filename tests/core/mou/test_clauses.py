"""The clause library: variables checked at save time, versions, status, search, seed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from partnerdesk.core.models import (
    REQUIRED_CLAUSE_CATEGORIES,
    AuditEvent,
    ClauseCategory,
    ClauseStatus,
    SharingTier,
)
from partnerdesk.core.mou.clause_variables import (
    ClauseTextError,
    render_clause_text,
    validate_clause_text,
)
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
from partnerdesk.core.mou.composition import (
    CompositionEntry,
    get_composition,
    save_composition,
)
from partnerdesk.core.mou.seed_clauses import (
    SEED_CLAUSES,
    ensure_seed_library,
    load_seed_library,
)
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError

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


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Signed by {{ lead_agency", "line 1"),
        ("{{ ''.__class__.__mro__ }}", "attributes and indexing"),
        ("{{ lead_agency['x'] }}", "attributes and indexing"),
        ("{% include 'secret.txt' %}", "cannot include other templates"),
        ("{{ cycler }}", "unknown variable"),
    ],
)
def test_clause_text_that_could_not_be_filled_in_is_refused(body: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_clause_text(body)
    assert expected in caught.value.message


def test_known_variables_filters_and_conditions_are_accepted() -> None:
    body = "{% if funders %}{{ funders | upper }}{% endif %} from {{ effective_date }}"
    validate_clause_text(body)
    rendered = render_clause_text(
        body, {"funders": "City of Riverton", "effective_date": "March 1, 2026"}, "clause"
    )
    assert rendered == "CITY OF RIVERTON from March 1, 2026"


def test_rendering_names_the_clause_and_the_variable_it_lacks() -> None:
    with pytest.raises(ClauseTextError) as caught:
        render_clause_text("By {{ lead_agency }}", {}, "the clause “Own staff” of RIV-1")
    assert "“Own staff” of RIV-1" in caught.value.message
    assert "{{ lead_agency }}" in caught.value.message


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


def test_seed_library_covers_every_category_and_loads_once(database: Database) -> None:
    counts = {category: 0 for category in ClauseCategory}
    for seed in SEED_CLAUSES:
        counts[seed.category] += 1
    assert all(counts[c] >= 2 for c in REQUIRED_CLAUSE_CATEGORIES)
    assert all(count >= 2 for count in counts.values())
    tiers = {s.sharing_tier for s in SEED_CLAUSES} - {None}
    assert tiers == set(SharingTier)
    text = " ".join(s.body for s in SEED_CLAUSES)
    for fact in ("40 hours", "every quarter", "6, 12 and 24 months", "arrests", "use of force"):
        assert fact in text.replace("uses of force", "use of force")

    with database.transaction() as session:
        assert ensure_seed_library(session) == len(SEED_CLAUSES)
        assert ensure_seed_library(session) == 0
    with pytest.raises(ConflictError, match="already holds"), database.transaction() as s:
        load_seed_library(s)
    with database.session() as session:
        rows = list_clauses(session)
    assert len(rows) == len(SEED_CLAUSES)
    assert {r.status for r in rows} == {ClauseStatus.APPROVED}


def test_every_seed_clause_renders_for_a_real_mou(demo_database: Database) -> None:
    from partnerdesk.core.mou.document_context import build_document_data

    with demo_database.transaction() as session:
        entries = [
            CompositionEntry(r.version_id)
            for r in list_clauses(session)
            if r.status == ClauseStatus.APPROVED
        ]
        save_composition(session, 1, entries, {}, get_composition(session, 1).row_version)
    with demo_database.session() as session:
        data = build_document_data(session, 1, date(2026, 11, 27))
    rendered = [c["text"] for s in data.context["sections"] for c in s["clauses"]]
    assert len(rendered) == len(entries)
    assert not any("{{" in text for text in rendered)


def test_loops_nested_deeper_than_two_are_refused_when_saving() -> None:
    """Loops over the parties inside loops inside loops multiply: a clause could take
    hours to print. Two levels are plenty for any real clause."""
    from partnerdesk.core.mou.clause_variables import validate_clause_text
    from partnerdesk.core.platform.errors import ValidationError

    two = (
        "{% for a in all_parties %}{% for b in all_parties %}{{ a }}{{ b }}{% endfor %}{% endfor %}"
    )
    validate_clause_text(two)
    deep = "{% for a in all_parties %}" * 6 + "x" + "{% endfor %}" * 6
    with pytest.raises(ValidationError, match="loops"):
        validate_clause_text(deep)
