"""The MOU editor: Details, Parties, Reviews, Versions and History of one agreement.

Modes: a new MOU (also "Duplicate", prefilled), editing the current version, drafting an
amendment (saved as a new version), or reading an earlier version / an archived MOU.
Every rule is the services'; the dialog shows their reasons next to the fields.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.models import MouStatus, PartyRole, ResponseModel, SharingTier, utc_now
from partnerdesk.core.mou.history import HistoryRow, mou_history
from partnerdesk.core.mou.register import (
    Choice,
    EditorChoices,
    MouDetail,
    VersionRow,
    editor_choices,
    get_mou,
)
from partnerdesk.core.mou.reviews import ReviewRow, review_history
from partnerdesk.core.mou.rules import (
    AMENDMENT_STATUSES,
    INITIAL_STATUSES,
    format_reminder_days,
    parse_reminder_days,
)
from partnerdesk.core.mou.validation import MouInput, PartyInput, validate_mou
from partnerdesk.core.platform.errors import StaleRecordError, ValidationError
from partnerdesk.ui.conflicts import ask_about_conflict
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs import ErrorLabel, OptionalDateEdit, with_error
from partnerdesk.ui.list_area import RecordList
from partnerdesk.ui.table_model import Column
from partnerdesk.ui.tasks import error_message, run_task


class EditorMode(enum.Enum):
    NEW = "new"
    EDIT = "edit"
    AMEND = "amend"
    VIEW = "view"


TAB_DETAILS, TAB_PARTIES, TAB_REVIEWS, TAB_VERSIONS, TAB_HISTORY = range(5)

REVIEW_COLUMNS: list[Column[ReviewRow]] = [
    Column("Due", lambda r: r.due_date),
    Column("Snoozed to", lambda r: r.snoozed_until, tooltip=lambda r: r.snooze_reason),
    Column("Completed", lambda r: r.completed_date if r.completed_date else "open"),
    Column("Outcome", lambda r: r.outcome),
    Column("Reviewer", lambda r: r.reviewer),
    Column("Version", lambda r: r.version_number, align_right=True),
    Column("Notes", lambda r: r.notes or r.snooze_reason),
]
VERSION_COLUMNS: list[Column[VersionRow]] = [
    Column("Version", lambda r: r.version_number, align_right=True),
    Column("Status", lambda r: r.status),
    Column("Effective", lambda r: r.effective_date),
    Column("Expires", lambda r: r.expiry_date),
    Column("Recorded", lambda r: local_time(r.created_at)),
    Column("", lambda r: "current" if r.is_current else "superseded"),
]
HISTORY_COLUMNS: list[Column[HistoryRow]] = [
    Column("When", lambda r: local_time(r.occurred_at, seconds=True)),
    Column("Who", lambda r: r.who),
    Column("What", lambda r: r.subject),
    Column("Action", lambda r: r.action),
    Column("Field", lambda r: r.field),
    Column("Old value", lambda r: r.old_value),
    Column("New value", lambda r: r.new_value),
    Column("Summary", lambda r: r.summary),
]


def local_time(moment: datetime, *, seconds: bool = False) -> str:
    """Stored times are UTC (SQLite hands them back without a zone); show local time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def _fill_enum(combo: QComboBox, members: Any, *, empty: str | None = None) -> None:
    if empty is not None:
        combo.addItem(empty, None)
    for member in members:
        combo.addItem(member.label, member)


def _optional(enum_class: Any, value: Any) -> Any:
    """Qt gives str-based enum members back as plain str: make them members again."""
    return None if value is None else enum_class(value)


