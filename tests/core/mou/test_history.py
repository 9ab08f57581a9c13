"""An MOU's History in words a person reads: "Expiry date changed from 18 Nov 2027 to
18 Nov 2029 by dana" — names rather than ids, labels rather than stored values, dates as
people write them, and no bookkeeping ("position 2", "MOU version 3 -> 6")."""

from __future__ import annotations

from datetime import date

from partnerdesk.core.models import PartyRole, SharingTier
from partnerdesk.core.mou.commands import amend_mou, set_archived, update_mou
from partnerdesk.core.mou.history import mou_history
from partnerdesk.core.mou.history_wording import clause_list_sentence, value_text
from partnerdesk.core.mou.register import mou_input_of
from partnerdesk.core.mou.validation import PartyInput
from partnerdesk.core.platform.db import Database, current_os_user
from tests.conftest import DEMO_TODAY
from tests.core.mou.conftest import create, draft

TODAY = DEMO_TODAY


def _texts(database: Database, mou_id: int) -> list[str]:
    with database.session() as session:
        return [row.text for row in mou_history(session, mou_id)]


def _me(database: Database, mou_id: int) -> str:
    """Who the History names: the OS user, with the server login on a team database."""
    with database.session() as session:
        who = mou_history(session, mou_id)[0].who
    assert who.startswith(current_os_user())
    return who


def test_history_says_who_changed_what_from_what_to_what(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs, expiry_date=date(2027, 11, 18)))
    with database.session() as session:
        data = mou_input_of(session, mou_id)
    data.title = "Renamed pilot"
    data.expiry_date = date(2029, 11, 18)
    data.parties[1].role = PartyRole.FUNDER
    data.parties[1].sharing_tier = SharingTier.INTERMEDIATE
    data.parties.append(PartyInput(orgs[2]))
    with database.transaction() as session:
        update_mou(session, mou_id, data, 1, today=TODAY)
    me = _me(database, mou_id)
    texts = _texts(database, mou_id)
    assert f"Expiry date changed from 18 Nov 2027 to 18 Nov 2029 by {me}" in texts
    assert f"Title changed from Lakeside co-responder pilot to Renamed pilot by {me}" in texts
    assert f"Lakeside Behavioral Health's role changed from Partner to Funder by {me}" in texts
    assert (
        "Lakeside Behavioral Health's information-sharing tier set to "
        f"Intermediate (with consent) by {me}"
    ) in texts
    assert f"Lakeside Foundation added as partner by {me}" in texts
    assert texts[-1] == f"Version 1 created by {me}"  # one line for the creation
    assert any(t.startswith("Review scheduled for ") for t in texts)
    # Never the raw vocabulary of the database.
    for raw in ("position", "sharing_tier", "_id", "lead_agency", "2029-11-18", "MOU #"):
        assert not any(raw in t for t in texts), (raw, texts)


def test_history_of_an_amendment_and_of_the_version_it_replaced(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs))
    with database.transaction() as session:
        amended = amend_mou(session, mou_id, None, None, today=TODAY)
        assert amended.id is not None
        new_id = amended.id
    with database.transaction() as session:
        set_archived(session, new_id, True, None)
    me = _me(database, new_id)
    earlier, later = _texts(database, mou_id), _texts(database, new_id)
    assert earlier[0] == f"Superseded by version 2 by {me}"
    assert later[0] == f"Archived by {me}"
    assert f"Version 2 created, amending version 1 by {me}" in later
    assert f"Scheduled review moved over from version 1 by {me}" in later
    assert not any("->" in t or "→" in t for t in earlier + later)


def test_values_read_as_people_write_them() -> None:
    assert value_text("expiry_date", "2027-11-18") == "18 Nov 2027"
    assert value_text("status", "in_negotiation") == "In negotiation"
    assert value_text("sharing_tier", "basic") == "Basic"
    assert value_text("review_interval_months", "12") == "12 months"
    assert value_text("reminder_days", "90,30,7") == "90, 30 and 7 days before"
    assert value_text("signatory_contact_id", "7", "Dana Whitfield") == "Dana Whitfield"
    assert value_text("notes", None) == ""


def test_a_clause_list_change_names_the_clauses() -> None:
    old = "Response protocol (v1); Data sharing (v2, reworded)"
    new = "Response protocol (v2); Liability (v1)"
    assert clause_list_sentence(old, new) == (
        "Clauses: added “Liability”; removed “Data sharing”; "
        "moved “Response protocol” from v1 to v2"
    )
