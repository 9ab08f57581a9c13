"""An MOU's History: who changed which field, from what to what, with names rather than ids."""

from __future__ import annotations

from partnerdesk.core.models import PartyRole
from partnerdesk.core.mou.commands import update_mou
from partnerdesk.core.mou.history import mou_history
from partnerdesk.core.mou.register import mou_input_of
from partnerdesk.core.mou.validation import PartyInput
from partnerdesk.core.platform.db import Database
from tests.conftest import DEMO_TODAY
from tests.core.mou.conftest import create, draft

TODAY = DEMO_TODAY


def test_history_shows_who_changed_which_field_from_what_to_what(
    database: Database, orgs: list[int]
) -> None:
    mou_id = create(database, draft(orgs))
    with database.session() as session:
        data = mou_input_of(session, mou_id)
    data.title = "Renamed pilot"
    data.parties[1].role = PartyRole.FUNDER
    data.parties.append(PartyInput(orgs[2]))
    with database.transaction() as session:
        update_mou(session, mou_id, data, 1, today=TODAY)
    with database.session() as session:
        history = mou_history(session, mou_id)
    title = next(h for h in history if h.field == "title" and h.subject == "MOU")
    assert (title.old_value, title.new_value) == ("Lakeside co-responder pilot", "Renamed pilot")
    assert title.who
    role = next(h for h in history if h.subject == "Party" and h.field == "role" and h.old_value)
    assert (role.old_value, role.new_value) == ("partner", "funder")
    added = [h for h in history if h.subject == "Party" and h.field == "organization"]
    assert "Lakeside Foundation" in {h.new_value for h in added}
    assert any(h.subject == "Review" for h in history)
