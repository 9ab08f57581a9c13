"""The default clause library: every subject covered, loaded once, every clause renders."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.core.models import (
    REQUIRED_CLAUSE_CATEGORIES,
    ClauseCategory,
    ClauseStatus,
    SharingTier,
)
from partnerdesk.core.mou.clauses import ClauseInput, list_clauses
from partnerdesk.core.mou.composition import CompositionEntry, get_composition, save_composition
from partnerdesk.core.mou.seed_clauses import SEED_CLAUSES, ensure_seed_library, load_seed_library
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError

LIABILITY = ClauseInput(
    title="Own staff",
    category=ClauseCategory.LIABILITY,
    body="{{ lead_agency }} answers for its own staff.",
    status=ClauseStatus.APPROVED,
)


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
