"""MOU drafting commands added to the MOUs area: compose clauses, check completeness,
generate drafts (one, or many in the background), compare versions.

``install_mou_document_actions(mous_view, context)`` adds the actions to the area (its
menu and toolbar) and returns the controller, also kept as ``mous_view.document_actions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs import ErrorLabel, with_error
from partnerdesk.ui.tasks import error_message, run_task

APP = "PartnerDesk"
DOCX_FILTER = "Word documents (*.docx)"


def diff_html(segments: Sequence[tuple[str, str]]) -> str:
    """Word-level changes as HTML: removed words struck through in red, new ones in green."""
    parts: list[str] = []
    for kind, text in segments:
        body = escape(text).replace("\n", "<br>")
        if kind == "delete":
            parts.append(
                f"<span style='background:#fde2e1;color:#8c1d18;text-decoration:line-through'>"
                f"{body}</span>"
            )
        elif kind == "insert":
            parts.append(f"<span style='background:#dcf3e1;color:#0f5223'>{body}</span>")
        else:
            parts.append(body)
    return "<p>" + "".join(parts) + "</p>"


@dataclass(frozen=True)
class GenerateRequest:
    out: Path
    template: Path | None
    pdf: bool


class GenerateDialog(QDialog):
    """Where to write the draft, which template, and whether to make a PDF."""

    def __init__(
        self,
        suggested: Path,
        gaps: Sequence[str],
        pdf_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Generate draft")
        self.resize(620, 0)
        self.out_edit = QLineEdit(str(suggested), self)
        self.out_error = ErrorLabel(self)
        browse_out = QPushButton("Browse…", self)
        browse_out.clicked.connect(self._browse_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse_out)
        out_box = QWidget(self)
        out_box.setLayout(out_row)
        out_row.setContentsMargins(0, 0, 0, 0)

        self.default_radio = QRadioButton("PartnerDesk's default template", self)
        self.own_radio = QRadioButton("My template:", self)
        self.default_radio.setChecked(True)
        self.template_edit = QLineEdit(self)
        self.template_edit.setPlaceholderText("a .docx with PartnerDesk fields")
        self.template_error = ErrorLabel(self)
        browse_template = QPushButton("Browse…", self)
        browse_template.clicked.connect(self._browse_template)
        self.template_edit.textEdited.connect(lambda _t: self.own_radio.setChecked(True))
        template_row = QHBoxLayout()
        template_row.setContentsMargins(0, 0, 0, 0)
        template_row.addWidget(self.own_radio)
        template_row.addWidget(self.template_edit, 1)
        template_row.addWidget(browse_template)
        template_box = QWidget(self)
        template_layout = QVBoxLayout(template_box)
        template_layout.setContentsMargins(0, 0, 0, 0)
        template_layout.addWidget(self.default_radio)
        template_layout.addLayout(template_row)
        template_layout.addWidget(self.template_error)

        self.pdf_check = QCheckBox("Also make a PDF", self)
        self.pdf_check.setEnabled(pdf_available)
        if not pdf_available:
            self.pdf_check.setText("Also make a PDF (needs LibreOffice, not installed)")
            self.pdf_check.setToolTip("Install LibreOffice to convert drafts to PDF.")

        form = QFormLayout()
        form.addRow("Save &as", with_error(out_box, self.out_error))
        form.addRow("Template", template_box)
        form.addRow("", self.pdf_check)
        layout = QVBoxLayout(self)
        self.gaps_label = QLabel(self)
        self.gaps_label.setWordWrap(True)
        if gaps:
            items = "".join(f"<li>{escape(g)}</li>" for g in gaps)
            self.gaps_label.setText(
                "<p style='color:#8a5a00'><b>This MOU is not complete yet</b>; the draft will "
                f"show what is there.</p><ul>{items}</ul>"
            )
        self.gaps_label.setVisible(bool(gaps))
        layout.addWidget(self.gaps_label)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Generate")
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _browse_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save draft as", self.out_edit.text(), DOCX_FILTER
        )
        if path:
            self.out_edit.setText(path if path.lower().endswith(".docx") else f"{path}.docx")

    def _browse_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a template", "", DOCX_FILTER)
        if path:
            self.template_edit.setText(path)
            self.own_radio.setChecked(True)

    def request(self) -> GenerateRequest:
        template = Path(self.template_edit.text().strip()) if self.own_radio.isChecked() else None
        return GenerateRequest(
            Path(self.out_edit.text().strip()).expanduser(), template, self.pdf_check.isChecked()
        )

    def _check_and_accept(self) -> None:
        self.out_error.clear_error()
        self.template_error.clear_error()
        request = self.request()
        ok = True
        if not self.out_edit.text().strip() or request.out.suffix.lower() != ".docx":
            self.out_error.show_error("Give a file name ending in .docx")
            ok = False
        elif not request.out.parent.is_dir():
            self.out_error.show_error(f"The folder {request.out.parent} does not exist")
            ok = False
        if self.own_radio.isChecked():
            if not self.template_edit.text().strip():
                self.template_error.show_error("Choose your template file, or use the default")
                ok = False
            elif request.template is not None and not request.template.is_file():
                self.template_error.show_error(f"{request.template} does not exist")
                ok = False
        if ok and request.out.exists():
            answer = QMessageBox.question(
                self, APP, f"{request.out.name} already exists in {request.out.parent}. Replace it?"
            )
            ok = answer == QMessageBox.StandardButton.Yes
        if ok:
            self.accept()


class CompareDialog(QDialog):
    """Two versions of one MOU side by side at clause level."""

    def __init__(self, context: AppContext, mou_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from partnerdesk.core.mou.compare import default_baseline, mou_versions

        self.context = context
        with context.database.session() as session:
            self.versions = mou_versions(session, mou_id)
            baseline = default_baseline(session, mou_id)
        self.setWindowTitle(f"Compare versions of {self.versions[0].reference_code}")
        self.resize(900, 640)
        self.old_combo = QComboBox(self)
        self.new_combo = QComboBox(self)
        for version in self.versions:
            self.old_combo.addItem(version.label, version.id)
            self.new_combo.addItem(version.label, version.id)
        self.old_combo.setCurrentIndex(max(self.old_combo.findData(baseline), 0))
        self.new_combo.setCurrentIndex(max(self.new_combo.findData(mou_id), 0))
        self.old_combo.currentIndexChanged.connect(self.refresh)
        self.new_combo.currentIndexChanged.connect(self.refresh)
        self.show_unchanged = QCheckBox("Show unchanged clauses", self)
        self.show_unchanged.toggled.connect(self.refresh)
        self.view = QTextBrowser(self)
        top = QFormLayout()
        top.addRow("&From (older)", self.old_combo)
        top.addRow("&To (newer)", self.new_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.show_unchanged)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        from partnerdesk.core.mou.compare import compare_mous

        old_id, new_id = self.old_combo.currentData(), self.new_combo.currentData()
        if old_id == new_id:
            self.view.setHtml("<p>Choose two different versions.</p>")
            return
        try:
            with self.context.database.session() as session:
                comparison = compare_mous(session, old_id, new_id)
        except PartnerDeskError as exc:
            self.view.setHtml(f"<p>{escape(error_message(exc))}</p>")
            return
        self.comparison = comparison
        parts = [
            f"<p><b>{escape(comparison.new.label)}</b> compared with "
            f"<b>{escape(comparison.old.label)}</b>: {comparison.count('added')} added, "
            f"{comparison.count('removed')} removed, {comparison.count('changed')} changed, "
            f"{comparison.count('unchanged')} unchanged.</p>"
        ]
        colours = {"added": "#0f5223", "removed": "#8c1d18", "changed": "#8a5a00"}
        for change in comparison.changes:
            if change.kind == "unchanged" and not self.show_unchanged.isChecked():
                continue
            versions = ""
            if (
                change.old_version
                and change.new_version
                and change.old_version != change.new_version
            ):
                versions = f" (library version {change.old_version} → {change.new_version})"
            colour = colours.get(change.kind, "#555")
            parts.append(
                f"<h4><span style='color:{colour}'>{change.kind.capitalize()}</span>: "
                f"{escape(change.title)} <small>· {escape(change.category.label)}"
                f"{escape(versions)}</small></h4>"
            )
            if change.old_title:
                parts.append(f"<p><i>Title was: {escape(change.old_title)}</i></p>")
            if change.kind == "changed":
                parts.append(diff_html(change.segments))
            else:
                text = change.new_text if change.kind != "removed" else change.old_text
                parts.append("<p>" + escape(text).replace("\n", "<br>") + "</p>")
        if comparison.identical:
            parts.append("<p>The two versions have the same clauses and wording.</p>")
        self.view.setHtml("".join(parts))


class MouDocumentActions(QObject):
    """The drafting commands on the MOUs area."""

    def __init__(self, mous_view: Any, context: AppContext) -> None:
        super().__init__(mous_view)
        self.view = mous_view
        self.context = context
        self.dialog: QDialog | None = None  # the last dialog opened (tests look at it)
        self.last_result: Any = None
        self.compose_action = self._action("Co&mpose clauses…", self.compose, "Ctrl+Shift+M")
        self.check_action = self._action("Check co&mpleteness", self.check, "Ctrl+Shift+K")
        self.generate_action = self._action("&Generate draft…", self.generate, "Ctrl+G")
        self.bulk_action = self._action(
            "Generate drafts for &selected…", self.generate_selected, "Ctrl+Shift+G"
        )
        self.compare_action = self._action("Compare &versions…", self.compare, None)
        # Short toolbar labels (the MOUs toolbar is shared); menus keep the full text.
        for action, short in (
            (self.compose_action, "Compose"),
            (self.check_action, "Check"),
            (self.generate_action, "Draft"),
            (self.bulk_action, "Drafts…"),
            (self.compare_action, "Compare"),
        ):
            action.setIconText(short)
            keys = action.shortcut().toString()
            tip = action.text().replace("&", "").rstrip("…")
            action.setToolTip(f"{tip} ({keys})" if keys else tip)
        mous_view.list.sig_selection_changed.connect(self._update)
        mous_view.list.sig_loaded.connect(self._update)
        self._update()

    def _action(self, text: str, slot: Any, shortcut: str | None) -> QAction:
        action = QAction(text, self.view)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        add = getattr(self.view, "add_tool_action", None)
        if add is not None:  # the area's menu and its toolbar
            add(action)
        else:
            self.view.addAction(action)
        return action

    def _update(self) -> None:
        selected = self.view.list.selected_rows()
        for action in (self.compose_action, self.check_action, self.generate_action):
            action.setEnabled(len(selected) >= 1)
        self.compare_action.setEnabled(len(selected) >= 1)
        self.bulk_action.setEnabled(len(selected) >= 1)

    def _current(self) -> Any:
        row = self.view.list.current_row()
        if row is None:
            QMessageBox.information(self.view, APP, "Select an MOU in the list first.")
        return row

    # -- compose and check
    def compose(self) -> None:
        from partnerdesk.ui.dialogs.mou_composer import MouComposer

        row = self._current()
        if row is None:
            return
        try:
            dialog = MouComposer(self.context, row.id, parent=self.view)
        except PartnerDeskError as exc:
            QMessageBox.warning(self.view, APP, error_message(exc))
            return
        self.dialog = dialog
        dialog.exec()

    def check(self) -> None:
        from partnerdesk.core.mou.completeness import gaps_of
        from partnerdesk.core.mou.composition import get_composition

        row = self._current()
        if row is None:
            return
        with self.context.database.session() as session:
            composition = get_composition(session, row.id)
        gaps = gaps_of(composition)
        label = f"{composition.reference_code} version {composition.version_number}"
        outdated = [c for c in composition.clauses if c.outdated]
        notes = "".join(
            f"\n• “{c.title}” is version {c.version}; the library has version {c.current_version}"
            for c in outdated
        )
        if gaps:
            listing = "\n".join(f"• {gap.message}" for gap in gaps)
            QMessageBox.warning(
                self.view,
                APP,
                f"{label} is not complete yet:\n\n{listing}"
                + (f"\n\nAlso:{notes}" if notes else "")
                + "\n\nUse Compose clauses… to fix the clauses and tiers.",
            )
        else:
            QMessageBox.information(
                self.view,
                APP,
                f"{label} is complete: it covers every required subject, every party has a "
                "tier and a signatory, and its funding is backed by the ledger."
                + (f"\n\nNote:{notes}" if notes else ""),
            )

    # -- generating
    def _default_folder(self) -> Path:
        path = self.context.database.location.path
        return path.parent if path is not None else Path.home()

    def generate(self) -> None:
        from partnerdesk.core.mou.completeness import check_completeness
        from partnerdesk.core.mou.documents import document_file_name
        from partnerdesk.core.mou.pdf import libreoffice_executable

        row = self._current()
        if row is None:
            return
        with self.context.database.session() as session:
            gaps = [gap.message for gap in check_completeness(session, row.id)]
        suggested = self._default_folder() / document_file_name(
            row.reference_code, row.version_number
        )
        dialog = GenerateDialog(
            suggested, gaps, libreoffice_executable() is not None, parent=self.view
        )
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.start_generation(row.id, dialog.request()))
        dialog.exec()

    def start_generation(self, mou_id: int, request: GenerateRequest) -> None:
        from partnerdesk.core.mou.documents import generate_document
        from partnerdesk.core.mou.pdf import convert_to_pdf

        database, today = self.context.database, self.context.today()

        def work(progress: Any) -> Any:
            progress.step(0, 2 if request.pdf else 1, "Writing the Word document…")
            with database.session() as session:
                result = generate_document(
                    session, mou_id, request.out, today=today, template=request.template
                )
            pdf_problem = None
            if request.pdf:
                progress.step(1, 2, "Converting to PDF with LibreOffice…")
                try:
                    convert_to_pdf(result.path)
                except PartnerDeskError as exc:
                    pdf_problem = exc.message
            return result, pdf_problem

        def done(outcome: Any) -> None:
            result, pdf_problem = outcome
            self.last_result = result
            text = f"The draft was written to {result.path}."
            if request.pdf and pdf_problem is None:
                text += f"\nPDF: {result.path.with_suffix('.pdf')}"
            if pdf_problem:
                QMessageBox.warning(self.view, APP, f"{text}\n\nNo PDF: {pdf_problem}")
            else:
                QMessageBox.information(self.view, APP, text)

        run_task(
            work,
            done,
            lambda exc, _trace: QMessageBox.critical(
                self.view, APP, f"The draft was not generated: {error_message(exc)}"
            ),
            parent=self.view,
            title="Generating the draft…",
        )

    def generate_selected(self) -> None:
        rows = self.view.list.selected_rows()
        if not rows:
            QMessageBox.information(self.view, APP, "Select one or more MOUs in the list first.")
            return
        folder = QFileDialog.getExistingDirectory(
            self.view, "Folder for the drafts", str(self._default_folder())
        )
        if folder:
            self.start_bulk([row.id for row in rows], Path(folder))

    def start_bulk(
        self, mou_ids: Sequence[int], folder: Path, template: Path | None = None
    ) -> None:
        """Generate one draft per MOU into ``folder`` in the background (progress + Cancel)."""
        from partnerdesk.core.mou.documents import bulk_file_names, generate_documents

        with self.context.database.session() as session:
            names = bulk_file_names(session, mou_ids)
        existing = [name for name in names.values() if (folder / name).exists()]
        if existing:
            answer = QMessageBox.question(
                self.view,
                APP,
                f"{len(existing)} of the drafts already exist in {folder} "
                f"({', '.join(existing[:3])}{'…' if len(existing) > 3 else ''}). Replace them?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        database, today = self.context.database, self.context.today()
        written: list[Path] = []

        def work(progress: Any) -> Any:
            return generate_documents(
                database, list(mou_ids), folder, today=today, template=template,
                progress=progress, on_written=written.append,
            )  # fmt: skip

        def done(result: Any) -> None:
            self.last_result = result
            text = f"{len(result.written)} draft(s) written to {folder}."
            if result.failed:
                problems = "\n".join(
                    f"• MOU #{mou_id}: {message}" for mou_id, message in result.failed
                )
                QMessageBox.warning(self.view, APP, f"{text}\n\nNot generated:\n{problems}")
            else:
                QMessageBox.information(self.view, APP, text)

        def cancelled() -> None:
            self.last_result = None
            QMessageBox.information(
                self.view,
                APP,
                f"Cancelled. {len(written)} of {len(mou_ids)} draft(s) had been written to "
                f"{folder}; each of those is complete.",
            )

        run_task(
            work,
            done,
            lambda exc, _trace: QMessageBox.critical(
                self.view, APP, f"The drafts were not generated: {error_message(exc)}"
            ),
            parent=self.view,
            title=f"Generating {len(mou_ids)} drafts…",
            on_cancelled=cancelled,
        )

    # -- comparing
    def compare(self) -> None:
        from partnerdesk.core.mou.compare import mou_versions

        row = self._current()
        if row is None:
            return
        with self.context.database.session() as session:
            versions = mou_versions(session, row.id)
        if len(versions) < 2:
            QMessageBox.information(
                self.view,
                APP,
                f"{row.reference_code} has only one version. After an amendment (Amend…), "
                "this shows what changed clause by clause.",
            )
            return
        dialog = CompareDialog(self.context, row.id, parent=self.view)
        self.dialog = dialog
        dialog.exec()


def install_mou_document_actions(mous_view: Any, context: AppContext) -> MouDocumentActions:
    controller = MouDocumentActions(mous_view, context)
    mous_view.document_actions = controller
    return controller
