"""The two side panes of the MOU composer: the clause library to pick from (left), and
each party's information-sharing tier with what the MOU still lacks (right)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.models import ClauseCategory, SharingTier
from partnerdesk.core.mou.clauses import matches_search
from partnerdesk.core.mou.completeness import Gap
from partnerdesk.core.mou.composition import LibraryClause, PartyInfo
from partnerdesk.ui.style import AMBER, RED

CLAUSE_ROLE = Qt.ItemDataRole.UserRole
GREEN = "#1e6b35"


class LibraryPane(QGroupBox):
    """The approved clauses by section, searchable, the selected one previewed; Add (or a
    double-click) asks for it to be added to the MOU."""

    sig_add = Signal(int)  # clause id

    def __init__(self, library: list[LibraryClause], parent: QWidget | None = None) -> None:
        super().__init__("Approved clauses in the library", parent)
        self.library = library
        self._included: set[int] = set()
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search the library…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self.fill(self._included))
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.itemDoubleClicked.connect(lambda item, _column: self._add(item))
        self.tree.currentItemChanged.connect(self._preview)
        self.preview = QTextBrowser(self)
        self.add_button = QPushButton("&Add to MOU →", self)
        self.add_button.clicked.connect(lambda: self._add(self.tree.currentItem()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.add_button)

    def fill(self, included: set[int]) -> None:
        """The clauses matching the search; those in ``included`` marked as such."""
        self._included = set(included)
        search = self.search_edit.text().strip()
        self.tree.clear()
        sections: dict[ClauseCategory, QTreeWidgetItem] = {}
        for clause in self.library:
            if search and not matches_search(search, clause.title, clause.body):
                continue
            section = sections.get(clause.category)
            if section is None:
                section = QTreeWidgetItem([clause.category.label])
                section.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(section)
                sections[clause.category] = section
            tier = f" [{clause.sharing_tier.label.lower()}]" if clause.sharing_tier else ""
            item = QTreeWidgetItem([f"{clause.title}{tier}"])
            item.setData(0, CLAUSE_ROLE, clause.clause_id)
            item.setToolTip(0, clause.title)
            if clause.clause_id in included:
                item.setText(0, f"{clause.title}{tier} (included)")
                item.setForeground(0, QBrush(QColor("#888888")))
            section.addChild(item)
        self.tree.expandAll()

    def clause(self, clause_id: int | None) -> LibraryClause | None:
        return next((c for c in self.library if c.clause_id == clause_id), None)

    def _preview(self, item: QTreeWidgetItem | None) -> None:
        clause = self.clause(item.data(0, CLAUSE_ROLE) if item is not None else None)
        if clause is None:
            self.preview.clear()
            return
        self.preview.setHtml(
            f"<b>{escape(clause.title)}</b> <small>(version {clause.version})</small><br>"
            + escape(clause.body).replace("\n", "<br>")
        )

    def _add(self, item: QTreeWidgetItem | None) -> None:
        if item is not None and item.data(0, CLAUSE_ROLE) is not None:
            self.sig_add.emit(int(item.data(0, CLAUSE_ROLE)))


class PartyTiers(QGroupBox):
    """One tier choice per party, with who signs for it."""

    sig_changed = Signal()

    def __init__(self, parties: Sequence[PartyInfo], parent: QWidget | None = None) -> None:
        super().__init__("Information-sharing tier of each party", parent)
        form = QFormLayout(self)
        # Each name above its choice: side by side they made the composer 1114 px wide.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.combos: dict[int, QComboBox] = {}
        for party in parties:
            combo = QComboBox(self)
            combo.addItem("Not set", None)
            for tier in SharingTier:
                combo.addItem(tier.label, tier.value)
            combo.setCurrentIndex(
                max(combo.findData(party.sharing_tier.value if party.sharing_tier else None), 0)
            )
            combo.currentIndexChanged.connect(lambda _index: self.sig_changed.emit())
            signer = (
                f"signs: {escape(party.signatory_name)}"
                if party.signatory_name
                else f"<span style='color:{AMBER}'>no signatory</span>"
            )
            label = QLabel(
                f"<b>{escape(party.organization_name)}</b><br>"
                f"<small>{escape(party.role.label)} · {signer}</small>",
                self,
            )
            label.setWordWrap(True)
            form.addRow(label, combo)
            self.combos[party.party_id] = combo
        if not parties:
            form.addRow(QLabel("This MOU has no parties yet (edit the MOU to add them)."))

    def tiers(self) -> dict[int, SharingTier | None]:
        # Qt hands enum data back as plain str: turn it into the enum again.
        return {
            party_id: SharingTier(combo.currentData()) if combo.currentData() else None
            for party_id, combo in self.combos.items()
        }

    def set_read_only(self, read_only: bool) -> None:
        for combo in self.combos.values():
            combo.setEnabled(not read_only)


def completeness_html(gaps: Sequence[Gap], outdated_titles: Sequence[str]) -> str:
    """What the MOU still lacks (or that it is complete), and clauses with newer versions."""
    if not gaps:
        text = (
            f"<p style='color:{GREEN}'><b>Complete.</b> Every required subject is "
            "covered, every party has a tier and a signatory, and the funding is backed "
            "by the ledger.</p>"
        )
    else:
        # What the composer cannot fix says where it is fixed.
        items = "".join(
            f"<li>{escape(gap.message)}"
            + ("" if gap.fixed_in == "composer" else f" (in {escape(gap.where)})")
            + "</li>"
            for gap in gaps
        )
        text = f"<p style='color:{RED}'><b>Still missing ({len(gaps)}):</b></p><ul>{items}</ul>"
    if outdated_titles:
        text += (
            f"<p style='color:{AMBER}'>Newer library versions exist for: "
            + escape(", ".join(outdated_titles))
            + "</p>"
        )
    return text
