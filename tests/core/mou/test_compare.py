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


def test_comparing_versions_shows_every_field_of_the_mou_and_its_parties(
    demo_database: Database,
) -> None:
    """Issue #15, defect 5: only the clauses were compared; the expiry moving from 2029 to
    2031 and a party's sharing tier going from basic to intermediate were not shown."""
    from dataclasses import replace
    from datetime import date

    from partnerdesk.core.models import Mou, PartyRole, SharingTier
    from partnerdesk.core.mou.commands import amend_mou
    from partnerdesk.core.mou.compare import compare_mous
    from partnerdesk.core.mou.register import amendment_terms, editor_choices

    with demo_database.transaction() as session:
        terms = amendment_terms(session, CO)
        people = {c.name: c.id for c in editor_choices(session).contacts}
        orgs = {o.name: o.id for o in editor_choices(session).organizations}
        parties = []
        for party in terms.parties:
            if party.organization_id == orgs["St. Brigid Regional Hospital"]:
                party = replace(party, sharing_tier=SharingTier.INTERMEDIATE)
            if party.organization_id == orgs["City of Riverton"]:
                party = replace(
                    party, role=PartyRole.PARTNER, signatory_contact_id=people["Jordan Ellis"]
                )
            parties.append(party)
        parties = [
            p for p in parties if p.organization_id != orgs["Harbor County Behavioral Health"]
        ]
        peers = orgs["Riverton Peer Support Network"]
        parties.append(replace(terms.parties[1], organization_id=peers, signatory_contact_id=None))
        terms = replace(
            terms,
            expiry_date=date(2031, 1, 26),
            review_interval_months=6,
            title="Co-responder team, weekends included",
            parties=parties,
        )
        mou = session.get(Mou, CO)
        assert mou is not None
        new_id = amend_mou(session, CO, terms, mou.row_version, today=date(2026, 11, 27)).id
        assert new_id is not None
    with demo_database.session() as session:
        comparison = compare_mous(session, CO, new_id)
    terms_changed = {(c.label, c.old, c.new) for c in comparison.terms}
    assert terms_changed == {
        ("Title", "Co-responder team: joint response to behavioral-health calls",
         "Co-responder team, weekends included"),
        ("Status", "Active", "In negotiation"),
        ("Expiry date", "2029-01-26", "2031-01-26"),
        ("Review every", "12 months", "6 months"),
    }  # fmt: skip
    by_org = {p.organization: p for p in comparison.parties}
    hospital = by_org["St. Brigid Regional Hospital"]
    assert hospital.kind == "changed"
    assert {(c.label, c.old, c.new) for c in hospital.fields} == {
        ("Sharing tier", "Basic", "Intermediate (with consent)"),
        ("Signed", "2025-01-16", "not yet"),
    }
    city = by_org["City of Riverton"]
    assert {(c.label, c.old, c.new) for c in city.fields} == {
        ("Role", "Funder", "Partner"),
        ("Signatory", "Robert Nakamura", "Jordan Ellis"),
        ("Signed", "2025-01-16", "not yet"),
    }
    assert by_org["Harbor County Behavioral Health"].kind == "removed"
    assert by_org["Riverton Peer Support Network"].kind == "added"
    assert not comparison.identical
    assert comparison.count("changed") == 0  # the clauses themselves did not change
