"""The Parties tab of the MOU editor: one row per organization (its role, signatory,
signed date and information-sharing tier), Add party, and the reasons a party is refused."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
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


class PartyRow(QWidget):
    """One party: organization, role, signatory, signed date, information-sharing tier."""

    sig_remove = Signal(object)

    def __init__(self, choices: EditorChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices
        self.org_combo = QComboBox(self)
        self.org_combo.addItem("Choose an organization…", None)
        for org in choices.organizations:
            if org.active:
                self.org_combo.addItem(org.name, org.id)
        self.role_combo = QComboBox(self)
        fill_enum(self.role_combo, PartyRole)
        select_data(self.role_combo, PartyRole.PARTNER)
        self.signatory_combo = QComboBox(self)
        self.signed = OptionalDateEdit("Signed", parent=self)
        self.tier_combo = QComboBox(self)
        fill_enum(self.tier_combo, SharingTier, empty="Tier not set")
        self.tier_combo.setToolTip("Information-sharing tier this party works under")
        for combo in (self.org_combo, self.signatory_combo, self.tier_combo):
            # Long names must not push the Remove button out of sight.
            keep_narrow(combo, 14 if combo is self.tier_combo else 8)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setToolTip("Remove this party from the MOU")
        self.error = ErrorLabel(self)
        self.org_combo.currentIndexChanged.connect(lambda _i: self._fill_signatories())
        self.remove_button.clicked.connect(lambda: self.sig_remove.emit(self))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.addWidget(self.org_combo, 0, 0)
        grid.addWidget(self.role_combo, 0, 1)
        grid.addWidget(self.signatory_combo, 0, 2)
        grid.addWidget(self.signed, 0, 3)
        grid.addWidget(self.tier_combo, 0, 4)
        grid.addWidget(self.remove_button, 0, 5)
        grid.addWidget(self.error, 1, 0, 1, 6)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        self._fill_signatories()

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


class PartiesEditor(QWidget):
    """The Parties tab: a row per party, Add party, and the tab-level reason."""

    def __init__(self, choices: EditorChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices
        self.rows: list[PartyRow] = []
        self.error = ErrorLabel(self)
        self.add_button = QPushButton("&Add party", self)
        self.add_button.clicked.connect(lambda: self.add_party())
        header = QLabel(
            "Two or more organizations, exactly one of them the lead agency. "
            "Tick Signed and give the date once a party has signed."
        )
        header.setWordWrap(True)
        self._rows_box = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._rows_box)
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
        self._rows_layout.insertWidget(len(self.rows), row)
        self.rows.append(row)
        return row

    def remove_party(self, row: PartyRow) -> None:
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
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
