"""Comparing two versions of an MOU clause by clause, with the changed words marked."""

from __future__ import annotations

import pytest

from partnerdesk.core.mou.composition import (
    CompositionEntry,
    composable_clauses,
    get_composition,
    save_composition,
)
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError

CO = 1


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
