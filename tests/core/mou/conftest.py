"""Shared by the MOU tests: three organizations with one contact each (``orgs``), a valid
MOU among them with any field changed (``draft``), and saving one (``create``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from partnerdesk.core.models import (
    Contact,
    MouStatus,
    Organization,
    OrganizationKind,
    PartyRole,
    ResponseModel,
)
from partnerdesk.core.mou.commands import create_mou
from partnerdesk.core.mou.validation import MouInput, PartyInput
from partnerdesk.core.platform.db import Database
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY


@pytest.fixture
def orgs(database: Database) -> list[int]:
    """Three organizations with one contact each."""
    ids: list[int] = []
    with database.transaction() as session:
        for name, kind in (
            ("Lakeside Police", OrganizationKind.LAW_ENFORCEMENT),
            ("Lakeside Behavioral Health", OrganizationKind.MENTAL_HEALTH_AGENCY),
            ("Lakeside Foundation", OrganizationKind.FOUNDATION),
        ):
            org = Organization(name=name, name_key=name.lower(), kind=kind)
            session.add(org)
            session.flush()
            assert org.id is not None
            session.add(Contact(full_name=f"Signer of {name}", organization_id=org.id))
            ids.append(org.id)
    return ids


def draft(orgs: list[int], **changes: object) -> MouInput:
    base = MouInput(
        reference_code="LAK-CR-01",
        title="Lakeside co-responder pilot",
        response_model=ResponseModel.CO_RESPONDER_TEAM,
        parties=[
            PartyInput(orgs[0], PartyRole.LEAD_AGENCY, date_signed=date(2026, 1, 5)),
            PartyInput(orgs[1], PartyRole.PARTNER, date_signed=date(2026, 1, 6)),
        ],
        status=MouStatus.ACTIVE,
        effective_date=date(2026, 2, 1),
        expiry_date=date(2029, 1, 31),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def create(database: Database, data: MouInput) -> int:
    with database.transaction() as session:
        mou = create_mou(session, data, today=TODAY)
        assert mou.id is not None
        return mou.id
