"""Deleted records: every deletion can be undone, exactly, and both ways are audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from partnerdesk.core.directory.contact_commands import ContactInput, create_contact, delete_contact
from partnerdesk.core.directory.groups import add_members, create_group, delete_group
from partnerdesk.core.directory.organizations import (
    OrganizationInput,
    create_organization,
    delete_organization,
)
from partnerdesk.core.funding.assumptions import Assumptions
from partnerdesk.core.funding.costs import CostInput, create_cost, delete_cost
from partnerdesk.core.funding.ledger import delete_entries
from partnerdesk.core.funding.scenarios import delete_scenario, save_scenario
from partnerdesk.core.funding.sources import SourceInput, create_source, delete_source
from partnerdesk.core.models import (
    ALL_TABLES,
    AuditAction,
    AuditEvent,
    ClauseCategory,
    CostCategory,
    FundingSourceKind,
    LedgerEntry,
    Mou,
    Organization,
)
from partnerdesk.core.mou.clauses import ClauseInput, create_clause, delete_clause
from partnerdesk.core.mou.commands import create_mou, delete_mou
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, NotFoundError
from partnerdesk.core.platform.schema import ChangeKind
from tests.conftest import DEMO_TODAY
from tests.core.mou.conftest import draft

# What a deletion and its undoing may change besides the records: the log and the list.
_BOOKS = {"audit_event", "deleted_record"}


def everything(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the audit log and the deleted records."""
    result: dict[str, list[tuple[Any, ...]]] = {}
    for model in ALL_TABLES:
        table: sa.Table = model.__table__  # type: ignore[attr-defined]
        if table.name not in _BOOKS:
            rows = session.execute(sa.select(table)).all()
            result[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return result


def _org(session: Session, name: str = "Harbor Peer Network") -> int:
    org = create_organization(session, OrganizationInput(name=name))
    assert org.id is not None
    return org.id


def _mou(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    orgs = [_org(session, "Lakeside Police"), _org(session, "Lakeside Behavioral Health")]
    mou = create_mou(session, draft(orgs, reference_code="LAK-CR-09"), today=DEMO_TODAY)
    assert mou.id is not None
    mou_id = mou.id
    return ChangeKind.MOU, lambda s: delete_mou(s, mou_id)


def _contact(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    data = ContactInput(full_name="Robin Vale", email="robin@example.org", groups=())
    contact = create_contact(session, data)
    assert contact.id is not None
    group = create_group(session, "Evaluation panel")
    assert group.id is not None
    add_members(session, group.id, [contact.id])
    contact_id = contact.id
    return ChangeKind.CONTACT, lambda s: delete_contact(s, contact_id)


def _group(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    group = create_group(session, "Evaluation panel", "reads the 6-month figures")
    assert group.id is not None
    contact = create_contact(session, ContactInput(full_name="Robin Vale", groups=()))
    assert contact.id is not None
    add_members(session, group.id, [contact.id])
    group_id = group.id
    return ChangeKind.GROUP, lambda s: delete_group(s, group_id)


def _organization(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    org_id = _org(session)
    return ChangeKind.ORGANIZATION, lambda s: delete_organization(s, org_id)


def _clause(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    data = ClauseInput("Quarterly data review", ClauseCategory.EVALUATION_METRICS, "We meet.")
    clause_id = create_clause(session, data)
    return ChangeKind.CLAUSE, lambda s: delete_clause(s, clause_id)


def _source(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    _kind, _delete = _mou(session)
    mou_id = session.exec(select(Mou.id)).first()
    assert mou_id is not None
    data = SourceInput(
        "County opioid settlement",
        FundingSourceKind.OTHER,
        grant_end=date(2028, 6, 30),
        annual_growth_pct=Decimal("2.5"),
        mou_ids=[mou_id],
    )
    source_id = create_source(session, data)
    return ChangeKind.FUNDING_SOURCE, lambda s: delete_source(s, source_id)


def _cost(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    cost_id = create_cost(session, CostInput(2027, CostCategory.TRAINING, Decimal("1234.56")))
    return ChangeKind.PROGRAM_COST, lambda s: delete_cost(s, cost_id)


def _scenario(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    scenario_id = save_scenario(session, "Grant lost early", Assumptions(rule="as_scheduled"))
    return ChangeKind.SCENARIO, lambda s: delete_scenario(s, scenario_id)


def _ledger(session: Session) -> tuple[ChangeKind, Callable[[Session], object]]:
    ids = list(session.exec(select(LedgerEntry.id).order_by(col(LedgerEntry.id)).limit(3)))
    return ChangeKind.LEDGER_ENTRY, lambda s: delete_entries(s, [i for i in ids if i])


MAKERS = {
    "mou": _mou,
    "contact": _contact,
    "group": _group,
    "organization": _organization,
    "clause": _clause,
    "source": _source,
    "cost": _cost,
    "scenario": _scenario,
    "ledger": _ledger,
}


@pytest.mark.parametrize("what", MAKERS)
def test_undoing_a_deletion_brings_back_exactly_what_went(
    demo_database: Database, what: str
) -> None:
    with demo_database.transaction() as session:
        kind, delete = MAKERS[what](session)
    with demo_database.session() as session:
        before = everything(session)
    with demo_database.transaction() as session:
        delete(session)
    with demo_database.session() as session:
        after_delete = everything(session)
        assert after_delete != before  # something went
        newest = trash.last_deletion(session)
        assert newest is not None and newest.kind is kind
        assert newest.label  # a person can tell what it was

    announced: list[frozenset[Any]] = []
    demo_database.subscribe(announced.append)
    with demo_database.transaction() as session:
        restored = trash.restore(session, newest.id)
    assert restored.label == newest.label
    with demo_database.session() as session:
        assert everything(session) == before  # every row back, ids and values alike
        assert trash.last_deletion(session) is None
        restore_events = session.exec(
            select(AuditEvent).where(AuditEvent.action == AuditAction.RESTORE)
        ).all()
        assert [e.entity_type for e in restore_events] == [kind.value]
        assert newest.label in (restore_events[0].summary or "")
    assert kind in announced[-1] and ChangeKind.TRASH in announced[-1]


def test_a_ledger_deletion_of_several_lines_is_one_undo(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        _kind, delete = _ledger(session)
        delete(session)
    with demo_database.session() as session:
        rows = trash.list_deleted(session)
    assert [(r.label, r.records) for r in rows] == [("3 ledger entries", 3)]


def test_undo_takes_the_newest_deletion_of_this_user(database: Database) -> None:
    with database.transaction() as session:
        first, second = _org(session, "First Org"), _org(session, "Second Org")
    for org_id in (first, second):
        with database.transaction() as session:
            delete_organization(session, org_id)
    with database.session() as session:
        newest = trash.last_deletion(session)
        assert newest is not None and newest.label == "Second Org"
        assert trash.last_deletion(session, os_user="someone-else") is None
        assert [r.label for r in trash.list_deleted(session)] == ["Second Org", "First Org"]


def test_a_record_whose_name_was_taken_since_is_not_restored(database: Database) -> None:
    with database.transaction() as session:
        org_id = _org(session, "Harbor Peer Network")
    with database.transaction() as session:
        delete_organization(session, org_id)
    with database.transaction() as session:
        _org(session, "Harbor Peer Network")  # a new one, with the name
    with database.session() as session:
        deleted = trash.last_deletion(session)
        assert deleted is not None
    with pytest.raises(ConflictError, match="Harbor Peer Network cannot be restored"):  # noqa: SIM117
        with database.transaction() as session:
            trash.restore(session, deleted.id)
    with database.session() as session:
        # Nothing half-done: the deletion is still listed, one organization of that name.
        assert [r.id for r in trash.list_deleted(session)] == [deleted.id]
        names = session.exec(select(Organization.name)).all()
        assert names == ["Harbor Peer Network"]


def test_a_contact_whose_organization_went_since_is_not_restored(database: Database) -> None:
    with database.transaction() as session:
        org_id = _org(session)
        contact = create_contact(session, ContactInput(full_name="Jo Park", organization_id=org_id))
        contact_id = contact.id
        assert contact_id is not None
    with database.transaction() as session:
        delete_contact(session, contact_id)
    with database.transaction() as session:
        delete_organization(session, org_id)
    with database.session() as session:
        jo = next(r for r in trash.list_deleted(session) if r.label == "Jo Park")
    with pytest.raises(ConflictError, match="Jo Park cannot be restored"):  # noqa: SIM117
        with database.transaction() as session:
            trash.restore(session, jo.id)
    # Restore the organization first, and then the person comes back too.
    with database.transaction() as session:
        org = next(r for r in trash.list_deleted(session) if r.kind is ChangeKind.ORGANIZATION)
        trash.restore(session, org.id)
    with database.transaction() as session:
        trash.restore(session, jo.id)


def test_emptying_forgets_every_deletion_and_is_audited(database: Database) -> None:
    with database.transaction() as session:
        org_id = _org(session)
    with database.transaction() as session:
        delete_organization(session, org_id)
    with database.transaction() as session:
        deleted = trash.last_deletion(session)
        assert deleted is not None
        assert trash.empty_trash(session) == 1
        assert trash.empty_trash(session) == 0
    with database.session() as session:
        assert trash.list_deleted(session) == []
        event = session.exec(
            select(AuditEvent).where(AuditEvent.entity_type == ChangeKind.TRASH.value)
        ).one()
        assert event.action is AuditAction.DELETE and "1 deletion" in (event.summary or "")
    with pytest.raises(NotFoundError), database.transaction() as session:
        trash.restore(session, deleted.id)


def test_every_table_a_deletion_can_touch_is_known_to_the_schema() -> None:
    """Restoring looks tables up by name in the one metadata."""
    names = {m.__table__.name for m in ALL_TABLES}  # type: ignore[attr-defined]
    assert names <= set(SQLModel.metadata.tables)
    assert "deleted_record" in names


def test_undoing_a_grants_deletion_brings_back_its_whole_setup(database: Database) -> None:
    """Its terms, its match links both ways, its obligations, the match marks other
    sources' lines carry for it and the prospect it was awarded from: all back as they were.
    Records that only pointed at the grant are pointed at it again, under a new row version
    (an editor holding the old one must not save over the change)."""
    from partnerdesk.core.funding.grant_terms import TermsInput, get_terms, save_terms
    from partnerdesk.core.funding.ledger import EntryInput, create_entry, get_entry
    from partnerdesk.core.funding.obligations import RuleInput, create_rule
    from partnerdesk.core.funding.pipeline import (
        AwardInput,
        ProspectInput,
        award_prospect,
        create_prospect,
        get_prospect,
    )
    from partnerdesk.core.models import LedgerEntryType, ObligationKind

    with database.transaction() as session:
        city = create_source(
            session, SourceInput("City budget", FundingSourceKind.MUNICIPAL_BUDGET)
        )
        state = create_source(session, SourceInput("State grant", FundingSourceKind.STATE_GRANT))
        prospect = create_prospect(
            session,
            ProspectInput("Federal crisis grant", FundingSourceKind.FEDERAL_GRANT,
                          Decimal(90000), date(2027, 1, 1)),
        )  # fmt: skip
        award = AwardInput("Federal crisis grant", Decimal(90000), date(2027, 1, 1),
                           date(2028, 12, 31), DEMO_TODAY, record_budget=False)  # fmt: skip
        grant = award_prospect(session, prospect, award, today=DEMO_TODAY)
        save_terms(session, grant, TermsInput(Decimal(25), match_source_ids=[city]))
        save_terms(session, state, TermsInput(Decimal(10), match_source_ids=[grant]))
        create_rule(session, RuleInput(grant, ObligationKind.PROGRESS_REPORT, "Quarterly report"))
        marked = create_entry(
            session,
            EntryInput(date(2026, 6, 1), city, LedgerEntryType.RECEIVED, Decimal(500),
                       match_for_source_id=grant),
        )  # fmt: skip
    with database.session() as session:
        before = everything(session)
        versions = (get_entry(session, marked).row_version, get_prospect(session, prospect))
    with database.transaction() as session:
        delete_source(session, grant)
    with database.session() as session:
        assert get_entry(session, marked).values.match_for_source_id is None
        state_terms = get_terms(session, state)
        assert state_terms.values.match_source_ids == []
        newest = trash.last_deletion(session)
        assert newest is not None
    with database.transaction() as session:
        trash.restore(session, newest.id)

    with database.session() as session:
        after = everything(session)
        entry, again = get_entry(session, marked), get_prospect(session, prospect)
        assert entry.values.match_for_source_id == grant and again.source_id == grant
        assert entry.row_version > versions[0] and again.row_version > versions[1].row_version
        # The state grant's terms count it as match again: an edit of those terms.
        state_again = get_terms(session, state)
        assert state_again.values.match_source_ids == [grant]
        assert state_again.row_version > state_terms.row_version
        assert get_terms(session, grant).values.match_source_ids == [city]
        history = audit.history(session, ChangeKind.LEDGER_ENTRY, marked)
        assert (
            history[0].summary
            == "linked again when funding source “Federal crisis grant” was restored"
        )
    # Everything else exactly as before: the setup's own rows with their ids and values.
    for name in ("grant_match_source", "obligation_rule", "obligation", "funding_source",
                 "funding_source_mou"):  # fmt: skip
        assert after[name] == before[name], name
    own_terms = [
        [row for row in rows["grant_terms"] if row[1] == grant] for rows in (after, before)
    ]
    assert own_terms[0] == own_terms[1] != []  # (id, funding_source_id, ...)