def _select_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)


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
        _fill_enum(self.role_combo, PartyRole)
        _select_data(self.role_combo, PartyRole.PARTNER)
        self.signatory_combo = QComboBox(self)
        self.signed = OptionalDateEdit("Signed", parent=self)
        self.tier_combo = QComboBox(self)
        _fill_enum(self.tier_combo, SharingTier, empty="Tier not set")
        self.tier_combo.setToolTip("Information-sharing tier this party works under")
        for combo in (self.org_combo, self.signatory_combo, self.tier_combo):
            # Long names must not push the Remove button out of sight.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.tier_combo.setMinimumContentsLength(14)
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
        _select_data(self.signatory_combo, current)
        self.signatory_combo.blockSignals(False)

    def set_party(self, party: PartyInput) -> None:
        if self.org_combo.findData(party.organization_id) < 0:
            org = next(
                (o for o in self._choices.organizations if o.id == party.organization_id), None
            )
            self.org_combo.addItem(
                org.name if org else "(deleted organization)", party.organization_id
            )
        _select_data(self.org_combo, party.organization_id)
        _select_data(self.role_combo, party.role)
        self._fill_signatories(keep=party.signatory_contact_id)
        self.signed.set_value(party.date_signed)
        _select_data(self.tier_combo, party.sharing_tier)

    def party(self) -> PartyInput | None:
        org_id = self.org_combo.currentData()
        if org_id is None:
            return None
        return PartyInput(
            organization_id=int(org_id),
            role=PartyRole(self.role_combo.currentData()),
            signatory_contact_id=self.signatory_combo.currentData(),
            date_signed=self.signed.value(),
            sharing_tier=_optional(SharingTier, self.tier_combo.currentData()),
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
            _select_data(row.role_combo, PartyRole.LEAD_AGENCY)
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


class MouEditor(QDialog):
    """Create, edit, amend or read one MOU."""

    sig_saved = Signal(int)  # the id of the MOU (or new version) saved

    def __init__(
        self,
        context: AppContext,
        *,
        mode: EditorMode,
        mou_id: int | None = None,
        initial: MouInput | None = None,
        copy_clauses_from: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.mode = mode
        self.mou_id = mou_id
        self.copy_clauses_from = copy_clauses_from
        self.detail: MouDetail | None = None
        self.saved_id: int | None = None
        self.setMinimumSize(900, 600)
        with context.database.session() as session:
            self.choices = editor_choices(session)
            if mou_id is not None:
                self.detail = get_mou(session, mou_id, today=context.today())
        self.opened_at = utc_now()  # what others save after this is shown on a conflict
        if (
            self.detail is not None
            and mode is EditorMode.EDIT
            and (not self.detail.is_current or self.detail.archived)
        ):
            self.mode = mode = EditorMode.VIEW

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_details(), "&Details")
        self.parties = PartiesEditor(self.choices, self)
        self.tabs.addTab(self.parties, "&Parties")
        self.reviews = self._record_tab(
            REVIEW_COLUMNS, lambda s, i: review_history(s, i), ("review", "mou"), "reviews"
        )
        self.tabs.addTab(self._reviews_tab(), "&Reviews")
        self.versions = self._record_tab(
            VERSION_COLUMNS,
            lambda s, i: get_mou(s, i, today=context.today()).versions,
            ("mou",),
            "versions",
        )
        self.versions.sig_row_activated.connect(self._open_version)
        versions_tab = QWidget()
        versions_layout = QVBoxLayout(versions_tab)
        versions_layout.addWidget(
            QLabel("Every version of this agreement. Double-click one to read it as it was.")
        )
        versions_layout.addWidget(self.versions)
        self.tabs.addTab(versions_tab, "&Versions")
        self.history = self._record_tab(
            HISTORY_COLUMNS, lambda s, i: mou_history(s, i), ("mou", "review"), "changes"
        )
        self.tabs.addTab(self.history, "&History")
        for tab in (TAB_REVIEWS, TAB_VERSIONS, TAB_HISTORY):
            self.tabs.setTabEnabled(tab, mou_id is not None)

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; padding: 6px; border-radius: 4px;")
        self.banner.hide()
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._fill(initial)

    # -- building
    def _build_details(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.errors: dict[str, ErrorLabel] = {}

        def row(label: str, name: str, widget: QWidget) -> None:
            error = ErrorLabel(page)
            self.errors[name] = error
            form.addRow(label, with_error(widget, error))

        self.code_edit = QLineEdit(page)
        self.code_edit.setPlaceholderText("e.g. RIV-CR-02 (unique)")
        self.code_edit.setMaxLength(60)
        row("Reference &code", "reference_code", self.code_edit)
        self.title_edit = QLineEdit(page)
        self.title_edit.setMaxLength(300)
        row("&Title", "title", self.title_edit)
        self.model_combo = QComboBox(page)
        _fill_enum(self.model_combo, ResponseModel)
        row("Response &model", "response_model", self.model_combo)
        self.status_combo = QComboBox(page)
        row("&Status", "status", self.status_combo)
        self.effective_edit = OptionalDateEdit("In effect from", default=self.context.today())
        row("&Effective date", "effective_date", self.effective_edit)
        self.expiry_edit = OptionalDateEdit("Expires on", default=self.context.today())
        row("E&xpiry date", "expiry_date", self.expiry_edit)
        self.interval_spin = QSpinBox(page)
        self.interval_spin.setRange(0, 120)  # beyond 1..60 so the reason can be shown
        self.interval_spin.setSuffix(" months")
        self.interval_spin.setValue(12)
        row("Review &every", "review_interval_months", self.interval_spin)
        self.reminders_edit = QLineEdit(page)
        self.reminders_edit.setPlaceholderText("days before a due date, e.g. 90, 30, 7")
        row("Re&minders (days before)", "reminder_days", self.reminders_edit)
        self.owner_combo = QComboBox(page)
        self.owner_combo.addItem("No owner", None)
        for person in self.choices.contacts:
            if person.active:
                self.owner_combo.addItem(person.name, person.id)
        row("&Owner", "owner_contact_id", self.owner_combo)
        self.next_review_label = QLabel(page)
        self.next_review_label.setWordWrap(True)
        form.addRow("Next review", self.next_review_label)
        self.notes_edit = QPlainTextEdit(page)
        self.notes_edit.setTabChangesFocus(True)
        row("&Notes", "notes", self.notes_edit)
        return page

    def _record_tab(
        self, columns: list[Any], loader: Any, entity_types: tuple[str, ...], noun: str
    ) -> RecordList[Any]:
        mou_id = self.mou_id
        return RecordList(
            self.context,
            columns,
            lambda session: loader(session, mou_id) if mou_id is not None else [],
            entity_types=entity_types,
            noun=noun,
            parent=self,
        )

    def _reviews_tab(self) -> QWidget:
        page = QWidget()
        self.complete_button = QPushButton("&Complete review…", page)
        self.snooze_button = QPushButton("S&nooze review…", page)
        self.complete_button.clicked.connect(self._complete_review)
        self.snooze_button.clicked.connect(self._snooze_review)
        buttons = QHBoxLayout()
        buttons.addWidget(self.complete_button)
        buttons.addWidget(self.snooze_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.reviews, 1)
        return page

    # -- filling
    def _fill(self, initial: MouInput | None) -> None:
        detail = self.detail
        data = initial or (detail.as_input() if detail is not None else None)
        if data is None:
            data = MouInput(reference_code="", title="", response_model=ResponseModel.OTHER)
            self.parties.add_party()
            self.parties.add_party()
        else:
            self.parties.set_parties(data.parties)
        self.code_edit.setText(data.reference_code)
        self.title_edit.setText(data.title)
        _select_data(self.model_combo, data.response_model)
        self.effective_edit.set_value(data.effective_date)
        self.expiry_edit.set_value(data.expiry_date)
        self.interval_spin.setValue(data.review_interval_months)
        self.reminders_edit.setText(", ".join(str(d) for d in data.reminder_days))
        _select_data(self.owner_combo, data.owner_contact_id)
        if data.owner_contact_id is not None and self.owner_combo.currentData() is None:
            person = next((c for c in self.choices.contacts if c.id == data.owner_contact_id), None)
            if person is not None:
                self.owner_combo.addItem(person.name, person.id)
                _select_data(self.owner_combo, person.id)
        self.notes_edit.setPlainText(data.notes)
        status = data.status
        if self.mode is EditorMode.AMEND and status not in AMENDMENT_STATUSES:
            status = MouStatus.ACTIVE  # an amendment renews an agreement under review/expired
        self._fill_status(status)
        self._describe_next_review()
        self._apply_mode()
        self._loaded_form = self.form_input()

    def _fill_status(self, status: MouStatus) -> None:
        self.status_combo.clear()
        detail = self.detail
        if self.mode is EditorMode.NEW:
            offered: tuple[MouStatus, ...] = INITIAL_STATUSES
        elif self.mode is EditorMode.AMEND:
            offered = AMENDMENT_STATUSES
        elif detail is not None and self.mode is EditorMode.EDIT:
            offered = (detail.recorded_status, *detail.allowed_transitions)
        else:
            offered = (status,)
        if status not in offered:
            offered = (status, *offered)
        for member in offered:
            self.status_combo.addItem(member.label, member)
        _select_data(self.status_combo, status)
        shown = detail.status if detail is not None else status
        if detail is not None and shown != detail.recorded_status:
            self.errors["status"].setStyleSheet("color: #8a5a00;")
            self.errors["status"].show_error(
                f"Shown as expired: the expiry date {detail.expiry_date} has passed. "
                "Record it as expired, or amend it to renew the agreement."
            )

    def _describe_next_review(self) -> None:
        detail = self.detail
        if detail is None or detail.next_review_due is None or self.mode is EditorMode.AMEND:
            self.next_review_label.setText(
                "scheduled when the MOU is active: the effective date (or the last review) "
                "plus the review interval"
            )
        else:
            self.next_review_label.setText(detail.next_review_due.isoformat())

    def _apply_mode(self) -> None:
        detail = self.detail
        code = detail.reference_code if detail is not None else ""
        titles = {
            EditorMode.NEW: "New MOU",
            EditorMode.EDIT: f"MOU {code} v{detail.version_number if detail else 1}",
            EditorMode.AMEND: f"Amend {code}: version "
            f"{(detail.version_number + 1) if detail else 2}",
            EditorMode.VIEW: f"MOU {code} v{detail.version_number if detail else 1} (read only)",
        }
        self.setWindowTitle(titles[self.mode])
        read_only = self.mode is EditorMode.VIEW
        for widget in (
            self.code_edit, self.title_edit, self.model_combo, self.status_combo,
            self.effective_edit, self.expiry_edit, self.interval_spin, self.reminders_edit,
            self.owner_combo, self.notes_edit,
        ):  # fmt: skip
            widget.setEnabled(not read_only)
        self.notes_edit.setEnabled(True)
        self.notes_edit.setReadOnly(read_only)
        self.parties.set_read_only(read_only)
        self.code_edit.setEnabled(self.mode is EditorMode.NEW or (
            self.mode is EditorMode.EDIT and detail is not None and len(detail.versions) == 1
        ))  # fmt: skip
        self.save_button.setVisible(not read_only)
        self.close_button.setText("Close" if read_only else "Cancel")
        in_force_current = (
            detail is not None
            and detail.is_current
            and not detail.archived
            and detail.recorded_status in (MouStatus.ACTIVE, MouStatus.UNDER_REVIEW)
            and self.mode is EditorMode.EDIT
        )
        self.complete_button.setEnabled(in_force_current)
        self.snooze_button.setEnabled(in_force_current and detail.next_review_due is not None)  # type: ignore[union-attr]
        if detail is not None and not detail.is_current:
            current = detail.versions[-1]
            self._show_banner(
                f"This is version {detail.version_number}, kept as it was signed. "
                f"Version {current.version_number} is the current one."
            )
        elif detail is not None and detail.archived:
            self._show_banner("This MOU is archived. Restore it from the MOUs menu to edit it.")
        elif self.mode is EditorMode.AMEND:
            self._show_banner(
                f"Saving records version {(detail.version_number if detail else 1) + 1}; "
                "the current version stays readable, unchanged, on the Versions tab."
            )

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    # -- reading the form
    def form_input(self) -> tuple[MouInput, dict[str, str]]:
        """What the form says, plus problems the form itself can see (unreadable input)."""
        problems: dict[str, str] = {}
        reminder_text = self.reminders_edit.text().strip()
        parts = [p for p in reminder_text.replace(";", ",").replace(" ", ",").split(",") if p]
        if any(not p.isdigit() for p in parts):
            problems["reminder_days"] = (
                "give whole numbers of days separated by commas, e.g. 90, 30, 7"
            )
        parties, missing = self.parties.parties()
        for index in missing:
            problems[f"rows[{index}]"] = "pick an organization, or remove this row"
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
                format_reminder_days(int(p) for p in parts if p.isdigit())
            ),
            owner_contact_id=self.owner_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
        )
        return data, problems

    def _party_index_map(self) -> dict[int, int]:
        """Position in the saved list -> row in the form (rows without organization skipped)."""
        mapping: dict[int, int] = {}
        position = 0
        for row_index, row in enumerate(self.parties.rows):
            if row.party() is not None:
                mapping[position] = row_index
                position += 1
        return mapping

    def show_problems(self, problems: dict[str, str]) -> None:
        for label in self.errors.values():
            label.setStyleSheet("color: #b3261e;")
            label.clear_error()
        self.parties.error.clear_error()
        for row in self.parties.rows:
            row.error.clear_error()
        if not problems:
            return
        mapping = self._party_index_map()
        first_tab: int | None = None
        for name, message in problems.items():
            if name.startswith(("parties[", "rows[")):
                index = int(name[name.index("[") + 1 : name.index("]")])
                row_index = index if name.startswith("rows[") else mapping.get(index, -1)
                if 0 <= row_index < len(self.parties.rows):
                    self.parties.rows[row_index].error.show_error(message)
                else:
                    self.parties.error.show_error(message)
                tab = TAB_PARTIES
            elif name == "parties":
                self.parties.error.show_error(message)
                tab = TAB_PARTIES
            else:
                self.errors.get(name, self.errors["title"]).show_error(message)
                tab = TAB_DETAILS
            first_tab = tab if first_tab is None else min(first_tab, tab)
        if first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)

    # -- saving
    def save(self) -> None:
        data, problems = self.form_input()
        today = self.context.today()
        check_id = self.mou_id if self.mode in (EditorMode.EDIT, EditorMode.AMEND) else None
        with self.context.database.session() as session:
            found = validate_mou(session, data, today=today, mou_id=check_id)
        # Problems in unreadable input first: they explain the others.
        problems = {**problems, **{k: v for k, v in found.items() if k not in problems}}
        if self.mode is EditorMode.AMEND:
            problems.pop("reference_code", None)
        self.show_problems(problems)
        if problems:
            return
        self.save_button.setEnabled(False)
        database, mode, mou_id = self.context.database, self.mode, self.mou_id
        seen = self.detail.row_version if self.detail is not None else None
        copy_from = self.copy_clauses_from

        def work(_progress: Any) -> int:
            from partnerdesk.core.mou.commands import amend_mou, create_mou, update_mou

            with database.transaction() as session:
                if mode is EditorMode.NEW:
                    mou = create_mou(session, data, today=today, copy_clauses_from=copy_from)
                elif mode is EditorMode.AMEND:
                    assert mou_id is not None
                    mou = amend_mou(session, mou_id, data, seen, today=today)
                else:
                    assert mou_id is not None and seen is not None
                    mou = update_mou(session, mou_id, data, seen, today=today)
                assert mou.id is not None
                return mou.id

        run_task(work, self._saved, self._save_failed, parent=self)

    def _saved(self, mou_id: int) -> None:
        self.saved_id = mou_id
        self.context.sig_data_changed.emit("mou")
        self.sig_saved.emit(mou_id)
        self.accept()

    def _save_failed(self, exc: BaseException, _trace: str) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, StaleRecordError) and self.mou_id is not None:
            self._resolve_conflict(exc)
            return
        if isinstance(exc, ValidationError) and exc.field:
            self.show_problems({exc.field: exc.message})
            return
        QMessageBox.warning(self, "PartnerDesk", f"The MOU was not saved: {error_message(exc)}")

    def _resolve_conflict(self, exc: StaleRecordError) -> None:
        """Someone saved this MOU after it was opened: show what they changed; reload
        theirs, or save this form over it knowingly (against the version now stored)."""
        assert self.mou_id is not None
        choice = ask_about_conflict(self, self.context.database, "mou", self.mou_id, self.opened_at)
        if choice == "reload":
            self.refresh()
            self._loaded_form = self.form_input()
        elif choice == "overwrite" and self.detail is not None:
            with self.context.database.session() as session:
                current = get_mou(session, self.mou_id, today=self.context.today())
            self.detail = dataclasses.replace(self.detail, row_version=current.row_version)
            self.opened_at = utc_now()
            self.save()

    # -- reviews and versions
    def is_modified(self) -> bool:
        """Whether the form differs from what was loaded (or prefilled) into it."""
        if self.mode is EditorMode.VIEW:
            return False
        return self.form_input() != self._loaded_form

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: never lose typing without asking."""
        if self.saved_id is None and self.is_modified():
            answer = QMessageBox.question(
                self,
                "PartnerDesk",
                "Discard your changes to this MOU?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer not in (QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Yes):
                return
        super().reject()

    def _complete_review(self) -> None:
        self._review_action("complete")

    def _snooze_review(self) -> None:
        self._review_action("snooze")

    def _review_action(self, which: str) -> None:
        if self.mou_id is None:
            return
        if self.is_modified():
            QMessageBox.information(
                self, "PartnerDesk", "Save or cancel your changes to the MOU first."
            )
            return
        from partnerdesk.ui.dialogs.review_dialog import CompleteReviewDialog, SnoozeDialog

        dialog_class = CompleteReviewDialog if which == "complete" else SnoozeDialog
        dialog = dialog_class(self.context, self.mou_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def refresh(self) -> None:
        """Read the MOU again (after a review changed its status or its next due date)."""
        if self.mou_id is None:
            return
        with self.context.database.session() as session:
            self.detail = get_mou(session, self.mou_id, today=self.context.today())
        self.opened_at = utc_now()
        self._fill(None)

    def _open_version(self, row: VersionRow) -> None:
        if row.id == self.mou_id:
            self.tabs.setCurrentIndex(TAB_DETAILS)
            return
        viewer = MouEditor(self.context, mode=EditorMode.VIEW, mou_id=row.id, parent=self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        self.version_viewer = viewer
