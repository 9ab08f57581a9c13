"""What the funding dialogs share: a form whose fields show their own errors, saving in
the background, and exact number fields (Decimal, never float)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.errors import StaleRecordError, ValidationError
from partnerdesk.core.platform.money import parse_amount
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs import ErrorLabel, FieldErrors
from partnerdesk.ui.tasks import error_message, run_task


class FormDialog(FieldErrors, QDialog):
    """A form; ``save()`` runs ``work(session)`` in one transaction off the UI thread and
    shows a ValidationError next to the field it names (or in a message box)."""

    sig_saved = Signal(object)  # whatever work() returned (usually the record id)
    entity_type = ""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened_at = clock.now_utc()  # conflicts show what others saved after this
        self.row_version = 0
        self.context = context
        self.setWindowTitle(title)
        self.errors: dict[str, ErrorLabel] = {}
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.addLayout(self.form)
        self.main_layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    # -- saving
    def work(self) -> Callable[[Session], Any]:
        """Read the fields (raising ValidationError for bad input) and return the job."""
        raise NotImplementedError

    def save(self) -> None:
        self.clear_errors()
        try:
            job = self.work()
        except ValidationError as exc:
            self.show_error(exc.field, exc.message)
            return
        database = self.context.database
        self.save_button.setEnabled(False)

        def run(_progress: Any) -> Any:
            with database.transaction() as session:
                return job(session)

        def failed(exc: BaseException, _trace: str) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, StaleRecordError) and exc.entity_id is not None:
                self._resolve_conflict(exc)
                return
            field = exc.field if isinstance(exc, ValidationError) else None
            self.show_error(field, error_message(exc))

        run_task(run, self._saved, failed, parent=self)

    def _resolve_conflict(self, exc: StaleRecordError) -> None:
        """Someone saved this record after the dialog opened: show what they changed; save
        over it knowingly, or close and leave theirs (the list shows it)."""
        from partnerdesk.core.models import utc_now
        from partnerdesk.core.program.changes import current_row_version
        from partnerdesk.ui.conflicts import ask_about_conflict

        assert exc.entity_id is not None
        choice = ask_about_conflict(
            self, self.context.database, exc.entity_type, exc.entity_id, self.opened_at
        )
        if choice == "overwrite":
            with self.context.database.session() as session:
                self.row_version = current_row_version(session, exc.entity_type, exc.entity_id)
            self.opened_at = utc_now()
            self.save()
        elif choice == "reload":
            self.context.sig_data_changed.emit(exc.entity_type)
            self.reject()

    def _saved(self, result: Any) -> None:
        self.save_button.setEnabled(True)
        if self.entity_type:
            self.context.sig_data_changed.emit(self.entity_type)
        self.sig_saved.emit(result)
        self.accept()


def read_amount(edit: QLineEdit, field: str = "amount") -> Decimal:
    text = edit.text().strip()
    if not text:
        raise ValidationError("enter an amount", field=field)
    try:
        return parse_amount(text)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def read_percent(edit: QLineEdit, field: str, *, default: Decimal | None = None) -> Decimal:
    text = edit.text().strip().rstrip("%").strip()
    if not text:
        if default is not None:
            return default
        raise ValidationError("enter a percentage", field=field)
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(f"{edit.text()!r} is not a number", field=field) from None
    if not value.is_finite():
        raise ValidationError(f"{edit.text()!r} is not a number", field=field)
    return value


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
