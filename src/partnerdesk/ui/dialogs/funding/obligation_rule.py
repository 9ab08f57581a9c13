"""The editor of a grant obligation: what is due (kind, title, owner) and when (on a date,
after each period of the grant, or before or after its end), with the dates it schedules
shown while the rule is typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from sqlmodel import Session

from partnerdesk.core.funding import obligations
from partnerdesk.core.funding.obligation_rules import (
    MAX_OFFSET_DAYS,
    MAX_OFFSET_MONTHS,
    MAX_PERIOD_MONTHS,
    describe,
    expand,
    needs_grant_period,
)
from partnerdesk.core.funding.obligations import RuleInput
from partnerdesk.core.funding.sources import list_sources
from partnerdesk.core.funding.totals import fiscal_start_month
from partnerdesk.core.models import (
    ObligationKind,
    ObligationRule,
    ObligationSchedule,
    PeriodAlignment,
)
from partnerdesk.core.mou.register import editor_choices
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.combos import fill_enum, select_data
from partnerdesk.ui.widgets.dates import DateEdit
from partnerdesk.ui.widgets.form import FormDialog

PREVIEW_DATES = 6
SCHEDULE_TEXT = {
    ObligationSchedule.ONCE: "On a date",
    ObligationSchedule.EACH_PERIOD: "After each period of the grant",
    ObligationSchedule.GRANT_END: "Before or after the grant ends",
}
ALIGNMENT_TEXT = {
    PeriodAlignment.GRANT: "counted from the grant's start",
    PeriodAlignment.CALENDAR: "calendar quarters / years",
    PeriodAlignment.FISCAL: "fiscal quarters / years",
}


class RuleEditor(FormDialog):
    """A new obligation for a source (``source_id``), or one to edit (``rule_id``)."""

    record_type = ObligationRule

    def __init__(
        self,
        context: AppContext,
        rule_id: int | None = None,
        parent: QWidget | None = None,
        *,
        source_id: int | None = None,
    ) -> None:
        super().__init__(
            context, "New grant obligation" if rule_id is None else "Obligation", parent
        )
        self.record_id = rule_id
        self.setMinimumWidth(620)
        with context.database.session() as session:
            self.periods = {r.id: (r.grant_start, r.grant_end) for r in list_sources(session)}
            sources = [(r.id, r.name) for r in list_sources(session)]
            people = [c for c in editor_choices(session).contacts if c.active]
            self.fiscal_month = fiscal_start_month(session)
            detail = obligations.get_rule(session, rule_id) if rule_id is not None else None

        self.source_combo = QComboBox(self)
        for choice_id, name in sources:
            self.source_combo.addItem(name, choice_id)
        select_data(self.source_combo, source_id)
        self.add_row("&Funding source", "source", self.source_combo)
        self.kind_combo = QComboBox(self)
        fill_enum(self.kind_combo, ObligationKind)
        self.add_row("&Kind", "kind", self.kind_combo)
        self.title_edit = QLineEdit(self)
        self.add_row("&Title", "title", self.title_edit)
        self.schedule_combo = QComboBox(self)
        for schedule, text in SCHEDULE_TEXT.items():
            self.schedule_combo.addItem(text, schedule)
        select_data(self.schedule_combo, ObligationSchedule.EACH_PERIOD)
        self.add_row("&When", "schedule", self.schedule_combo)
        self.due_edit = DateEdit(context.today(), self)
        self.add_row("&Due on", "due_date", self.due_edit)
        self.period_spin = QSpinBox(self)
        self.period_spin.setRange(1, MAX_PERIOD_MONTHS)
        self.period_spin.setValue(3)
        self.period_spin.setSuffix(" months")
        self.alignment_combo = QComboBox(self)
        for alignment, text in ALIGNMENT_TEXT.items():
            self.alignment_combo.addItem(text, alignment)
        self.period_row = self._row(self.period_spin, self.alignment_combo)
        self.add_row("&Periods of", "period_months", self.period_row)
        self.months_spin = QSpinBox(self)
        self.months_spin.setRange(0, MAX_OFFSET_MONTHS)
        self.months_spin.setSuffix(" months")
        self.days_spin = QSpinBox(self)
        self.days_spin.setRange(0, MAX_OFFSET_DAYS)
        self.days_spin.setSuffix(" days")
        self.days_spin.setValue(30)
        self.direction_combo = QComboBox(self)
        self.direction_combo.addItem("after", 1)
        self.direction_combo.addItem("before", -1)
        self.offset_row = self._row(self.months_spin, self.days_spin, self.direction_combo)
        self.add_row("Due &offset", "offset", self.offset_row)
        self.owner_combo = QComboBox(self)
        self.owner_combo.addItem("No owner", None)
        for person in people:
            self.owner_combo.addItem(person.name, person.id)
        self.add_row("O&wner", "owner", self.owner_combo)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(70)
        self.notes_edit.setPlaceholderText("What the funder asks for, where it is submitted")
        self.add_row("&Notes", "notes", self.notes_edit)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.form.addRow("Schedules", self.preview)

        if detail is not None:
            self.seen_version = detail.row_version
            self._fill(detail.values)
            self.source_combo.setEnabled(False)  # an obligation stays with its source
            if detail.submitted_items:
                self.preview.setToolTip(
                    f"{detail.submitted_items} item(s) already submitted keep their dates"
                )
        if not sources:
            self.show_error("source", "Add a funding source first (Sources tab).")
        for signal in (
            self.source_combo.currentIndexChanged,
            self.schedule_combo.currentIndexChanged,
            self.alignment_combo.currentIndexChanged,
            self.direction_combo.currentIndexChanged,
            self.period_spin.valueChanged,
            self.months_spin.valueChanged,
            self.days_spin.valueChanged,
            self.due_edit.sig_day_changed,
        ):
            signal.connect(lambda *_args: self._update())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._suggest_title())
        self._suggest_title()
        self._update()

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        return box

    def _fill(self, values: RuleInput) -> None:
        select_data(self.source_combo, values.funding_source_id)
        select_data(self.kind_combo, values.kind)
        self.title_edit.setText(values.title)
        select_data(self.schedule_combo, values.schedule)
        if values.due_date is not None:
            self.due_edit.set_day(values.due_date)
        self.period_spin.setValue(values.period_months)
        select_data(self.alignment_combo, values.alignment)
        before = values.offset_months < 0 or values.offset_days < 0
        select_data(self.direction_combo, -1 if before else 1)
        self.months_spin.setValue(abs(values.offset_months))
        self.days_spin.setValue(abs(values.offset_days))
        select_data(self.owner_combo, values.owner_contact_id)
        self.notes_edit.setPlainText(values.notes)

    def _suggest_title(self) -> None:
        kind = ObligationKind(self.kind_combo.currentData())
        self.title_edit.setPlaceholderText(kind.label)

    def values(self) -> RuleInput:
        source_id = self.source_combo.currentData()
        if source_id is None:
            raise ValidationError("choose a funding source", field="source")
        sign = int(self.direction_combo.currentData())
        return RuleInput(
            funding_source_id=int(source_id),
            kind=ObligationKind(self.kind_combo.currentData()),
            title=self.title_edit.text(),
            schedule=ObligationSchedule(self.schedule_combo.currentData()),
            due_date=self.due_edit.day(),
            period_months=self.period_spin.value(),
            alignment=PeriodAlignment(self.alignment_combo.currentData()),
            offset_months=sign * self.months_spin.value(),
            offset_days=sign * self.days_spin.value(),
            owner_contact_id=self.owner_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
        )

    def _update(self) -> None:
        """Show only the fields the schedule uses, and the dates it gives."""
        schedule = ObligationSchedule(self.schedule_combo.currentData())
        self._show_row(self.due_edit, schedule is ObligationSchedule.ONCE)
        self._show_row(self.period_row, schedule is ObligationSchedule.EACH_PERIOD)
        self._show_row(self.offset_row, schedule is not ObligationSchedule.ONCE)
        self.preview.setText(self.preview_text())

    def _show_row(self, field: QWidget, visible: bool) -> None:
        # add_row placed the field in a box with its error label: that box is the row.
        row = field.parentWidget()
        assert row is not None
        self.form.setRowVisible(row, visible)

    def preview_text(self) -> str:
        data = self.values()
        spec = data.spec()
        start, end = self.periods.get(data.funding_source_id, (None, None))
        if needs_grant_period(spec) and (start is None or end is None):
            return (
                "Nothing yet: this source has no grant period. Set its start and end "
                "(Sources tab), or choose “On a date”."
            )
        try:
            items = expand(spec, start, end, self.fiscal_month)
        except ValidationError as exc:
            return exc.message
        if not items:
            return "Nothing inside the grant period."
        dates = [_day(item.due_date) for item in items]
        shown = ", ".join(dates[:PREVIEW_DATES]) + (
            f", … {dates[-1]}" if len(dates) > PREVIEW_DATES else ""
        )
        count = f"{len(items)} item{'s' if len(items) != 1 else ''}"
        return f"{count} ({describe(spec)}): {shown}"

    def work(self) -> Callable[[Session], Any]:
        data = self.values()
        rule_id, version = self.record_id, self.seen_version
        if rule_id is None:
            return lambda session: obligations.create_rule(session, data)

        assert version is not None

        def update(session: Session) -> int:
            obligations.update_rule(session, rule_id, data, version)
            return rule_id

        return update


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
