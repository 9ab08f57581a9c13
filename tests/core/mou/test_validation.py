"""What makes an MOU valid: one message per field, naming the field and the reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnerdesk.core.models import PartyRole
from partnerdesk.core.mou.commands import create_mou
from partnerdesk.core.mou.validation import PartyInput, validate_mou
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ValidationError
from tests.conftest import DEMO_TODAY
from tests.core.mou.conftest import create, draft

TODAY = DEMO_TODAY


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"expiry_date": date(2026, 1, 31)}, "expiry_date", "before the effective date"),
        ({"review_interval_months": 0}, "review_interval_months", "1 to 60 months"),
        ({"review_interval_months": 61}, "review_interval_months", "1 to 60 months"),
        ({"reference_code": ""}, "reference_code", "reference code"),
        ({"reference_code": "LAK CR"}, "reference_code", None),
        ({"title": "   "}, "title", "title"),
        ({"reminder_days": (400,)}, "reminder_days", "366"),
    ],
)
def test_field_problems_name_the_field_and_the_reason(
    database: Database, orgs: list[int], changes: dict[str, object], field: str, words: str | None
) -> None:
    data = draft(orgs, **changes)
    with database.session() as session:
        problems = validate_mou(session, data, today=TODAY)
    if field == "reference_code" and words is None:
        # Spaces are removed from codes, so "LAK CR" is simply LAKCR: valid.
        assert "reference_code" not in problems
        return
    assert field in problems, problems
    assert words is None or words in problems[field]
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        create_mou(session, data, today=TODAY)
    assert caught.value.field in problems


def test_fewer_than_two_parties_is_refused(database: Database, orgs: list[int]) -> None:
    data = draft(orgs, parties=[PartyInput(orgs[0], PartyRole.LEAD_AGENCY)])
    with database.session() as session:
        problems = validate_mou(session, data, today=TODAY)
    assert "at least two parties" in problems["parties"]


def test_one_lead_agency_and_no_party_twice(database: Database, orgs: list[int]) -> None:
    twice = draft(
        orgs,
        parties=[PartyInput(orgs[0], PartyRole.LEAD_AGENCY), PartyInput(orgs[0])],
    )
    no_lead = draft(orgs, parties=[PartyInput(orgs[0]), PartyInput(orgs[1])])
    with database.session() as session:
        assert (
            "already party 1"
            in validate_mou(session, twice, today=TODAY)["parties[1].organization_id"]
        )
        assert "lead agency" in validate_mou(session, no_lead, today=TODAY)["parties"]


def test_a_signature_dated_in_the_future_is_refused(database: Database, orgs: list[int]) -> None:
    tomorrow = TODAY + timedelta(days=1)
    data = draft(
        orgs,
        parties=[
            PartyInput(orgs[0], PartyRole.LEAD_AGENCY, date_signed=tomorrow),
            PartyInput(orgs[1]),
        ],
    )
    with database.session() as session:
        problems = validate_mou(session, data, today=TODAY)
    assert "in the future" in problems["parties[0].date_signed"]


def test_reference_codes_are_unique_ignoring_case(database: Database, orgs: list[int]) -> None:
    create(database, draft(orgs))
    with database.session() as session:
        problems = validate_mou(session, draft(orgs, reference_code="lak-cr-01"), today=TODAY)
    assert "already used" in problems["reference_code"]


def test_an_agreement_in_force_needs_an_effective_date(database: Database, orgs: list[int]) -> None:
    with database.session() as session:
        problems = validate_mou(session, draft(orgs, effective_date=None), today=TODAY)
    assert "effective date" in problems["effective_date"]
