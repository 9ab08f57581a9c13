"""A person's MOU roles: signatures and named roles, adding and removing them, audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from partnerdesk.core.directory import mou_roles as svc
from partnerdesk.core.models import ContactMouRole, Mou
from partnerdesk.core.platform.audit import history
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from tests.core.directory.conftest import id_of_contact


def test_mou_roles_list_signatures_and_named_roles(demo_database: Database) -> None:
    contact_id = id_of_contact(demo_database, "Helen Zhou")
    with demo_database.session() as session:
        roles = svc.mou_roles(session, contact_id)
        mou = session.exec(select(Mou)).first()
        assert mou is not None and mou.id is not None
        mou_id = mou.id
    assert {r.role for r in roles} == {ContactMouRole.PRIVACY_OFFICER}
    with demo_database.transaction() as session:
        link = svc.add_mou_role(session, contact_id, mou_id, ContactMouRole.LEGAL)
        link_id = link.id
    with (
        pytest.raises(ValidationError, match="already legal contact"),
        demo_database.transaction() as session,
    ):
        svc.add_mou_role(session, contact_id, mou_id, ContactMouRole.LEGAL)
    with (
        pytest.raises(ValidationError, match="Parties tab"),
        demo_database.transaction() as session,
    ):
        svc.add_mou_role(session, contact_id, mou_id, ContactMouRole.SIGNATORY)
    with demo_database.transaction() as session:
        assert link_id is not None
        svc.remove_mou_role(session, link_id)
    with demo_database.session() as session:
        assert len(svc.mou_roles(session, contact_id)) == len(roles)
        summaries = [e.summary or "" for e in history(session, ChangeKind.CONTACT, contact_id)]
        assert any("named legal contact" in s for s in summaries)
        assert any("no longer legal contact" in s for s in summaries)
