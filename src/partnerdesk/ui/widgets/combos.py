"""Filling and choosing in combo boxes whose items carry data (ids, enum members).

Qt hands a str-based enum member back as a plain str: read ``currentData()`` through the
enum again (``PartyRole(combo.currentData())``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from partnerdesk.core.platform.dates import DATE_FORMATS, ISO_DATE_FORMAT


def fill_enum(combo: QComboBox, members: Iterable[Any], *, empty: str | None = None) -> None:
    """One item per member, shown by its label; ``empty`` first (data None) when given."""
    if empty is not None:
        combo.addItem(empty, None)
    for member in members:
        combo.addItem(member.label, member)


_EXAMPLE_DAY = date(2026, 4, 3)  # day and month differ, so the example shows the order


def date_format_combo(parent: QWidget) -> QComboBox:
    """ "Dates written as", for an import: day-first or month-first is never guessed, the
    user says which the file uses (``currentData()``: the format's name, None for ISO)."""
    combo = QComboBox(parent)
    combo.addItem(f"{ISO_DATE_FORMAT} or date cells", None)
    for name, pattern in DATE_FORMATS.items():
        if name != ISO_DATE_FORMAT:
            combo.addItem(f"{name} (3 April 2026 is {_EXAMPLE_DAY.strftime(pattern)})", name)
    combo.setToolTip(
        "How the file writes dates as text. Date cells and YYYY-MM-DD are always read; "
        "03/04/2026 is read only once you say whether 03 is the day or the month."
    )
    return combo


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
