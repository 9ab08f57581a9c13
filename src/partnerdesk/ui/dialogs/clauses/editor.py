"""Writing a clause, with the variables it may use listed beside the text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.models import (
    Clause,
    ClauseCategory,
    ClauseStatus,
    ClauseVersion,
    SharingTier,
)
from partnerdesk.core.mou.clause_variables import CLAUSE_VARIABLES
from partnerdesk.core.mou.clauses import (
    ClauseDetail,
    ClauseInput,
    create_clause,
    get_clause,
    update_clause,
)
from partnerdesk.core.platform.errors import ConflictError, ValidationError
from partnerdesk.core.platform.progress import Progress
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets.field_errors import ErrorLabel, with_error
from partnerdesk.ui.widgets.sizing import open_at
from partnerdesk.ui.widgets.text_caps import cap_to_field

NO_TIER = "None (not a sharing-tier clause)"


class ClauseEditor(QDialog):
    """New clause, or an edit of one (a new version when the clause is approved or used)."""

    sig_saved = Signal(int)  # clause id

    def __init__(
        self, context: AppContext, clause_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.clause_id = clause_id
        self.detail: ClauseDetail | None = None
        if clause_id is not None:
            with context.database.session() as session:
                self.detail = get_clause(session, clause_id)
        self.setWindowTitle("New clause" if self.detail is None else f"Clause: {self.detail.title}")
        open_at(self, 900, 560)

        self.title_edit = QLineEdit(self)
        cap_to_field(self.title_edit, Clause, "title")
        self.category_combo = QComboBox(self)
        for category in ClauseCategory:
            self.category_combo.addItem(category.label, category.value)
        self.status_combo = QComboBox(self)
        for status in ClauseStatus:
            self.status_combo.addItem(status.label, status.value)
        self.tier_combo = QComboBox(self)
        self.tier_combo.addItem(NO_TIER, None)
        for tier in SharingTier:
            self.tier_combo.addItem(tier.label, tier.value)
        self.body_edit = QPlainTextEdit(self)
        cap_to_field(self.body_edit, ClauseVersion, "body")
        self.body_edit.setPlaceholderText(
            "The clause as it should read in an agreement. Use variables such as "
            "{{ lead_agency }} for what differs from one MOU to another."
        )
        self.title_error = ErrorLabel(self)
        self.body_error = ErrorLabel(self)
        self.version_note = QLabel(self)
        self.version_note.setWordWrap(True)
        self.version_note.setStyleSheet("color: #555;")

        form = QFormLayout()
        form.addRow("&Title", with_error(self.title_edit, self.title_error))
        form.addRow("&Category", self.category_combo)
        form.addRow("&Status", self.status_combo)
        form.addRow("Sharing &tier granted", self.tier_combo)
        body_box = QWidget(self)
        body_layout = QVBoxLayout(body_box)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_label = QLabel("Te&xt", body_box)
        body_label.setBuddy(self.body_edit)
        body_layout.addWidget(body_label)
        body_layout.addWidget(self.body_edit, 1)
        body_layout.addWidget(self.body_error)
        body_layout.addWidget(self.version_note)

        self.variables = QListWidget(self)
        for variable in CLAUSE_VARIABLES:
            item = QListWidgetItem(f"{{{{ {variable.name} }}}}")
            item.setData(Qt.ItemDataRole.UserRole, variable.name)
            item.setToolTip(f"{variable.description}\ne.g. {variable.example}")
            self.variables.addItem(item)
        self.variables.itemDoubleClicked.connect(self._insert_variable)
        self.variable_help = QLabel(self)
        self.variable_help.setWordWrap(True)
        self.variables.currentItemChanged.connect(self._describe_variable)
        insert_button = QPushButton("&Insert variable", self)
        insert_button.clicked.connect(lambda: self._insert_variable(self.variables.currentItem()))
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("Variables (double-click to insert)", side))
        side_layout.addWidget(self.variables, 1)
        side_layout.addWidget(self.variable_help)
        side_layout.addWidget(insert_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addWidget(body_box, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setSizes([620, 260])

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self.save_shortcut.activated.connect(self.save)

        self.category_combo.currentIndexChanged.connect(self._category_changed)
        self.status_combo.currentIndexChanged.connect(self._update_version_note)
        self.body_edit.textChanged.connect(self._update_version_note)
        self.title_edit.textChanged.connect(self._update_version_note)
        self._load()

    # -- loading and helpers
    def _load(self) -> None:
        detail = self.detail
        if detail is None:
            self.status_combo.setCurrentIndex(self.status_combo.findData(ClauseStatus.DRAFT.value))
            self._category_changed()
            return
        self.title_edit.setText(detail.title)
        self.category_combo.setCurrentIndex(self.category_combo.findData(detail.category.value))
        self.status_combo.setCurrentIndex(self.status_combo.findData(detail.status.value))
        self.tier_combo.setCurrentIndex(
            max(
                self.tier_combo.findData(
                    detail.sharing_tier.value if detail.sharing_tier else None
                ),
                0,
            )
        )
        self.body_edit.setPlainText(detail.body)
        self._category_changed()
        self._update_version_note()

    def _category_changed(self) -> None:
        sharing = self.category_combo.currentData() == ClauseCategory.INFORMATION_SHARING.value
        self.tier_combo.setEnabled(sharing)
        if not sharing:
            self.tier_combo.setCurrentIndex(0)

    def _text_changed(self) -> bool:
        return self.detail is not None and (
            " ".join(self.title_edit.text().split()),
            self.body_edit.toPlainText().strip(),
        ) != (self.detail.title, self.detail.body)

    def _update_version_note(self) -> None:
        detail = self.detail
        if detail is None:
            self.version_note.setText("")
            return
        used = len(detail.used_by)
        new_version = detail.status != ClauseStatus.DRAFT or used > 0
        text = f"Version {detail.current_version}. "
        if self._text_changed() and new_version:
            text += (
                f"Saving creates version {detail.current_version + 1}; earlier versions stay "
                "readable, and MOUs keep the version they include until they are updated."
            )
        elif self._text_changed():
            text += "This draft is not used by any MOU yet, so it is corrected in place."
        elif used:
            text += f"Included in {used} MOU(s)."
        self.version_note.setText(text)

    def _insert_variable(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        self.body_edit.insertPlainText(f"{{{{ {name} }}}}")
        self.body_edit.setFocus()

    def _describe_variable(self, item: QListWidgetItem | None) -> None:
        self.variable_help.setText(item.toolTip() if item is not None else "")

    def value(self) -> ClauseInput:
        # Qt hands enum data back as plain str: turn it into the enums again.
        tier = self.tier_combo.currentData() if self.tier_combo.isEnabled() else None
        return ClauseInput(
            title=self.title_edit.text(),
            category=ClauseCategory(self.category_combo.currentData()),
            body=self.body_edit.toPlainText(),
            status=ClauseStatus(self.status_combo.currentData()),
            sharing_tier=SharingTier(tier) if tier else None,
        )

    # -- saving
    def save(self) -> None:
        """Save off the UI thread: the text is filled in to check it, which may take up to
        the time limit every template has (core/mou/template_sandbox)."""
        self.title_error.clear_error()
        self.body_error.clear_error()
        data = self.value()
        database, detail = self.context.database, self.detail

        def work(_progress: Progress) -> int:
            with database.transaction() as session:
                if detail is None:
                    return create_clause(session, data)
                return update_clause(session, detail.id, data, detail.row_version).clause_id

        run_task(work, self._saved, self._save_failed, parent=self, title="Checking the clause…")

    def _save_failed(self, exc: BaseException, _trace: str) -> None:
        if isinstance(exc, ValidationError):
            target = self.title_error if exc.field == "title" else self.body_error
            target.show_error(exc.message[:1].upper() + exc.message[1:])
            (self.title_edit if exc.field == "title" else self.body_edit).setFocus()
        elif isinstance(exc, ConflictError):
            QMessageBox.warning(self, "PartnerDesk", f"The clause was not saved: {exc.message}")
        else:
            QMessageBox.critical(
                self, "PartnerDesk", f"The clause was not saved: {error_message(exc)}"
            )

    def _saved(self, clause_id: int) -> None:
        self.clause_id = clause_id
        self.sig_saved.emit(clause_id)
        self.accept()
