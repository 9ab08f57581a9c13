"""The form every editor is: fields that show their own errors, and one way to save.

``FormDialog.save()`` asks the subclass for the job (``work()``, which reads the fields and
raises ValidationError for input it can already refuse), runs it in one transaction off
the UI thread (``ui.tasks.run_task``), and shows a refusal next to the field it names.
When someone else saved the record after the form was filled, it shows what they changed
and lets the user reload theirs, overwrite knowingly, or go back to the form.

Lists need no telling: the transaction announces what it changed (``AppContext``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk import APP_NAME
from partnerdesk.core.platform.errors import (
    PartnerDeskError,
    StaleRecordError,
    ValidationError,
)
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.tasks import error_message, run_task
from partnerdesk.ui.widgets import conflicts
from partnerdesk.ui.widgets.dates import DateEdit
from partnerdesk.ui.widgets.field_errors import ErrorLabel, add_field_row
from partnerdesk.ui.widgets.text_caps import cap_to_field


class FormDialog(QDialog):
    """A form with Save and Cancel. Subclasses add rows with ``add_row`` and implement
    ``work()``; an editor of an existing record sets ``record_id`` and ``seen_version``
    (the version it was filled from: a conflict shows what others saved over it) and, when
    it can refill itself, overrides ``reload_theirs()``."""

    sig_saved = Signal(object)  # whatever the job returned (usually the record id)
    # The table the form edits: a text field named as its column stops at its limit.
    record_type: Any = None
    save_text = "Save"
    save_is_default = True

    def __init__(
        self,
        context: AppContext,
        title: str = "",
        parent: QWidget | None = None,
        *,
        arrange: bool = True,
    ) -> None:
        """With ``arrange`` the form and the buttons fill the dialog (``main_layout``);
        without, the subclass places ``form`` and ``buttons`` itself."""
        super().__init__(parent)
        self.context = context
        if title:
            self.setWindowTitle(title)
        self.record_id: int | None = None  # the record edited; None for a new one
        self.seen_version: int | None = None
        self.saved: Any = None  # what the last successful save returned
        self.errors: dict[str, ErrorLabel] = {}
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.save_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        if self.save_is_default:
            self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.buttons.rejected.connect(self.reject)
        if arrange:
            self.main_layout = QVBoxLayout(self)
            self.main_layout.addLayout(self.form)
            self.main_layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    # -- fields and their errors
    def add_row(
        self, label: str, name: str, widget: QWidget, form: QFormLayout | None = None
    ) -> None:
        """A form row whose refusals (ValidationError naming ``name``) show under it; a text
        field named as a column of :attr:`record_type` stops at that column's limit."""
        if self.record_type is not None:
            cap_to_field(widget, self.record_type, name)
        add_field_row(form or self.form, self.errors, label, name, widget)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def show_error(self, field: str | None, message: str) -> None:
        """Under the field it names; a reason for no field goes in a message box."""
        self.clear_errors()
        target = self.errors.get(field or "")
        if target is None:
            QMessageBox.warning(self, APP_NAME, message)
        else:
            target.show_error(message)

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and label.isVisible() else ""

    def unreadable_date(self) -> DateEdit | None:
        """A date field whose text is not a date (saving would quietly keep its old date)."""
        return next((e for e in self.findChildren(DateEdit) if e.isEnabled() and e.problem()), None)

    # -- saving
    def work(self) -> Callable[[Session], Any]:
        """Read the fields (raising ValidationError for bad input) and return the job that
        saves them; it runs in one transaction, off the UI thread."""
        raise NotImplementedError

    def save(self) -> None:
        self.clear_errors()
        unreadable = self.unreadable_date()
        if unreadable is not None:
            unreadable.setFocus()
            QMessageBox.warning(self, APP_NAME, f"Not saved: {unreadable.problem()}.")
            return
        try:
            job = self.work()
        except ValidationError as exc:  # refused before any database work
            self.show_error(exc.field, exc.message)
            return
        database = self.context.database
        self.save_button.setEnabled(False)

        def run(_progress: Any) -> Any:
            with database.transaction() as session:
                return job(session)

        run_task(run, self._saved, self._save_failed, parent=self)

    def _saved(self, result: Any) -> None:
        self.save_button.setEnabled(True)
        self.saved = result
        self.sig_saved.emit(result)
        self.accept()

    def _save_failed(self, exc: BaseException, _trace: str) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, StaleRecordError) and exc.entity_id is not None:
            self._resolve_conflict(exc)
            return
        field = exc.field if isinstance(exc, ValidationError) else None
        self.show_error(field, error_message(exc))

    # -- someone else saved first
    def _resolve_conflict(self, exc: StaleRecordError) -> None:
        """Show what they changed; reload theirs, or save this form over it knowingly
        (against the version now stored), or go back to the form."""
        from partnerdesk.core.program.changes import current_row_version

        assert exc.entity_id is not None
        choice = conflicts.ask_about_conflict(
            self, self.context.database, exc.entity_type, exc.entity_id, self.seen_version
        )
        if choice == "overwrite":
            try:
                with self.context.database.session() as session:
                    self.seen_version = current_row_version(session, exc.entity_type, exc.entity_id)
            except PartnerDeskError as gone:  # deleted by them meanwhile
                self.show_error(None, error_message(gone))
                return
            self.save()
        elif choice == "reload":
            self.reload_theirs()

    def reload_theirs(self) -> None:
        """After "Reload theirs": this form closes and the lists show their version (a form
        that can refill itself with theirs overrides this)."""
        self.context.check_for_outside_changes()
        self.reject()
