"""Composing an MOU: pick approved clauses per section, order them, reword one for this MOU
only, set each party's information-sharing tier, and watch what is still missing."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from partnerdesk import APP_NAME
from partnerdesk.core.models import ClauseCategory, ClauseStatus, MouClause, SharingTier
from partnerdesk.core.mou.clause_variables import check_clause_text
from partnerdesk.core.mou.completeness import Gap, find_gaps
from partnerdesk.core.mou.composition import (
    SECTION_ORDER,
    CompositionEntry,
    LibraryClause,
    NewestVersion,
    PartyInfo,
    composable_clauses,
    get_composition,
    newest_versions,
    save_composition,
    superseding_version,
)
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.progress import Progress
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.mou.composer_panes import (
    CLAUSE_ROLE,
    LibraryPane,
    PartyTiers,
    completeness_html,
)
from partnerdesk.ui.style import AMBER
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.field_errors import ErrorLabel
from partnerdesk.ui.widgets.sizing import open_at
from partnerdesk.ui.widgets.text_caps import cap_to_field


@dataclass
class WorkingClause:
    """A clause as the drafter is arranging it (saved only with Save)."""

    clause_id: int
    clause_version_id: int
    category: ClauseCategory
    title: str
    version: int
    current_version: int
    sharing_tier: SharingTier | None
    library_body: str
    override_body: str | None
    status: ClauseStatus

    @property
    def outdated(self) -> bool:
        return self.version < self.current_version


class MouComposer(QDialog):
    """The clauses of one MOU, by section, beside the library and the parties' tiers."""

    sig_saved = Signal(int)  # MOU id

    def __init__(self, context: AppContext, mou_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.mou_id = mou_id
        with context.database.session() as session:
            composition = get_composition(session, mou_id, context.today())
            self.library: list[LibraryClause] = composable_clauses(session)
            self.newest: dict[int, NewestVersion] = newest_versions(
                session, [c.clause_id for c in composition.clauses if c.outdated]
            )
            self.superseded_by = superseding_version(session, mou_id)
        self.row_version = composition.row_version
        self.parties: list[PartyInfo] = list(composition.parties)
        self.funding_links = len(composition.funding_source_ids)
        self.indicators = composition.indicators
        self.entries: list[WorkingClause] = [
            WorkingClause(
                c.clause_id, c.clause_version_id, c.category, c.title, c.version,
                c.current_version, c.sharing_tier, c.library_body, c.override_body,
                c.clause_status,
            )
            for c in composition.clauses
        ]  # fmt: skip
        self.read_only = self.superseded_by is not None
        self.dirty = False
        self.setWindowTitle(f"Compose {composition.reference_code}: {composition.title}")
        open_at(self, 1180, 760)

        # -- library (left)
        self.library_pane = LibraryPane(self.library, self)
        self.library_pane.sig_add.connect(self.add_clause)

        # -- this MOU (middle)
        self.mou_tree = QTreeWidget(self)
        self.mou_tree.setHeaderHidden(True)
        self.mou_tree.currentItemChanged.connect(self._entry_selected)
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move do&wn", self)
        self.remove_button = QPushButton("&Remove", self)
        self.newest_button = QPushButton("Use &newest version", self)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self._remove)
        self.newest_button.clicked.connect(self._use_newest)
        move_row = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button, self.newest_button):
            move_row.addWidget(button)
        self.reword_check = QCheckBox("Re&word for this MOU only")
        self.reword_check.setToolTip("The clause in the library is kept as it is.")
        self.reword_check.toggled.connect(self._reword_toggled)
        self.text_edit = QPlainTextEdit(self)
        cap_to_field(self.text_edit, MouClause, "override_body")
        self.text_edit.textChanged.connect(self._text_edited)
        self.text_error = ErrorLabel(self)
        self.version_label = QLabel(self)
        self.version_label.setWordWrap(True)
        mou_box = QGroupBox("Clauses of this MOU, by section", self)
        mou_layout = QVBoxLayout(mou_box)
        mou_layout.addWidget(self.mou_tree, 3)
        mou_layout.addLayout(move_row)
        mou_layout.addWidget(self.version_label)
        mou_layout.addWidget(self.reword_check)
        mou_layout.addWidget(self.text_edit, 2)
        mou_layout.addWidget(self.text_error)

        # -- parties and completeness (right)
        self.party_tiers = PartyTiers(self.parties, self)
        self.party_tiers.sig_changed.connect(self._changed)
        self.gaps_label = QLabel(self)
        self.gaps_label.setWordWrap(True)
        self.gaps_label.setTextFormat(Qt.TextFormat.RichText)
        self.gaps_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        gaps_box = QGroupBox("Completeness", self)
        gaps_layout = QVBoxLayout(gaps_box)
        gaps_layout.addWidget(self.gaps_label)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.party_tiers)
        right_layout.addWidget(gaps_box, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.library_pane)
        splitter.addWidget(mou_box)
        splitter.addWidget(right)
        splitter.setSizes([340, 480, 340])

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; padding: 6px; border-radius: 4px;")
        self.banner.setVisible(self.read_only)
        if self.read_only:
            self.banner.setText(
                f"This is an earlier version, superseded by version {self.superseded_by}; it is "
                "kept as it was. Compose the newest version instead."
            )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self.save_shortcut.activated.connect(self.save)
        # Keyboard use of the clause list: move and remove without the mouse.
        for keys, slot in (
            ("Ctrl+Up", lambda: self._move(-1)),
            ("Ctrl+Down", lambda: self._move(1)),
            ("Delete", self._remove),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.mou_tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self.up_button.setToolTip("Ctrl+Up")
        self.down_button.setToolTip("Ctrl+Down")
        self.remove_button.setToolTip("Delete")

        if self.read_only:
            for widget in (
                self.library_pane.add_button, self.up_button, self.down_button,
                self.remove_button, self.newest_button, self.reword_check,
            ):  # fmt: skip
                widget.setEnabled(False)
            self.party_tiers.set_read_only(True)
            self.text_edit.setReadOnly(True)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self._fill_library()
        self._fill_mou(select=self.entries[0].clause_id if self.entries else None)
        self._refresh_gaps()

    # -- state
    def gaps(self) -> list[Gap]:
        tiers = self.party_tiers.tiers()
        parties = [
            PartyInfo(
                p.party_id, p.organization_id, p.organization_name, p.address, p.role,
                tiers.get(p.party_id, p.sharing_tier), p.signatory_name, p.signatory_title,
                p.date_signed,
            )
            for p in self.parties
        ]  # fmt: skip
        return find_gaps(
            (e.category for e in self.entries),
            (e.sharing_tier for e in self.entries),
            parties,
            self.funding_links,
            self.indicators,
        )

    def _entry(self, clause_id: int | None) -> WorkingClause | None:
        return next((e for e in self.entries if e.clause_id == clause_id), None)

    def current_entry(self) -> WorkingClause | None:
        item = self.mou_tree.currentItem()
        return self._entry(item.data(0, CLAUSE_ROLE)) if item is not None else None

    def _changed(self) -> None:
        self.dirty = True
        self._refresh_gaps()

    # -- library
    def _fill_library(self) -> None:
        self.library_pane.fill({e.clause_id for e in self.entries})

    def add_clause(self, clause_id: int) -> None:
        """Add a library clause at the end of its section."""
        if self.read_only:
            return
        clause = self.library_pane.clause(clause_id)
        if clause is None:
            return
        if self._entry(clause_id) is not None:
            self.select_entry(clause_id)
            return
        self.entries.append(
            WorkingClause(
                clause.clause_id, clause.clause_version_id, clause.category, clause.title,
                clause.version, clause.version, clause.sharing_tier, clause.body, None,
                ClauseStatus.APPROVED,
            )
        )  # fmt: skip
        self._fill_library()
        self._fill_mou(select=clause_id)
        self._changed()

    # -- this MOU
    def _ordered(self) -> list[WorkingClause]:
        rank = {category: index for index, category in enumerate(SECTION_ORDER)}
        return sorted(self.entries, key=lambda e: rank[e.category])

    def _fill_mou(self, select: int | None = None) -> None:
        self.mou_tree.blockSignals(True)
        self.mou_tree.clear()
        section_item: QTreeWidgetItem | None = None
        section_category: ClauseCategory | None = None
        number = 0
        chosen: QTreeWidgetItem | None = None
        for entry in self._ordered():
            if entry.category != section_category:
                number += 1
                section_category = entry.category
                section_item = QTreeWidgetItem([f"{number}. {entry.category.label}"])
                section_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = section_item.font(0)
                font.setBold(True)
                section_item.setFont(0, font)
                self.mou_tree.addTopLevelItem(section_item)
                position = 0
            assert section_item is not None
            position += 1
            notes = []
            if entry.override_body is not None:
                notes.append("reworded")
            if entry.outdated:
                notes.append(f"version {entry.current_version} available")
            if entry.status == ClauseStatus.RETIRED:
                notes.append("retired")
            suffix = f"  ({', '.join(notes)})" if notes else ""
            item = QTreeWidgetItem([f"{number}.{position} {entry.title} v{entry.version}{suffix}"])
            item.setData(0, CLAUSE_ROLE, entry.clause_id)
            item.setToolTip(0, item.text(0))
            if entry.outdated or entry.status == ClauseStatus.RETIRED:
                item.setForeground(0, QBrush(QColor(AMBER)))
            section_item.addChild(item)
            if entry.clause_id == select:
                chosen = item
        self.mou_tree.expandAll()
        self.mou_tree.blockSignals(False)
        if chosen is not None:
            self.mou_tree.setCurrentItem(chosen)
        else:
            self._entry_selected(None)

    def select_entry(self, clause_id: int) -> None:
        self._fill_mou(select=clause_id)

    def _entry_selected(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        entry = self._entry(item.data(0, CLAUSE_ROLE)) if item is not None else None
        has = entry is not None and not self.read_only
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(has)
        self.newest_button.setEnabled(has and entry is not None and entry.outdated)
        self.reword_check.setEnabled(has)
        self.text_error.clear_error()
        self.text_edit.blockSignals(True)
        self.reword_check.blockSignals(True)
        if entry is None:
            self.text_edit.clear()
            self.text_edit.setReadOnly(True)
            self.reword_check.setChecked(False)
            self.version_label.clear()
        else:
            self.reword_check.setChecked(entry.override_body is not None)
            self.text_edit.setPlainText(
                entry.override_body if entry.override_body is not None else entry.library_body
            )
            self.text_edit.setReadOnly(self.read_only or entry.override_body is None)
            text = f"Library version {entry.version}."
            if entry.outdated:
                text = (
                    f"<span style='color:{AMBER}'>This MOU includes version {entry.version}; "
                    f"the library has version {entry.current_version}.</span>"
                )
            self.version_label.setText(text)
        self.text_edit.blockSignals(False)
        self.reword_check.blockSignals(False)

    def _move(self, step: int) -> None:
        entry = self.current_entry()
        if entry is None or self.read_only:
            return
        index = self.entries.index(entry)
        same = [i for i, e in enumerate(self.entries) if e.category == entry.category]
        position = same.index(index)
        target = position + step
        if not 0 <= target < len(same):
            return
        other = same[target]
        self.entries[index], self.entries[other] = self.entries[other], self.entries[index]
        self._fill_mou(select=entry.clause_id)
        self._changed()

    def _remove(self) -> None:
        entry = self.current_entry()
        if entry is None or self.read_only:
            return
        ordered = self._ordered()
        index = ordered.index(entry)
        self.entries.remove(entry)
        rest = [e for e in ordered if e is not entry]
        following = rest[min(index, len(rest) - 1)].clause_id if rest else None
        self._fill_library()
        self._fill_mou(select=following)
        self._changed()

    def _use_newest(self) -> None:
        entry = self.current_entry()
        if entry is None or not entry.outdated:
            return
        newest = self.newest.get(entry.clause_id)
        if newest is None:
            return
        entry.clause_version_id = newest.clause_version_id
        entry.version = newest.version
        entry.title = newest.title
        entry.library_body = newest.body
        self._fill_mou(select=entry.clause_id)
        self._changed()

    def _reword_toggled(self, on: bool) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        if on:
            entry.override_body = self.text_edit.toPlainText()
            self.text_edit.setReadOnly(False)
            self.text_edit.setFocus()
        else:
            entry.override_body = None
            self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(entry.library_body)
            self.text_edit.blockSignals(False)
            self.text_edit.setReadOnly(True)
            self.text_error.clear_error()
        self._refresh_entry_label(entry)
        self._changed()

    def _text_edited(self) -> None:
        entry = self.current_entry()
        if entry is None or not self.reword_check.isChecked():
            return
        entry.override_body = self.text_edit.toPlainText()
        try:
            check_clause_text(entry.override_body, field="override")
        except ValidationError as exc:
            self.text_error.show_error(exc.message[:1].upper() + exc.message[1:])
        else:
            self.text_error.clear_error()
        self.dirty = True

    def _refresh_entry_label(self, entry: WorkingClause) -> None:
        item = self.mou_tree.currentItem()
        if item is None:
            return
        text = item.text(0)
        base = text.split("  (")[0]
        notes = []
        if entry.override_body is not None:
            notes.append("reworded")
        if entry.outdated:
            notes.append(f"version {entry.current_version} available")
        item.setText(0, base + (f"  ({', '.join(notes)})" if notes else ""))

    # -- completeness
    def _refresh_gaps(self) -> None:
        outdated = [e.title for e in self.entries if e.outdated]
        self.gaps_label.setText(completeness_html(self.gaps(), outdated))

    # -- saving
    def save(self) -> None:
        """Save off the UI thread: reworded texts are filled in to check them, which may take
        up to the time limit every template has (core/mou/template_sandbox)."""
        if self.read_only:
            return
        entries = [CompositionEntry(e.clause_version_id, e.override_body) for e in self._ordered()]
        database, mou_id, tiers, seen = (
            self.context.database, self.mou_id, self.party_tiers.tiers(), self.row_version
        )  # fmt: skip

        def work(_progress: Progress) -> None:
            with database.transaction() as session:
                save_composition(session, mou_id, entries, tiers, seen)

        run_task(work, self._saved, self._save_failed, parent=self, title="Checking the clauses…")

    def _save_failed(self, exc: BaseException, _trace: str) -> None:
        if isinstance(exc, ValidationError) and exc.field == "override":
            self.text_error.show_error(exc.message[:1].upper() + exc.message[1:])
        QMessageBox.warning(self, APP_NAME, f"The MOU was not saved: {error_message(exc)}")

    def _saved(self, _result: object) -> None:
        self.dirty = False
        self.sig_saved.emit(self.mou_id)
        self.accept()

    def reject(self) -> None:
        if self.dirty and not self.read_only:
            answer = QMessageBox.question(
                self, APP_NAME, "Close without saving the changes to this MOU's clauses?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
