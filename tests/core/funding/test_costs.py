"""Program costs: editing rules and audit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partnerdesk.core.funding import costs
from partnerdesk.core.funding.costs import CostInput
from partnerdesk.core.models import CostCategory
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import ConflictError, ValidationError


def test_costs_crud(demo_database: Database) -> None:
    with demo_database.transaction() as session:
        cost_id = costs.create_cost(
            session, CostInput(2030, CostCategory.TRAINING, Decimal("1200.50"), "academy")
        )
        version, data = costs.get_cost(session, cost_id)
        data.amount = Decimal("1300")
        costs.update_cost(session, cost_id, data, version)
    with demo_database.transaction() as session:
        rows = [c for c in costs.list_costs(session) if c.id == cost_id]
        assert rows[0].amount == Decimal("1300.00")
        with pytest.raises(ValidationError):
            costs.create_cost(session, CostInput(2030, CostCategory.OTHER, Decimal("-1")))
        with pytest.raises(ConflictError, match="changed by someone else"):
            costs.update_cost(session, cost_id, data, version)  # the copy from before
        costs.delete_cost(session, cost_id)
    with demo_database.session() as session:
        assert all(c.id != cost_id for c in costs.list_costs(session))


def test_an_implausible_cost_is_refused(database: Database) -> None:
    with database.transaction() as session, pytest.raises(ValidationError) as caught:
        costs.create_cost(session, CostInput(2030, CostCategory.OTHER, Decimal("5e12")))
    assert caught.value.field == "amount"
