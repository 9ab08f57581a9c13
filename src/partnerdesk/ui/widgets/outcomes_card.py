"""The outcomes cards of the Dashboard: the next evaluation due, and the indicators off
target. Clicking either opens the Outcomes area; the figures come from
:func:`partnerdesk.core.outcomes.attention.outcomes_attention`, the words are here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session

from partnerdesk.core.outcomes.attention import outcomes_attention
from partnerdesk.ui.style import AMBER, RED
from partnerdesk.ui.widgets.cards import CardFigure, once_per_load

SECTION = "Outcomes"


def next_evaluation_figure(session: Session, today: date) -> CardFigure:
    attention = once_per_load(session, today, outcomes_attention)
    evaluation, days = attention.next_evaluation, attention.days_until_next
    if evaluation is None or days is None:
        return CardFigure("none", "evaluation planned (set the launch date)")
    when = f"in {days} days" if days >= 0 else f"{-days} days overdue"
    colour = RED if days < 0 else (AMBER if days <= 30 else None)
    return CardFigure(
        f"{evaluation.due_date:%d %b %Y}", f"{evaluation.title} due, {when}", colour=colour
    )


def off_target_figure(session: Session, today: date) -> CardFigure:
    attention = once_per_load(session, today, outcomes_attention)
    count = len(attention.off_target)
    return CardFigure(
        str(count),
        f"of {attention.with_targets} indicators with a target are off target",
        ", ".join(attention.off_target),
        RED if count else None,
    )


def add_outcomes_cards(dashboard: Any, open_outcomes: Callable[[], object]) -> None:
    """Place the two cards on the dashboard (its ``add_live_card``), opening the Outcomes
    area when clicked."""
    for key, caption, load in (
        ("next_evaluation", "next evaluation due", next_evaluation_figure),
        ("off_target", "indicators off target", off_target_figure),
    ):
        dashboard.add_live_card(
            SECTION,
            caption,
            load,
            key=key,
            on_click=open_outcomes,
            tooltip="Open the Outcomes area",
        )
