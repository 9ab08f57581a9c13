"""The program's name and the month its fiscal year starts (getting started, step 1)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget
from sqlmodel import Session

from partnerdesk.core.platform.settings import load_settings
from partnerdesk.core.program.setup import save_program_settings
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.form import FormDialog


class ProgramSettingsDialog(FormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "The program", parent)
        with context.database.session() as session:
            current = load_settings(session)
        self.name_edit = QLineEdit(current.program_name, self)
        self.name_edit.setPlaceholderText("e.g. Riverton Crisis Response Partnership")
        self.name_edit.setMinimumWidth(360)
        self.add_row("Program &name", "program_name", self.name_edit)
        self.month_combo = QComboBox(self)
        for month in range(1, 13):
            self.month_combo.addItem(calendar.month_name[month], month)
        self.month_combo.setCurrentIndex(current.fiscal_year_start_month - 1)
        self.add_row("Fiscal year &starts in", "fiscal_year_start_month", self.month_combo)
        note = QLabel(
            "A fiscal year is named by the year it ends in: with July, FY2027 runs from "
            "1 July 2026 to 30 June 2027.",
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("cardCaption")
        self.form.addRow(note)

    def work(self) -> Callable[[Session], Any]:
        name, month = self.name_edit.text(), int(self.month_combo.currentData())
        return lambda session: save_program_settings(session, name, month)
