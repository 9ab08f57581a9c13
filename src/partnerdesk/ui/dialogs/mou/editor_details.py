"""The Details tab of the MOU editor: code, title, response model, status, dates, review
interval and reminders, owner, notes; each field shows its own refusal under it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.models import Mou, MouStatus, ResponseModel
from partnerdesk.core.mou.register import EditorChoices
from partnerdesk.core.mou.rules import format_reminder_days, parse_reminder_days
from partnerdesk.core.mou.validation import MouInput, PartyInput
from partnerdesk.ui.style import AMBER
from partnerdesk.ui.widgets.combos import fill_enum, select_data
from partnerdesk.ui.widgets.dates import OptionalDateEdit
from partnerdesk.ui.widgets.field_errors import ERROR_STYLE, ErrorLabel, add_field_row
from partnerdesk.ui.widgets.text_caps import cap_to_field
from partnerdesk.ui.widgets.wording import sentence


class DetailsForm(QWidget):
    """The fields of the agreement itself; ``errors`` maps each field to its error label."""

    # The status, dates or review interval changed: the next review may move.
    sig_schedule_inputs_changed = Signal()

    def __init__(self, choices: EditorChoices, today: date, parent: QWidget) -> None:
        super().__init__(parent)
        self._choices = choices
        self.errors: dict[str, ErrorLabel] = {}
        form = QFormLayout(self)

        def row(label: str, name: str, widget: QWidget) -> None:
            add_field_row(form, self.errors, label, name, widget)

        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText("e.g. RIV-CR-02 (unique)")
        cap_to_field(self.code_edit, Mou, "reference_code")
        row("Reference &code", "reference_code", self.code_edit)
        self.title_edit = QLineEdit(self)
        cap_to_field(self.title_edit, Mou, "title")
        row("&Title", "title", self.title_edit)
        self.model_combo = QComboBox(self)
        fill_enum(self.model_combo, ResponseModel)
        row("Response &model", "response_model", self.model_combo)
        self.status_combo = QComboBox(self)
        row("&Status", "status", self.status_combo)
        self.effective_edit = OptionalDateEdit("In effect from", default=today)
        row("&Effective date", "effective_date", self.effective_edit)
        self.expiry_edit = OptionalDateEdit("Expires on", default=today)
        row("E&xpiry date", "expiry_date", self.expiry_edit)
        self.interval_spin = QSpinBox(self)
        self.interval_spin.setRange(0, 120)  # beyond 1..60 so the reason can be shown
        self.interval_spin.setSuffix(" months")
        self.interval_spin.setValue(12)
        row("Review &every", "review_interval_months", self.interval_spin)
        self.reminders_edit = QLineEdit(self)
        self.reminders_edit.setPlaceholderText("days before a due date, e.g. 90, 30, 7")
        cap_to_field(self.reminders_edit, Mou, "reminder_days")
        row("Re&minders (days before)", "reminder_days", self.reminders_edit)
        self.owner_combo = QComboBox(self)
        self.owner_combo.addItem("No owner", None)
        for person in choices.contacts:
            if person.active:
                self.owner_combo.addItem(person.name, person.id)
        row("&Owner", "owner_contact_id", self.owner_combo)
        self.next_review_label = QLabel(self)
        self.next_review_label.setWordWrap(True)
        self.next_review_warning = ErrorLabel(self)
        next_review = QWidget(self)
        next_review_layout = QVBoxLayout(next_review)
        next_review_layout.setContentsMargins(0, 0, 0, 0)
        next_review_layout.setSpacing(2)
        next_review_layout.addWidget(self.next_review_label)
        next_review_layout.addWidget(self.next_review_warning)
        form.addRow("Next review", next_review)
        for changed in (
            self.status_combo.currentIndexChanged,
            self.effective_edit.sig_changed,
            self.expiry_edit.sig_changed,
            self.interval_spin.valueChanged,
        ):
            changed.connect(lambda *_args: self.sig_schedule_inputs_changed.emit())
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        cap_to_field(self.notes_edit, Mou, "notes")
        row("&Notes", "notes", self.notes_edit)

    def show_next_review(self, text: str, *, moved: bool = False, warning: str = "") -> None:
        """The next review as saving would schedule it; amber when it moves, and a warning
        (in red, under it) when it falls after the expiry date."""
        self.next_review_label.setText(text)
        self.next_review_label.setStyleSheet(f"color: {AMBER};" if moved else "")
        self.next_review_warning.show_error(sentence(warning))

    def fill(self, data: MouInput) -> None:
        """Everything but the status (offered by mode: see ``offer_statuses``)."""
        self.code_edit.setText(data.reference_code)
        self.title_edit.setText(data.title)
        select_data(self.model_combo, data.response_model)
        self.effective_edit.set_value(data.effective_date)
        self.expiry_edit.set_value(data.expiry_date)
        self.interval_spin.setValue(data.review_interval_months)
        self.reminders_edit.setText(", ".join(str(d) for d in data.reminder_days))
        select_data(self.owner_combo, data.owner_contact_id)
        if data.owner_contact_id is not None and self.owner_combo.currentData() is None:
            # An owner no longer active stays shown rather than silently dropped.
            person = next(
                (c for c in self._choices.contacts if c.id == data.owner_contact_id), None
            )
            if person is not None:
                self.owner_combo.addItem(person.name, person.id)
                select_data(self.owner_combo, person.id)
        self.notes_edit.setPlainText(data.notes)

    def offer_statuses(
        self, offered: tuple[MouStatus, ...], status: MouStatus, note: str = ""
    ) -> None:
        """The statuses the user may pick, ``status`` chosen; ``note`` explains a status
        shown differently from the one recorded."""
        self.status_combo.clear()
        if status not in offered:
            offered = (status, *offered)
        for member in offered:
            self.status_combo.addItem(member.label, member)
        select_data(self.status_combo, status)
        if note:
            self.errors["status"].setStyleSheet(f"color: {AMBER};")
            self.errors["status"].show_error(note)

    def read(self, parties: list[PartyInput]) -> tuple[MouInput, dict[str, str]]:
        """What the form says, plus problems the form itself can see (unreadable input)."""
        problems: dict[str, str] = {}
        reminder_text = self.reminders_edit.text().strip()
        parts = [p for p in reminder_text.replace(";", ",").replace(" ", ",").split(",") if p]
        if any(not (p.isascii() and p.isdigit()) for p in parts):
            problems["reminder_days"] = (
                "give whole numbers of days separated by commas, e.g. 90, 30, 7"
            )
        status = self.status_combo.currentData()
        data = MouInput(
            reference_code=self.code_edit.text(),
            title=self.title_edit.text(),
            response_model=ResponseModel(self.model_combo.currentData()),
            parties=parties,
            status=MouStatus(status) if status is not None else MouStatus.DRAFT,
            effective_date=self.effective_edit.value(),
            expiry_date=self.expiry_edit.value(),
            review_interval_months=self.interval_spin.value(),
            reminder_days=parse_reminder_days(
                format_reminder_days(int(p) for p in parts if p.isascii() and p.isdigit())
            ),
            owner_contact_id=self.owner_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
        )
        return data, problems

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.setStyleSheet(ERROR_STYLE)
            label.clear_error()

    def set_read_only(self, read_only: bool, *, code_editable: bool) -> None:
        for widget in (
            self.code_edit, self.title_edit, self.model_combo, self.status_combo,
            self.effective_edit, self.expiry_edit, self.interval_spin, self.reminders_edit,
            self.owner_combo, self.notes_edit,
        ):  # fmt: skip
            widget.setEnabled(not read_only)
        self.notes_edit.setEnabled(True)  # notes stay readable (and scrollable)
        self.notes_edit.setReadOnly(read_only)
        self.code_edit.setEnabled(code_editable)
