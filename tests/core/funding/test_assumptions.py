"""Assumptions: what a scenario may assume, and how it is stored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from partnerdesk.core.funding.assumptions import Assumptions, SourceOverride, validate_assumptions
from partnerdesk.core.platform.errors import ValidationError


def test_assumptions_round_trip_through_json() -> None:
    original = Assumptions(
        rule="all_renewed",
        years=4,
        base_year=2025,
        basis="budget",
        overrides={"X": SourceOverride(Decimal("1.5"), 20, date(2027, 3, 31))},
    )
    assert Assumptions.from_json(original.to_json()) == original
    with pytest.raises(ValidationError):
        validate_assumptions(Assumptions(years=0))
