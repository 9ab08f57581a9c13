"""A database with the default catalogue, a launch on 1 January 2025 and a few values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import pytest

from partnerdesk.core.outcomes.catalogue import load_default_catalogue
from partnerdesk.core.outcomes.evaluations import save_launch
from partnerdesk.core.outcomes.summaries import months_between
from partnerdesk.core.outcomes.values import CellChange, set_values
from partnerdesk.core.platform.db import Database

LAUNCH = date(2025, 1, 1)


@pytest.fixture
def catalogue(database: Database) -> dict[str, int]:
    """Indicator ids by code, in an otherwise empty database launched on ``LAUNCH``."""
    with database.transaction() as session:
        ids = load_default_catalogue(session)
        save_launch(session, LAUNCH)
    return ids


def fill(
    database: Database,
    indicator_id: int,
    first: date,
    last: date,
    value: Decimal | int,
    agency_id: int | None = None,
) -> None:
    with database.transaction() as session:
        set_values(
            session,
            [
                CellChange(indicator_id, month, Decimal(value), None, agency_id)
                for month in months_between(first, last)
            ],
        )


def values_of(pairs: Iterable[tuple[date, int]]) -> dict[date, Decimal]:
    return {month: Decimal(value) for month, value in pairs}
