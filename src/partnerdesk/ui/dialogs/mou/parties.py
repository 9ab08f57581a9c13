"""The Parties tab of the MOU editor: a grid with a heading over each column and one row
per organization (its role, signatory, signed date and information-sharing tier), Add
party, and the reasons a party is refused."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.models import PartyRole, SharingTier
from partnerdesk.core.mou.register import Choice, EditorChoices
from partnerdesk.core.mou.validation import PartyInput
from partnerdesk.ui.widgets.combos import fill_enum, keep_narrow, select_data
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from partnerdesk.ui.widgets.field_errors import ErrorLabel


def _optional_tier(value: Any) -> SharingTier | None:
    """Qt gives str-based enum members back as plain str: make it a member again."""
    return None if value is None else SharingTier(value)


# The columns of the parties grid, with their headings and how they share the width.
COLUMNS = ("Organization", "Role", "Signatory", "Signed on", "Sharing tier", "")
STRETCH = (3, 0, 2, 0, 1, 0)
ORGANIZATION_WIDEST = 260  # px: a longer organization name is cut short
COMBO_DECORATION = 40  # px: a combo box's frame and arrow beside its text


class PartyRow(QObject):
    """One party: organization, role, signatory, signed date, information-sharing tier,
    on one row of the parties grid (its refusal on the line under it)."""

    sig_remove = Signal(object)

    def __init__(self, choices: EditorChoices, parent: QWidget) -> None:
        super().__init__(parent)
        self._choices = choices
        self.org_combo = QComboBox(parent)
        self.org_combo.addItem("Choose an organization…", None)
        for org in choices.organizations:
            if org.active:
                self.org_combo.addItem(org.name, org.id)
        self.role_combo = QComboBox(parent)
        fill_enum(self.role_combo, PartyRole)
        select_data(self.role_combo, PartyRole.PARTNER)
        self.signatory_combo = QComboBox(parent)
        self.signed = OptionalDateEdit("", parent=parent)
        self.signed.check.setToolTip("Tick once this party has signed, and give the date")
        self.tier_combo = QComboBox(parent)
        fill_enum(self.tier_combo, SharingTier, empty="Tier not set")
        for index in range(self.tier_combo.count()):
            # "Intermediate (with consent)": the short name in the row, the rest as a tip.
            text = self.tier_combo.itemText(index)
            self.tier_combo.setItemText(index, text.split(" (")[0])
            self.tier_combo.setItemData(index, text, Qt.ItemDataRole.ToolTipRole)
        self.tier_combo.setToolTip("Information-sharing tier this party works under")
        for combo in (self.org_combo, self.signatory_combo, self.tier_combo):
            # The column, not the longest name, sets the width: the grid shares it out.
            keep_narrow(combo, 10)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # But an organization's name shows whole, up to a long one (its tooltip beyond).
        metrics = self.org_combo.fontMetrics()
        names = [self.org_combo.itemText(i) for i in range(1, self.org_combo.count())]
        widest = max((metrics.horizontalAdvance(name) for name in names), default=0)
        self.org_combo.setMinimumWidth(min(widest, ORGANIZATION_WIDEST) + COMBO_DECORATION)
        self.remove_button = QToolButton(parent)
        self.remove_button.setText("✕")
        self.remove_button.setToolTip("Remove this party from the MOU")
        self.remove_button.setAccessibleName("Remove party")
        self.error = ErrorLabel(parent)
        self.org_combo.currentIndexChanged.connect(lambda _i: self._fill_signatories())
        self.remove_button.clicked.connect(lambda: self.sig_remove.emit(self))
        self._fill_signatories()

    def widgets(self) -> tuple[QWidget, ...]:
        """The row's fields in the order of ``COLUMNS``."""
        return (
            self.org_combo, self.role_combo, self.signatory_combo, self.signed, self.tier_combo,
            self.remove_button,
        )  # fmt: skip

    def _fill_signatories(self, keep: int | None = None) -> None:
        org_id = self.org_combo.currentData()
        current = keep if keep is not None else self.signatory_combo.currentData()
        self.signatory_combo.blockSignals(True)
        self.signatory_combo.clear()
        self.signatory_combo.addItem("No signatory named", None)
        people: list[Choice] = [c for c in self._choices.contacts if c.organization_id == org_id]
        for person in people:
            self.signatory_combo.addItem(person.name, person.id)
        if current is not None and self.signatory_combo.findData(current) < 0:
            # A signatory from elsewhere (moved organization) stays visible rather than lost.
            other = next((c for c in self._choices.contacts if c.id == current), None)
            if other is not None:
                self.signatory_combo.addItem(other.name, other.id)
        select_data(self.signatory_combo, current)
        self.signatory_combo.blockSignals(False)

    def set_party(self, party: PartyInput) -> None:
        if self.org_combo.findData(party.organization_id) < 0:
            org = next(
                (o for o in self._choices.organizations if o.id == party.organization_id), None
            )
            self.org_combo.addItem(
                org.name if org else "(deleted organization)", party.organization_id
            )
        select_data(self.org_combo, party.organization_id)
        select_data(self.role_combo, party.role)
        self._fill_signatories(keep=party.signatory_contact_id)
        self.signed.set_value(party.date_signed)
        select_data(self.tier_combo, party.sharing_tier)

    def party(self) -> PartyInput | None:
        org_id = self.org_combo.currentData()
        if org_id is None:
            return None
        return PartyInput(
            organization_id=int(org_id),
            role=PartyRole(self.role_combo.currentData()),
            signatory_contact_id=self.signatory_combo.currentData(),
            date_signed=self.signed.value(),
            sharing_tier=_optional_tier(self.tier_combo.currentData()),
        )

    def set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.org_combo, self.role_combo, self.signatory_combo, self.signed, self.tier_combo
        ):  # fmt: skip
            widget.setEnabled(not read_only)
        self.remove_button.setVisible(not read_only)


