"""The Dashboard's training cards: refreshers overdue and due soon, other required training
overdue, and how many responders have nothing overdue. Clicking one of the first three
opens the Training area on the people who need attention. The section hides while the
program has no responders. The figures come from
:func:`partnerdesk.core.training.readiness.training_attention`; the words are here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session

from partnerdesk.core.training.readiness import TrainingAttention, training_attention
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.widgets.cards import CardFigure, once_per_load

SECTION = "Training"


def _attention(session: Session, today: date) -> TrainingAttention:
    return once_per_load(session, today, training_attention)


def _count(
    value: int, colour: str, attention: TrainingAttention, caption: str | None = None
) -> CardFigure:
    return CardFigure(
        str(value), caption, colour=colour if value else None, shown=attention.any_responders
    )


def refreshers_overdue(session: Session, today: date) -> CardFigure:
    attention = _attention(session, today)
    return _count(attention.refreshers_overdue, RED, attention)


def refreshers_due(session: Session, today: date) -> CardFigure:
    attention = _attention(session, today)
    caption = f"refreshers due within {attention.window_days} days"
    return _count(attention.refreshers_due, AMBER, attention, caption)


def other_overdue(session: Session, today: date) -> CardFigure:
    attention = _attention(session, today)
    return _count(attention.other_overdue, RED, attention)


def people_current(session: Session, today: date) -> CardFigure:
    attention = _attention(session, today)
    return CardFigure(
        f"{attention.people_current} of {attention.people}", shown=attention.any_responders
    )


def add_training_cards(dashboard: Any, show_attention: Callable[[], object]) -> None:
    """Place the four cards on the dashboard (its ``add_live_card``); the first three open
    the Training area on the people who need attention."""
    tooltip = "Open the Training area on the people who need attention"
    for key, caption, load in (
        ("refreshers_overdue", "people overdue for a refresher", refreshers_overdue),
        ("refreshers_due", "refreshers due within 30 days", refreshers_due),
        ("other_overdue", "people overdue for other required training", other_overdue),
    ):
        dashboard.add_live_card(
            SECTION, caption, load, key=key, on_click=show_attention, tooltip=tooltip
        )
    dashboard.add_live_card(
        SECTION, "responders with nothing overdue", people_current, key="training_current"
    )
