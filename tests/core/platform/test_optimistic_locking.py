"""Two people editing the same record: the second save is refused, nothing is lost
(issue #13, item 1).

For every record a form edits together with child rows (an MOU with its parties, its
clauses and its reviews; a contact with their group memberships; a funding source with its
MOU links; a library clause with its versions), Alice and Bob open the same version. Alice
changes only child rows where there are any, Bob changes something else from his copy.
They save one after the other, or at the same moment from two threads. Whoever saves
second is refused with StaleRecordError naming the record, and everything the first saved
is still there: a change to a child counts as a change to the record the user opened.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.contact_commands import ContactInput, update_contact
from partnerdesk.core.directory.groups import add_members, standard_group
from partnerdesk.core.funding.sources import get_source, list_sources, update_source
from partnerdesk.core.models import (
    Clause,
    Contact,
    GroupKind,
    GroupMembership,
    Mou,
    MouClause,
    MouParty,
    Review,
    ReviewOutcome,
    SharingTier,
)
from partnerdesk.core.mou.clauses import get_clause, update_clause
from partnerdesk.core.mou.commands import update_mou
from partnerdesk.core.mou.composition import CompositionEntry, get_composition, save_composition
from partnerdesk.core.mou.register import mou_input_of
from partnerdesk.core.mou.reviews import complete_review, snooze_review
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import StaleRecordError
from tests.conftest import DEMO_TODAY

# Rounds of the simultaneous race per record kind and backend (each from a fresh opening).
ROUNDS = 3

Save = Callable[[Session, int], object]  # (session, the version the user opened) -> saved
Present = Callable[[Session], bool]  # is this user's change in the database?
Edit = Callable[[Any, int], tuple[Save, Present]]  # (the opened form, round) -> both


@dataclass(frozen=True)
class Aggregate:
    """A record and its child rows as one form edits them."""

    name: str
    open: Callable[[Session], tuple[Any, int]]  # the form as opened, and the version seen
    alice: Edit  # a change to the child rows only, where the record has any
    bob: Edit  # another change, from the same opened copy
    # False when Alice's change is an action on another record (Groups › Add members), not
    # a save from her copy of this one: if Bob saves first, hers goes in after his.
    alice_from_copy: bool = True


def mou_id_of(session: Session, code: str) -> int:
    statement = sa.select(Mou.id).where(Mou.reference_code == code, col(Mou.archived).is_(False))
    return int(session.execute(statement.order_by(col(Mou.version_number).desc())).scalar())


# --------------------------------------------------------------------------- the MOU form


def open_mou(session: Session) -> tuple[Any, int]:
    mou_id = mou_id_of(session, "RIV-CR-01")
    mou = session.get(Mou, mou_id)
    assert mou is not None
    return (mou_id, mou_input_of(session, mou_id), get_composition(session, mou_id)), (
        mou.row_version
    )


def bob_retitles_the_mou(form: Any, round_: int) -> tuple[Save, Present]:
    mou_id, data, _ = form
    title = f"Bob's title, round {round_}"

    def save(session: Session, seen: int) -> object:
        changed = dataclasses.replace(data, title=title)
        return update_mou(session, mou_id, changed, seen, today=DEMO_TODAY)

    return save, lambda session: session.get(Mou, mou_id).title == title  # type: ignore[union-attr]


def alice_changes_a_partys_tier(form: Any, round_: int) -> tuple[Save, Present]:
    mou_id, data, _ = form
    first = data.parties[0]
    tiers = list(SharingTier)
    tier = tiers[(tiers.index(first.sharing_tier) + 1) % 3 if first.sharing_tier else 0]
    parties = [dataclasses.replace(first, sharing_tier=tier), *data.parties[1:]]

    def save(session: Session, seen: int) -> object:
        changed = dataclasses.replace(data, parties=parties)
        return update_mou(session, mou_id, changed, seen, today=DEMO_TODAY)

    def present(session: Session) -> bool:
        party = session.exec(
            select(MouParty).where(
                MouParty.mou_id == mou_id, MouParty.organization_id == first.organization_id
            )
        ).one()
        return party.sharing_tier == tier

    return save, present


def alice_drops_a_clause(form: Any, round_: int) -> tuple[Save, Present]:
    mou_id, _, composition = form
    kept = [CompositionEntry(c.clause_version_id, c.override_body) for c in composition.clauses]
    dropped = kept.pop(0).clause_version_id
    tiers = {party.party_id: party.sharing_tier for party in composition.parties}

    def save(session: Session, seen: int) -> object:
        save_composition(session, mou_id, kept, tiers, seen)
        return None

    def present(session: Session) -> bool:
        included = session.exec(
            select(MouClause.clause_version_id).where(MouClause.mou_id == mou_id)
        ).all()
        return dropped not in included and len(included) == len(kept)

    return save, present


def _review_with_notes(session: Session, mou_id: int, notes: str) -> bool:
    statement = select(Review).where(Review.mou_id == mou_id, Review.notes == notes)
    return session.exec(statement).first() is not None


def completes_the_review(who: str) -> Edit:
    """The review dialog (MOUs › Complete review) as ``who`` fills it in."""

    def edit(form: Any, round_: int) -> tuple[Save, Present]:
        mou_id = form[0]
        notes = f"{who}'s review, round {round_}"

        def save(session: Session, seen: int) -> object:
            return complete_review(
                session,
                mou_id,
                completed_date=DEMO_TODAY,
                outcome=ReviewOutcome.RENEWED_UNCHANGED,
                today=DEMO_TODAY,
                notes=notes,
                seen_version=seen,
            )

        return save, lambda session: _review_with_notes(session, mou_id, notes)

    return edit


def bob_snoozes_the_review(form: Any, round_: int) -> tuple[Save, Present]:
    mou_id = form[0]
    reason = f"Bob waits for the board, round {round_}"

    def save(session: Session, seen: int) -> object:
        due = session.exec(
            select(Review.due_date).where(
                Review.mou_id == mou_id, col(Review.completed_date).is_(None)
            )
        ).one()
        until = max(due, DEMO_TODAY) + (date(2000, 1, 31) - date(2000, 1, 1))
        return snooze_review(
            session, mou_id, until=until, reason=reason, today=DEMO_TODAY, seen_version=seen
        )

    def present(session: Session) -> bool:
        statement = select(Review).where(Review.mou_id == mou_id, Review.snooze_reason == reason)
        return session.exec(statement).first() is not None

    return save, present


# --------------------------------------------------------------------------- a contact


def open_contact(session: Session) -> tuple[Any, int]:
    contact = session.exec(select(Contact).order_by(col(Contact.id))).first()
    assert contact is not None and contact.id is not None
    groups = session.exec(
        select(GroupMembership.group_id).where(GroupMembership.contact_id == contact.id)
    ).all()
    data = ContactInput(
        full_name=contact.full_name,
        organization_id=contact.organization_id,
        title=contact.title or "",
        email=contact.email or "",
        phone=contact.phone or "",
        active=contact.active,
        notes=contact.notes or "",
        groups=tuple(groups),
    )
    return (contact.id, data), contact.row_version


def _is_member(session: Session, contact_id: int, group_id: int) -> bool:
    return session.get(GroupMembership, (group_id, contact_id)) is not None


def alice_toggles_a_group_in_the_contact_editor(form: Any, round_: int) -> tuple[Save, Present]:
    contact_id, data = form
    member = {int(g) for g in data.groups}

    def save(session: Session, seen: int) -> object:
        group_id = standard_group(session, GroupKind.SUSTAINABILITY_COMMITTEE).id
        wanted = member ^ {group_id}
        changed = dataclasses.replace(data, groups=tuple(sorted(wanted)))  # type: ignore[arg-type]
        return update_contact(session, contact_id, changed, seen_version=seen)

    def present(session: Session) -> bool:
        group_id = standard_group(session, GroupKind.SUSTAINABILITY_COMMITTEE).id
        assert group_id is not None
        return _is_member(session, contact_id, group_id) == (group_id not in member)

    return save, present


def alice_adds_them_from_the_group_list(form: Any, round_: int) -> tuple[Save, Present]:
    """Groups › Add members: an action on the group, with no version of the contact."""
    contact_id = form[0]
    name = f"Round {round_} task force"

    def save(session: Session, seen: int) -> object:
        from partnerdesk.core.directory.groups import create_group

        group = create_group(session, name)
        assert group.id is not None
        return add_members(session, group.id, [contact_id])

    def present(session: Session) -> bool:
        from partnerdesk.core.directory.groups import find_group

        group = find_group(session, name)
        return group is not None and _is_member(session, contact_id, group.id or 0)

    return save, present


def bob_retitles_the_contact(form: Any, round_: int) -> tuple[Save, Present]:
    contact_id, data = form
    title = f"Bob's title {round_}"

    def save(session: Session, seen: int) -> object:
        changed = dataclasses.replace(data, title=title)
        return update_contact(session, contact_id, changed, seen_version=seen)

    return save, lambda s: s.get(Contact, contact_id).title == title  # type: ignore[union-attr]


# --------------------------------------------------------------------------- a funding source


def open_source(session: Session) -> tuple[Any, int]:
    source_id = list_sources(session)[0].id
    detail = get_source(session, source_id)
    return (source_id, detail.values), detail.row_version


def alice_toggles_an_mou_link(form: Any, round_: int) -> tuple[Save, Present]:
    source_id, values = form
    linked = set(values.mou_ids)

    def save(session: Session, seen: int) -> object:
        mou_id = mou_id_of(session, "RIV-MC-01")
        changed = dataclasses.replace(values, mou_ids=sorted(linked ^ {mou_id}))
        update_source(session, source_id, changed, seen)
        return None

    def present(session: Session) -> bool:
        mou_id = mou_id_of(session, "RIV-MC-01")
        return (mou_id in get_source(session, source_id).values.mou_ids) == (mou_id not in linked)

    return save, present


def bob_renames_the_source(form: Any, round_: int) -> tuple[Save, Present]:
    source_id, values = form
    name = f"Bob's source name {round_}"

    def save(session: Session, seen: int) -> object:
        update_source(session, source_id, dataclasses.replace(values, name=name), seen)
        return None

    return save, lambda session: get_source(session, source_id).values.name == name


# --------------------------------------------------------------------------- a library clause


def open_clause(session: Session) -> tuple[Any, int]:
    clause = session.exec(select(Clause).order_by(col(Clause.id))).first()
    assert clause is not None and clause.id is not None
    detail = get_clause(session, clause.id)
    return (clause.id, detail.as_input()), detail.row_version


def alice_rewords_the_clause(form: Any, round_: int) -> tuple[Save, Present]:
    clause_id, data = form
    body = f"{data.body} Reviewed by Alice in round {round_}."

    def save(session: Session, seen: int) -> object:
        return update_clause(session, clause_id, dataclasses.replace(data, body=body), seen)

    return save, lambda session: get_clause(session, clause_id).as_input().body == body


def bob_retitles_the_clause(form: Any, round_: int) -> tuple[Save, Present]:
    clause_id, data = form
    title = f"Bob's clause title {round_}"

    def save(session: Session, seen: int) -> object:
        return update_clause(session, clause_id, dataclasses.replace(data, title=title), seen)

    return save, lambda session: get_clause(session, clause_id).as_input().title == title


AGGREGATES = [
    Aggregate("MOU: a party's sharing tier", open_mou, alice_changes_a_partys_tier,
              bob_retitles_the_mou),
    Aggregate("MOU: its clauses (composer)", open_mou, alice_drops_a_clause, bob_retitles_the_mou),
    Aggregate("MOU: its review (review dialog twice)", open_mou, completes_the_review("Alice"),
              completes_the_review("Bob")),
    Aggregate("MOU: its review, then the editor", open_mou, completes_the_review("Alice"),
              bob_retitles_the_mou),
    Aggregate("MOU: its review, then a snooze", open_mou, completes_the_review("Alice"),
              bob_snoozes_the_review),
    Aggregate("contact: group memberships (editor)", open_contact,
              alice_toggles_a_group_in_the_contact_editor, bob_retitles_the_contact),
    Aggregate("contact: group memberships (group list)", open_contact,
              alice_adds_them_from_the_group_list, bob_retitles_the_contact,
              alice_from_copy=False),
    Aggregate("funding source: MOU links", open_source, alice_toggles_an_mou_link,
              bob_renames_the_source),
    Aggregate("clause: its text", open_clause, alice_rewords_the_clause, bob_retitles_the_clause),
]  # fmt: skip


def opened(database: Database, aggregate: Aggregate) -> tuple[Any, int]:
    with database.session() as session:
        return aggregate.open(session)


def holds(database: Database, present: Present) -> bool:
    with database.session() as session:
        return present(session)


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.name)
def test_saves_one_after_the_other(demo_database: Database, aggregate: Aggregate) -> None:
    form, seen = opened(demo_database, aggregate)  # Alice and Bob open the same version
    alice_save, alice_present = aggregate.alice(form, 1)
    bob_save, bob_present = aggregate.bob(form, 1)
    with demo_database.transaction() as session:
        alice_save(session, seen)
    with pytest.raises(StaleRecordError) as refused, demo_database.transaction() as session:
        bob_save(session, seen)
    assert "someone else" in refused.value.message and refused.value.entity_id is not None
    assert holds(demo_database, alice_present), "the first save was lost"
    assert not holds(demo_database, bob_present), "the refused save changed something"


def race(database: Database, saves: dict[str, Callable[[Session], object]]) -> dict[str, Any]:
    """Run each save in its own thread and transaction, all let go at the same moment;
    what each raised (None for a save that went in)."""
    start = threading.Barrier(len(saves))
    outcome: dict[str, BaseException | None] = {}

    def save(who: str) -> None:
        start.wait(timeout=30)
        try:
            with database.transaction() as session:
                saves[who](session)
            outcome[who] = None
        except BaseException as exc:
            outcome[who] = exc

    threads = [threading.Thread(target=save, args=(who,)) for who in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.name)
def test_saves_at_the_same_moment(demo_database: Database, aggregate: Aggregate) -> None:
    for round_ in range(1, ROUNDS + 1):
        form, seen = opened(demo_database, aggregate)
        edits = {"alice": aggregate.alice(form, round_), "bob": aggregate.bob(form, round_)}
        outcome = race(
            demo_database,
            {who: functools.partial(save, seen=seen) for who, (save, _) in edits.items()},
        )
        winners = [who for who, exc in outcome.items() if exc is None]
        losers = {who: exc for who, exc in outcome.items() if exc is not None}
        if not aggregate.alice_from_copy and len(winners) == 2:
            assert all(holds(demo_database, present) for _, present in edits.values())
            continue
        assert len(winners) == 1, outcome
        assert all(isinstance(exc, StaleRecordError) for exc in losers.values()), losers
        assert holds(demo_database, edits[winners[0]][1]), f"round {round_}: the save was lost"
        for who in losers:
            assert not holds(demo_database, edits[who][1]), f"round {round_}: {who} wrote"
