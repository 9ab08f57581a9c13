"""Filling and choosing in combo boxes whose items carry data (ids, enum members).

Qt hands a str-based enum member back as a plain str: read ``currentData()`` through the
enum again (``PartyRole(combo.currentData())``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel


def fill_enum(combo: QComboBox, members: Iterable[Any], *, empty: str | None = None) -> None:
    """One item per member, shown by its label; ``empty`` first (data None) when given."""
    if empty is not None:
        combo.addItem(empty, None)
    for member in members:
        combo.addItem(member.label, member)


def select_data(combo: QComboBox, value: Any) -> None:
    """Choose the item carrying ``value``, or the first item when none does."""
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


def refill(
    combo: QComboBox,
    items: Sequence[tuple[Any, str]],
    current: Any,
    *,
    everything: str | None = None,
) -> None:
    """Replace the (data, text) items, keeping ``current`` chosen when it is still there,
    without announcing the change (the caller is refreshing, not the user choosing)."""
    combo.blockSignals(True)
    combo.clear()
    if everything is not None:
        combo.addItem(everything, None)
    for value, text in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def keep_narrow(combo: QComboBox, letters: int) -> None:
    """Size ``combo`` for ``letters`` characters, not for its longest item: long names
    (sources, categories) must not widen the whole window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)


def choice_bar(
    choices: Sequence[tuple[str, QComboBox]], on_choice: Callable[[], object]
) -> QHBoxLayout:
    """A row of labelled combo boxes; ``on_choice()`` runs when the user picks in one."""
    bar = QHBoxLayout()
    for label, combo in choices:
        bar.addWidget(QLabel(label))
        bar.addWidget(combo)
        combo.activated.connect(lambda _index: on_choice())
    bar.addStretch(1)
    return bar