class _RowsScroll(QScrollArea):
    """Scrolls the party rows up and down only: it is as wide as the rows need, so no
    column is cut off at the right (the dialog grows instead)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        rows = self.widget()
        if rows is None:
            return hint
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        return QSize(rows.minimumSizeHint().width() + frame, hint.height())


class PartiesEditor(QWidget):
    """The Parties tab: one grid, a heading over each column and a row per party, Add
    party, and the tab-level reason."""

    def __init__(self, choices: EditorChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices
        self.rows: list[PartyRow] = []
        self._next_grid_row = 1  # row 0 holds the headings; each party takes two rows
        self.error = ErrorLabel(self)
        self.add_button = QPushButton("&Add party", self)
        self.add_button.clicked.connect(lambda: self.add_party())
        header = QLabel(
            "Two or more organizations, exactly one of them the lead agency. "
            "Tick Signed on and give the date once a party has signed."
        )
        header.setWordWrap(True)
        self._rows_box = QWidget()
        self.grid = QGridLayout(self._rows_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(2)
        self.headings: list[QLabel] = []
        for column, (title, stretch) in enumerate(zip(COLUMNS, STRETCH, strict=True)):
            heading = QLabel(f"<b>{title}</b>", self._rows_box)
            self.grid.addWidget(heading, 0, column)
            self.grid.setColumnStretch(column, stretch)
            self.headings.append(heading)
        self.grid.setRowStretch(10_000, 1)  # rows stay at the top
        scroll = _RowsScroll(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._rows_box)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def add_party(self, party: PartyInput | None = None) -> PartyRow:
        row = PartyRow(self._choices, self._rows_box)
        if party is not None:
            row.set_party(party)
        elif not self.rows:
            select_data(row.role_combo, PartyRole.LEAD_AGENCY)
        row.sig_remove.connect(self.remove_party)
        at = self._next_grid_row
        self._next_grid_row += 2
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, at, column)
        self.grid.addWidget(row.error, at + 1, 0, 1, len(COLUMNS))
        self.rows.append(row)
        return row

    def remove_party(self, row: PartyRow) -> None:
        self.rows.remove(row)
        for widget in (*row.widgets(), row.error):
            self.grid.removeWidget(widget)
            widget.deleteLater()
        row.deleteLater()

    def set_parties(self, parties: list[PartyInput]) -> None:
        for row in list(self.rows):
            self.remove_party(row)
        for party in parties:
            self.add_party(party)

    def parties(self) -> tuple[list[PartyInput], list[int]]:
        """The parties chosen, and the row numbers that have no organization yet."""
        chosen: list[PartyInput] = []
        missing: list[int] = []
        for index, row in enumerate(self.rows):
            party = row.party()
            if party is None:
                missing.append(index)
            else:
                chosen.append(party)
        return chosen, missing

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setVisible(not read_only)
        for row in self.rows:
            row.set_read_only(read_only)
