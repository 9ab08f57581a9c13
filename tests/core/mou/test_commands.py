"""Changing the register: creating, editing, status changes, amendments, deleting vs
archiving, and an audit event for every write."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    FundingSource,
    FundingSourceKind,
    FundingSourceMou,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    MouClause,
    MouParty,
    MouStatus,
    PartyRole,
    Review,
    ReviewOutcome,
    SharingTier,
)
from partnerdesk.core.mou.commands import (
    amend_mou,
    change_status,
    create_mou,
    delete_mou,
    deletion_blockers,
    set_archived,
    update_mou,
)
from partnerdesk.core.mou.history import mou_history
from partnerdesk.core.mou.register import (
    duplicate_input,
    find_mou,
    get_mou,
    list_mous,
    mou_input_of,
)
from partnerdesk.core.mou.reviews import complete_review, open_review
from partnerdesk.core.mou.rules import ALLOWED_TRANSITIONS
from partnerdesk.core.mou.validation import PartyInput
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.schema import AuditEvent
from tests.conftest import DEMO_TODAY
from tests.core.mou.conftest import create, draft

TODAY = DEMO_TODAY


def test_a_valid_mou_is_created_with_its_parties_and_first_review(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs))
    with database.session() as session:
        [row] = list_mous(session, today=TODAY)
        assert (row.id, row.reference_code, row.status) == (mou_id, "LAK-CR-01", MouStatus.ACTIVE)
        assert row.parties == "Lakeside Police (lead); Lakeside Behavioral Health"
        assert row.next_review_due == date(2027, 2, 1)


def test_only_allowed_status_changes_are_accepted(database: Database, orgs: list[int]) -> None:
    mou_id = create(database, draft(orgs, status=MouStatus.DRAFT))
    with (
        pytest.raises(ValidationError, match="can become in negotiation, terminated"),
        database.transaction() as session,
    ):
        change_status(session, mou_id, MouStatus.ACTIVE, None, today=TODAY)
    for step in (MouStatus.IN_NEGOTIATION, MouStatus.ACTIVE, MouStatus.UNDER_REVIEW):
        with database.transaction() as session:
            change_status(session, mou_id, step, None, today=TODAY)
    with database.session() as session:
        assert get_mou(session, mou_id, today=TODAY).allowed_transitions == (
            MouStatus.ACTIVE,
            MouStatus.EXPIRED,
            MouStatus.TERMINATED,
        )
    assert ALLOWED_TRANSITIONS[MouStatus.TERMINATED] == ()


def test_leaving_force_withdraws_the_scheduled_review(database: Database, orgs: list[int]) -> None:
    mou_id = create(database, draft(orgs))
    with database.transaction() as session:
        change_status(session, mou_id, MouStatus.TERMINATED, None, today=TODAY)
    with database.session() as session:
        assert open_review(session, mou_id) is None
        assert list_mous(session, today=TODAY)[0].next_review_due is None


def test_editing_with_a_stale_version_is_refused(database: Database, orgs: list[int]) -> None:
    mou_id = create(database, draft(orgs))
    with database.transaction() as session:
        update_mou(session, mou_id, draft(orgs, title="First edit"), 1, today=TODAY)
    with (
        pytest.raises(ConflictError, match="changed by someone else"),
        database.transaction() as session,
    ):
        update_mou(session, mou_id, draft(orgs, title="Second edit"), 1, today=TODAY)
    with database.session() as session:
        assert get_mou(session, mou_id, today=TODAY).title == "First edit"


def test_changing_the_effective_date_or_interval_moves_the_open_review(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs))
    with database.transaction() as session:
        update_mou(
            session,
            mou_id,
            draft(orgs, effective_date=date(2026, 1, 31), review_interval_months=6),
            1,
            today=TODAY,
        )
    with database.session() as session:
        review = open_review(session, mou_id)
        assert review is not None and review.due_date == date(2026, 7, 31)
        assert session.exec(select(Review).where(Review.mou_id == mou_id)).all() == [review]


def test_amending_creates_a_new_version_and_leaves_the_old_one_unchanged(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs))
    with database.transaction() as session:
        source = FundingSource(name="Lakeside grant", kind=FundingSourceKind.STATE_GRANT)
        session.add(source)
        session.flush()
        assert source.id is not None
        session.add(FundingSourceMou(funding_source_id=source.id, mou_id=mou_id))
    with database.session() as session:
        old_before = session.get(Mou, mou_id)
        assert old_before is not None
        old_snapshot = old_before.model_dump()
        old_parties = [p.model_dump() for p in session.exec(select(MouParty))]
    amended_terms = draft(
        orgs,
        title="Lakeside co-responder program",
        parties=[*draft(orgs).parties, PartyInput(orgs[2], PartyRole.FUNDER)],
    )
    with database.transaction() as session:
        new = amend_mou(session, mou_id, amended_terms, 1, today=TODAY)
        new_id = new.id
    assert new_id is not None
    with database.session() as session:
        old = session.get(Mou, mou_id)
        assert old is not None and old.model_dump() == old_snapshot
        assert [
            p.model_dump() for p in session.exec(select(MouParty).where(MouParty.mou_id == mou_id))
        ] == old_parties
        [row] = list_mous(session, today=TODAY)
        assert (row.id, row.version_number, row.title) == (
            new_id,
            2,
            "Lakeside co-responder program",
        )
        assert "Lakeside Foundation" in row.parties
        detail = get_mou(session, new_id, today=TODAY)
        assert [v.version_number for v in detail.versions] == [1, 2]
        earlier = get_mou(session, mou_id, today=TODAY)
        assert not earlier.is_current and earlier.allowed_transitions == ()
        links = session.exec(select(FundingSourceMou.mou_id)).all()
        assert sorted(links) == sorted([mou_id, new_id])
        # The scheduled review moved to the current version; nothing is due twice.
        assert open_review(session, mou_id) is None
        assert open_review(session, new_id) is not None
        assert find_mou(session, "lak-cr-01") == new_id
    with (
        pytest.raises(ConflictError, match="superseded"),
        database.transaction() as session,
    ):
        update_mou(session, mou_id, draft(orgs, title="Rewrite history"), 1, today=TODAY)


def test_amending_copies_the_clauses(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        mou_id = find_mou(session, "RIV-CR-01")
        before = session.exec(select(MouClause).where(MouClause.mou_id == mou_id)).all()
        assert before
        new = amend_mou(session, mou_id, None, None, today=TODAY)
        after = session.exec(select(MouClause).where(MouClause.mou_id == new.id)).all()
    assert [c.clause_version_id for c in after] == [c.clause_version_id for c in before]


def test_duplicate_keeps_terms_but_asks_for_a_new_code(database: Database, orgs: list[int]) -> None:
    mou_id = create(database, draft(orgs))
    with database.session() as session:
        copy = duplicate_input(session, mou_id)
    assert copy.reference_code == "" and copy.title.startswith("Copy of")
    assert copy.status == MouStatus.DRAFT
    assert [p.organization_id for p in copy.parties] == orgs[:2]
    assert all(p.date_signed is None for p in copy.parties)
    with database.transaction() as session:
        create_mou(
            session,
            replace(copy, reference_code="LAK-CR-02"),
            today=TODAY,
            copy_clauses_from=mou_id,
        )
    with database.session() as session:
        assert [r.reference_code for r in list_mous(session, today=TODAY)] == [
            "LAK-CR-01",
            "LAK-CR-02",
        ]


def test_an_mou_without_history_can_be_deleted(database: Database, orgs: list[int]) -> None:
    mou_id = create(database, draft(orgs, status=MouStatus.DRAFT))
    with database.transaction() as session:
        delete_mou(session, mou_id)
    with database.session() as session:
        assert list_mous(session, today=TODAY, include_archived=True) == []
        assert session.exec(select(MouParty)).all() == []
        events = session.exec(
            select(AuditEvent).where(AuditEvent.entity_type == "mou", AuditEvent.action == "delete")
        ).all()
        assert events and "LAK-CR-01" in (events[0].summary or "")


def test_deleting_an_mou_with_reviews_or_ledger_links_is_refused(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs))
    with database.transaction() as session:
        complete_review(
            session,
            mou_id,
            completed_date=TODAY,
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=TODAY,
        )
        source = FundingSource(name="City budget", kind=FundingSourceKind.MUNICIPAL_BUDGET)
        session.add(source)
        session.flush()
        assert source.id is not None
        session.add(
            LedgerEntry(
                entry_date=TODAY,
                funding_source_id=source.id,
                entry_type=LedgerEntryType.RECEIVED,
                amount_cents=100_00,
                mou_id=mou_id,
            )
        )
    with database.session() as session:
        assert deletion_blockers(session, mou_id) == ["1 completed review", "1 ledger entry"]
    with (
        pytest.raises(ConflictError, match="archive it instead"),
        database.transaction() as session,
    ):
        delete_mou(session, mou_id)
    with database.transaction() as session:
        set_archived(session, mou_id, True, None)
    with database.session() as session:
        assert list_mous(session, today=TODAY) == []
        assert list_mous(session, today=TODAY, include_archived=True)[0].archived
        assert session.get(Mou, mou_id) is not None


def test_every_write_leaves_an_audit_event(database: Database, orgs: list[int]) -> None:
    def count(session: Session) -> int:
        return int(session.execute(sa.select(sa.func.count(col(AuditEvent.id)))).scalar_one())

    mou_id = create(database, draft(orgs))
    steps = [
        lambda s: change_status(s, mou_id, MouStatus.UNDER_REVIEW, None, today=TODAY),
        lambda s: set_archived(s, mou_id, True, None),
        lambda s: set_archived(s, mou_id, False, None),
    ]
    for step in steps:
        with database.session() as session:
            before = count(session)
        with database.transaction() as session:
            step(session)
        with database.session() as session:
            assert count(session) > before


def test_an_expired_agreement_is_renewed_by_an_active_amendment(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs, expiry_date=date(2026, 10, 31)))
    with database.transaction() as session:
        change_status(session, mou_id, MouStatus.EXPIRED, None, today=TODAY)
    with database.session() as session:
        assert open_review(session, mou_id) is None  # nothing to review once expired
        terms = replace(mou_input_of(session, mou_id), expiry_date=date(2029, 10, 31))
    with (
        pytest.raises(ValidationError, match="cannot start as expired"),
        database.transaction() as session,
    ):
        amend_mou(session, mou_id, terms, None, today=TODAY)
    with database.transaction() as session:
        renewed = amend_mou(
            session, mou_id, replace(terms, status=MouStatus.ACTIVE), None, today=TODAY
        )
        renewed_id = renewed.id
    with database.session() as session:
        [row] = list_mous(session, today=TODAY)
        assert (row.id, row.status, row.version_number) == (renewed_id, MouStatus.ACTIVE, 2)
        assert row.next_review_due == date(2027, 2, 1)


def test_a_change_to_the_parties_alone_moves_the_version(
    database: Database, orgs: list[int]
) -> None:
    """A colleague who opened the MOU before its parties changed must not save the old
    parties back over the new ones."""
    mou_id = create(database, draft(orgs))
    with database.session() as session:
        data = mou_input_of(session, mou_id)
        seen = get_mou(session, mou_id, today=TODAY).row_version
    data.parties[1].sharing_tier = SharingTier.BASIC
    with database.transaction() as session:
        update_mou(session, mou_id, data, seen, today=TODAY)
    with database.session() as session:
        assert get_mou(session, mou_id, today=TODAY).row_version == seen + 1
        texts = [h.text for h in mou_history(session, mou_id)]
    assert any(
        t.startswith("Lakeside Behavioral Health's information-sharing tier set to Basic by ")
        for t in texts
    ), texts
    with (
        pytest.raises(ConflictError, match="changed by someone else"),
        database.transaction() as session,
    ):
        update_mou(session, mou_id, draft(orgs), seen, today=TODAY)


def test_an_amendment_starts_unsigned_and_in_negotiation_and_the_old_version_says_superseded(
    database: Database, orgs: list[int]
) -> None:
    """Issue #15, defect 4: version 2 showed "Signed 2026-01-05" and "active, signed"
    although nobody had signed it, and version 1 still read "Active"."""
    from partnerdesk.core.mou.compare import mou_versions
    from partnerdesk.core.mou.register import amendment_terms

    mou_id = create(database, draft(orgs, expiry_date=date(2027, 1, 10)))
    with database.session() as session:
        terms = amendment_terms(session, mou_id)
        due_before = open_review(session, mou_id).due_date  # type: ignore[union-attr]
    assert terms.status == MouStatus.IN_NEGOTIATION
    assert [p.date_signed for p in terms.parties] == [None, None]
    with database.transaction() as session:
        new_id = amend_mou(session, mou_id, None, None, today=TODAY).id
    assert new_id is not None
    with database.session() as session:
        new = get_mou(session, new_id, today=TODAY)
        assert (
            new.recorded_status == MouStatus.IN_NEGOTIATION and new.status_text == "In negotiation"
        )
        assert all(p.date_signed is None for p in new.parties)
        assert [p.signatory_contact_id for p in new.parties] == [None, None]  # as in v1
        old = get_mou(session, mou_id, today=TODAY)
        assert old.status_text == "Superseded by version 2"
        assert [(v.status_text, v.signed) for v in new.versions] == [
            ("Superseded by version 2", True),
            ("In negotiation", False),
        ]
        labels = [v.label for v in mou_versions(session, new_id)]
        assert labels == [
            "LAK-CR-01 version 1 (signed; superseded by version 2)",
            "LAK-CR-01 version 2 (In negotiation, not signed)",
        ]
        # Version 1 stays in force until the amendment is signed: its review stays due
        # when it was, its expiry is still reminded, and the review can be recorded.
        [row] = list_mous(session, today=TODAY)
        assert row.in_force_version == 1 and row.in_force
        assert row.next_review_due == due_before
        from partnerdesk.core.mou.reminders import ReminderKind, reminders

        kinds = {(i.kind, i.mou_id, i.due_date) for i in reminders(session, TODAY, 90)}
        assert (ReminderKind.EXPIRY, new_id, date(2027, 1, 10)) in kinds
    with database.transaction() as session:
        complete_review(
            session, new_id, completed_date=TODAY, outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=TODAY,
        )  # fmt: skip
    with database.session() as session:
        after = get_mou(session, new_id, today=TODAY)
        assert after.recorded_status == MouStatus.IN_NEGOTIATION  # still being negotiated
        assert after.next_review_due == date(2027, 11, 27)


def test_a_funding_source_links_each_agreement_once_at_its_current_version(
    database: Database, orgs: list[int]
) -> None:
    """Defect 4: after an amendment, a source's linked MOUs listed the agreement twice."""
    from partnerdesk.core.funding.sources import (
        SourceInput,
        create_source,
        get_source,
        mou_choices,
        update_source,
    )

    mou_id = create(database, draft(orgs))
    with database.transaction() as session:
        source_id = create_source(
            session,
            SourceInput(
                name="Lakeside grant", kind=FundingSourceKind.STATE_GRANT, mou_ids=[mou_id]
            ),
        )
    with database.transaction() as session:
        new_id = amend_mou(session, mou_id, None, None, today=TODAY).id
    with database.session() as session:
        assert mou_choices(session) == [(new_id, "LAK-CR-01 v2 — Lakeside co-responder pilot")]
        detail = get_source(session, source_id)
        assert list(detail.values.mou_ids) == [new_id]
    # Saving the source as shown keeps the link of the earlier version (its history).
    with database.transaction() as session:
        update_source(session, source_id, detail.values, detail.row_version)
    with database.session() as session:
        links = session.exec(
            select(FundingSourceMou.mou_id).where(FundingSourceMou.funding_source_id == source_id)
        ).all()
        assert sorted(links) == sorted([mou_id, new_id])
